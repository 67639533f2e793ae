import CRMSupport

/// Reads numbers written with digits, English words or Chinese numerals.
///
/// `3`, `12,000`, `1.5`, `three`, `twenty five`, `a hundred`, `two hundred thousand`,
/// `十二`, `二十三`, `一百零五`, `一百二十万`, `三亿五千万`, `两千五` (= 2500, the
/// colloquial trailing digit), `8千`, `1.5万`. Words come from the lexicon tables
/// `number_words` (digits and English tens), `number_units` (十 百 千 hundred:
/// multiply the digit before) and `number_scales` (万 亿 thousand million:
/// multiply everything before when larger than any scale seen, else the group
/// since the last scale).
struct NumberResolver: Sendable {
    let lexicon: Lexicon

    /// The value when all of `tokens` form one number.
    func parse(_ tokens: ArraySlice<String>) -> Double? {
        guard !tokens.isEmpty else { return nil }
        if tokens.count == 1, let v = Self.digits(tokens[tokens.startIndex]) { return v }
        let words = lexicon["number_words"]
        let units = lexicon["number_units"]
        let scales = lexicon["number_scales"]
        let toks = Array(tokens)
        var total = 0.0
        var section = 0.0
        var number: Double? = nil
        var largestScale = 0.0
        var lastUnit = 0.0  // the unit or scale right before the current digit, for 两千五
        var lastWasUnit = false
        var lastDigitWasZero = false
        var i = 0
        var sawAny = false
        while i < toks.count {
            // twenty-five
            if toks[i] == "-", i > 0, i + 1 < toks.count, number != nil {
                i += 1
                continue
            }
            if let d = Self.digits(toks[i]) {
                guard number == nil || lastDigitWasZero else { return nil }
                number = d
                lastDigitWasZero = d == 0
                lastUnit = lastWasUnit ? lastUnit : 0
                lastWasUnit = false
                i += 1
                sawAny = true
                continue
            }
            if let (key, len) = words.match(toks, at: i), let v = Double(key) {
                if let n = number, !lastDigitWasZero {
                    // English tens + ones: twenty five.
                    guard n >= 20, n < 100, n.truncatingRemainder(dividingBy: 10) == 0, v < 10 else { return nil }
                    number = n + v
                } else {
                    number = v
                    lastUnit = lastWasUnit ? lastUnit : 0
                }
                lastDigitWasZero = v == 0
                lastWasUnit = false
                i += len
                sawAny = true
                continue
            }
            if let (key, len) = units.match(toks, at: i), let u = Double(key) {
                section += (number ?? 1) * u
                number = nil
                lastUnit = u
                lastWasUnit = true
                lastDigitWasZero = false
                i += len
                sawAny = true
                continue
            }
            if let (key, len) = scales.match(toks, at: i), let s = Double(key) {
                let group = section + (number ?? (section == 0 ? 1 : 0))
                if s > largestScale {
                    total = (total + group) * s
                    largestScale = s
                } else {
                    total += group * s
                }
                section = 0
                number = nil
                lastUnit = s
                lastWasUnit = true
                lastDigitWasZero = false
                i += len
                sawAny = true
                continue
            }
            return nil
        }
        guard sawAny else { return nil }
        if var n = number {
            // 两千五 = 2500, 一万二 = 12000: a bare han digit right after a unit of 100 or more.
            if lastUnit >= 100, !lastWasUnit, let last = toks.last?.unicodeScalars.first, last.isHan, n < 10 {
                n *= lastUnit / 10
            }
            section += n
        }
        return total + section
    }

    func parse(_ tokens: [String]) -> Double? { parse(tokens[...]) }

    /// `3`, `12,000`, `1.5`, `-2` as a number; nil for anything else.
    static func digits(_ s: String) -> Double? {
        var sawDigit = false
        var sawDot = false
        var out = ""
        for (k, c) in s.unicodeScalars.enumerated() {
            switch c {
            case "0"..."9":
                sawDigit = true
                out.unicodeScalars.append(c)
            case ",":
                guard sawDigit else { return nil }
            case ".":
                guard sawDigit, !sawDot else { return nil }
                sawDot = true
                out.unicodeScalars.append(c)
            case "-":
                guard k == 0 else { return nil }
                out.unicodeScalars.append(c)
            default:
                return nil
            }
        }
        guard sawDigit, out.last != "." else { return nil }
        return Double(out)
    }
}
