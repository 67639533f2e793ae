import CRMSupport

/// Splits text into ``Token``s, folding as it goes.
///
/// Rules: white space separates; a han character is a token; letters and
/// digits run together; `.`, `,`, `:`, `/`, `-` between two digits stay inside
/// the number (`12,000`, `1.2m`, `15:00`, `5/3`, `2026-05-03`); `'s` after a
/// word is its own token (`Tong's` → `tong`, `'s`); an apostrophe inside a
/// word stays (`don't`); anything else is a one-character punctuation token.
/// Control characters are dropped.
///
/// - Complexity: O(n) in the unicode scalars of the input.
enum Tokenizer {
    static func tokenize(_ s: String) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(16)
        let scalars = s.unicodeScalars
        var current = String.UnicodeScalarView()
        var currentStart = scalars.startIndex
        var currentEnd = scalars.startIndex
        var currentCap = false
        var currentAllDigits = true
        var lastWasDigit = false

        func flush() {
            guard !current.isEmpty else { return }
            tokens.append(
                Token(
                    text: String(current), kind: currentAllDigits ? .number : .word,
                    start: currentStart, end: currentEnd, capitalized: currentCap))
            current = String.UnicodeScalarView()
            currentAllDigits = true
            lastWasDigit = false
        }

        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = fold(scalars[i])
            let next = scalars.index(after: i)
            guard let c else {
                i = next
                continue
            }
            if c == " " || (c.value >= 0x80 && c.properties.isWhitespace) {
                flush()
                i = next
                continue
            }
            if c.isHan {
                flush()
                tokens.append(Token(text: String(Character(c)), kind: .han, start: i, end: next, capitalized: false))
                i = next
                continue
            }
            if isWordScalar(c) {
                if current.isEmpty {
                    currentStart = i
                    currentCap = isUpper(scalars[i])
                }
                current.append(lower(c))
                currentEnd = next
                let digit = c.value >= 0x30 && c.value <= 0x39
                if !digit { currentAllDigits = false }
                lastWasDigit = digit
                i = next
                continue
            }
            if c == "'" && current.isEmpty, next < scalars.endIndex, let n = fold(scalars[next]), lower(n) == "s" {
                let afterNext = scalars.index(after: next)
                if afterNext == scalars.endIndex || fold(scalars[afterNext]).map({ !isWordScalar($0) }) ?? true {
                    tokens.append(Token(text: "'s", kind: .word, start: i, end: afterNext, capitalized: false))
                    i = afterNext
                    continue
                }
            }
            if c == "'" && !current.isEmpty && !lastWasDigit, next < scalars.endIndex,
                let n = fold(scalars[next]), isWordScalar(n)
            {
                let afterNext = scalars.index(after: next)
                let endsWord = afterNext == scalars.endIndex || fold(scalars[afterNext]).map { !isWordScalar($0) } ?? true
                if lower(n) == "s" && endsWord {
                    flush()
                    tokens.append(Token(text: "'s", kind: .word, start: i, end: afterNext, capitalized: false))
                    i = afterNext
                    continue
                }
                current.append("'")
                currentEnd = next
                lastWasDigit = false
                i = next
                continue
            }
            if lastWasDigit && (c == "." || c == "," || c == ":" || c == "/" || c == "-"), next < scalars.endIndex,
                let n = fold(scalars[next]), n.value >= 0x30 && n.value <= 0x39,
                c != "," || Self.groupsThousands(scalars, comma: i)
            {
                current.append(c)
                currentEnd = next
                currentAllDigits = false
                lastWasDigit = false
                i = next
                continue
            }
            flush()
            tokens.append(Token(text: String(Character(c)), kind: .punct, start: i, end: next, capitalized: false))
            i = next
        }
        flush()
        markSpaces(&tokens, s)
        return tokens
    }

    /// "1,200", "12，000" and "3,40,000" are one number; "2万4，30台", "2万4，300台" and "3、5"
    /// are two: a comma (typed or full-width, never 、) groups digits only before three or
    /// more digits (or two and another group), and never after a number that continues 万,
    /// 千 or 亿.
    private static func groupsThousands(_ scalars: String.UnicodeScalarView, comma: String.UnicodeScalarView.Index) -> Bool {
        guard scalars[comma] == "," || scalars[comma] == "\u{FF0C}" else { return false }
        var b = comma
        while b > scalars.startIndex, let d = fold(scalars[scalars.index(before: b)]), d.value >= 0x30 && d.value <= 0x39 {
            b = scalars.index(before: b)
        }
        if b > scalars.startIndex, "万千亿百".unicodeScalars.contains(scalars[scalars.index(before: b)]) { return false }
        return groupFollows(scalars, comma: comma)
    }

    /// The digits after `comma` are a group: three or more, or two and then another group
    /// ("3,40,000", "1,00,00,000": lakh and crore as written in India).
    private static func groupFollows(_ scalars: String.UnicodeScalarView, comma: String.UnicodeScalarView.Index) -> Bool {
        var k = scalars.index(after: comma)
        var digits = 0
        while k < scalars.endIndex, let d = fold(scalars[k]), d.value >= 0x30 && d.value <= 0x39 {
            digits += 1
            k = scalars.index(after: k)
        }
        if digits >= 3 { return true }
        guard digits == 2, k < scalars.endIndex, scalars[k] == "," || scalars[k] == "\u{FF0C}" else { return false }
        return groupFollows(scalars, comma: k)
    }

    /// Marks tokens preceded by white space.
    private static func markSpaces(_ tokens: inout [Token], _ s: String) {
        for index in tokens.indices {
            let start = tokens[index].start
            if start > s.unicodeScalars.startIndex {
                let before = s.unicodeScalars[s.unicodeScalars.index(before: start)]
                tokens[index].spaceBefore =
                    before == " " || before == "\t" || before == "\n" || before == "\r" || before == "\u{3000}"
                    || (before.value >= 0x80 && before.properties.isWhitespace)
            }
        }
    }

    /// The folded form of one scalar, or nil for a control character.
    @inline(__always)
    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        let v = s.value
        if v < 0x20 || (0x7F...0x9F).contains(v) {
            return (v == 0x09 || v == 0x0A || v == 0x0D) ? " " : nil
        }
        if (0xFF01...0xFF5E).contains(v) { return Unicode.Scalar(v - 0xFEE0) }
        switch v {
        case 0x3000: return " "
        case 0x3002, 0xFF61: return "."  // 。
        case 0x3001: return ","  // 、
        case 0x2018, 0x2019: return "'"
        case 0x201C, 0x201D: return "\""
        case 0xFFE5: return "¥"  // full-width yen
        case 0x2014, 0x2013: return "-"
        default: return s
        }
    }

    @inline(__always)
    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        return !c.isCJK && (c.properties.isAlphabetic || c.properties.numericType != nil)
    }

    @inline(__always)
    static func isUpper(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0xFF21 && c.value <= 0xFF3A)
            || (c.value >= 0x80 && c.properties.isUppercase)
    }

    @inline(__always)
    static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.value >= 0x41 && c.value <= 0x5A, let l = Unicode.Scalar(c.value + 32) { return l }
        return c
    }

    /// Folded token texts only, for grammar literals and resolver tests.
    static func words(_ s: String) -> [String] {
        tokenize(s).map(\.text)
    }
}
