/// Text made safe to show where a reader must see exactly what is stored — the
/// audit log above all: nothing in it can start a new line, hide, reorder or
/// fake other text.
public enum VisibleText {
    /// Whether `scalar` is a character a reader cannot see as itself: a control
    /// (Unicode category Cc: NUL, tab, line feed, escape, …), a format character
    /// (Cf: zero-width spaces and joiners, bidirectional overrides, the byte-order
    /// mark, …), a line or paragraph separator (Zl, Zp), a surrogate (Cs) or a code
    /// point with no character assigned (Cn).
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: return true
        default: return false
        }
    }

    /// `text` with every invisible character, every space other than U+0020, and the
    /// backslash written out Swift-style, so the result is one line of visible
    /// characters that reads back unambiguously: a line feed becomes `\n`, a tab
    /// `\t`, a carriage return `\r`, NUL `\0`, a backslash `\\`, anything else
    /// `\u{200B}` (hexadecimal code point).
    ///
    /// Usage:
    /// ```swift
    /// VisibleText.escaped("Bob\n2026-11-22T09:05  login")  // "Bob\\n2026-11-22T09:05  login"
    /// ```
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case " ": out.unicodeScalars.append(scalar)
            default:
                if isInvisible(scalar) || scalar.properties.generalCategory == .spaceSeparator {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
