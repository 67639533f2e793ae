/// The language a rep wrote in; replies come in the same language.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case en
    case zh

    /// Detects the language of a message: Chinese when it has at least as many Chinese
    /// characters as latin words in lower case — capitalized words are mostly names, which
    /// say nothing of the language ("把Wang Tong调到City Clinic", "拜访了Acme Corp的Linda") —
    /// or only Chinese punctuation; English otherwise, also around a Chinese name ("called
    /// 王总 about the quote", "set sales plan for 市诊所 to 300k": the rep wrote English).
    ///
    /// - Complexity: O(n) over the unicode scalars, no allocation.
    public static func detect(_ text: String) -> Language {
        var han = 0
        var words = 0
        var cjk = false
        var inWord = false
        for scalar in text.unicodeScalars {
            let lower = ("a"..."z").contains(scalar)
            let letter = lower || ("A"..."Z").contains(scalar)
            if lower, !inWord { words += 1 }
            inWord = letter || (inWord && (scalar == "'" || scalar == "-"))
            if scalar.isHan { han += 1 } else if scalar.isCJK { cjk = true }
        }
        if han == 0 { return cjk && words == 0 ? .zh : .en }
        return han >= words ? .zh : .en
    }
}

extension Unicode.Scalar {
    /// True for CJK ideographs and CJK punctuation (the ranges reps type in Chinese).
    @inlinable
    public var isCJK: Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF,
            0x3000...0x303F, 0xFF00...0xFFEF:
            return true
        default:
            return false
        }
    }

    /// True for CJK ideographs only (not punctuation).
    @inlinable
    public var isHan: Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF:
            return true
        default:
            return false
        }
    }
}
