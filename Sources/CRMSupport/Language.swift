/// The language a rep wrote in; replies come in the same language.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case en
    case zh

    /// Detects the language of a message: any CJK ideograph makes it Chinese,
    /// everything else is English.
    ///
    /// - Complexity: O(n) over the unicode scalars, no allocation.
    public static func detect(_ text: String) -> Language {
        for scalar in text.unicodeScalars where scalar.isCJK {
            return .zh
        }
        return .en
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
