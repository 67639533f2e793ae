/// How text is cut into full-text search terms, the same way for what is stored and what
/// a rep searches for, so that any word prefix and any run of Chinese characters is found.
///
/// - Words (letters and digits, in any script written with spaces) are terms; a search
///   word matches as a prefix (`dent` finds "Dental").
/// - Chinese (and Japanese kana) has no spaces: a run of such characters is stored as its
///   overlapping character pairs in order (阳光牙科 → 阳光 光牙 牙科), and a search for
///   several characters is the phrase of its pairs, so 牙科 or 光牙科 is found inside
///   阳光牙科诊所. Single characters are stored apart, for a one-character search.
///
/// The terms are written separated by spaces, for SQLite FTS5's `unicode61` tokenizer,
/// which folds case and diacritics on both sides.
public enum SearchTerms {
    /// The indexed form of `text`: the terms in order, and the single Chinese characters.
    public static func index(_ text: String) -> (terms: String, chars: String) {
        var terms: [String] = []
        var chars: [String] = []
        for run in runs(text) {
            switch run {
            case .word(let w): terms.append(w)
            case .han(let h):
                chars.append(contentsOf: h.map { String($0) })
                terms.append(contentsOf: pairs(h))
            }
        }
        return (terms.joined(separator: " "), chars.joined(separator: " "))
    }

    /// An FTS5 query (all terms required) matching `text` in the columns named
    /// `terms` and `chars`, or nil when `text` has nothing to search for.
    public static func query(_ text: String, terms: String, chars: String) -> String? {
        var parts: [String] = []
        for run in runs(text) {
            switch run {
            case .word(let w):
                parts.append("{\(terms)} : \"\(w)\" *")
            case .han(let h) where h.count == 1:
                parts.append("{\(chars)} : \"\(String(h))\"")
            case .han(let h):
                parts.append("{\(terms)} : \"\(pairs(h).joined(separator: " "))\"")
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " AND ")
    }

    /// A stretch of text of one kind.
    enum Run: Equatable {
        case word(String)
        case han([Character])
    }

    /// Words and runs of Chinese characters, in order; everything else separates them.
    static func runs(_ text: String) -> [Run] {
        var out: [Run] = []
        var word = ""
        var han: [Character] = []
        func flush() {
            if !word.isEmpty { out.append(.word(word)) }
            if !han.isEmpty { out.append(.han(han)) }
            word = ""
            han = []
        }
        for ch in text {
            if isHan(ch) {
                if !word.isEmpty { flush() }
                han.append(ch)
            } else if isWordCharacter(ch) {
                if !han.isEmpty { flush() }
                word.append(ch)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    static func pairs(_ h: [Character]) -> [String] {
        guard h.count > 1 else { return [] }
        return (0..<(h.count - 1)).map { String(h[$0]) + String(h[$0 + 1]) }
    }

    /// Chinese characters (the CJK blocks) and Japanese kana: written without spaces.
    static func isHan(_ ch: Character) -> Bool {
        guard let v = ch.unicodeScalars.first?.value else { return false }
        switch v {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    /// Letters, digits and their combining marks (as `unicode61` keeps them in a token).
    static func isWordCharacter(_ ch: Character) -> Bool {
        // ASCII, most of what is indexed, without looking up Unicode properties.
        if let ascii = ch.asciiValue {
            return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x61 && ascii <= 0x7A)
        }
        return ch.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
        } && !ch.isWhitespace
    }
}
