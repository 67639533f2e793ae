/// The rule for a rep's name, checked wherever one enters crmbot: the `user` of a
/// request (stdio and sockets, JSON and text), `--as`, token files, `add rep`,
/// handovers and owner changes, and the store itself.
///
/// A rep name is 1 to ``maximumLength`` characters of visible text: no control or
/// format characters (Unicode categories Cc, Cf, also Zl, Zp and unassigned code
/// points — see ``VisibleText/isInvisible(_:)``) and no white space at either end.
/// Names appear in replies, logs and the audit log, so one that could break a line
/// or hide characters could forge entries or pass for another rep.
public enum RepName {
    /// The longest rep name, in characters.
    public static let maximumLength = 64

    /// Throws ``InvalidRepName`` when `name` breaks the rule.
    public static func validate(_ name: String, maximumLength: Int = maximumLength) throws(InvalidRepName) {
        if name.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            throw InvalidRepName(name: name, reason: .empty, maximumLength: maximumLength)
        }
        if let bad = name.unicodeScalars.first(where: VisibleText.isInvisible) {
            throw InvalidRepName(name: name, reason: .invisible(bad), maximumLength: maximumLength)
        }
        if let first = name.unicodeScalars.first, let last = name.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            throw InvalidRepName(name: name, reason: .spaceAtEnd, maximumLength: maximumLength)
        }
        if name.count > maximumLength {
            throw InvalidRepName(name: name, reason: .tooLong, maximumLength: maximumLength)
        }
    }

    /// Whether `name` follows the rule.
    public static func isValid(_ name: String, maximumLength: Int = maximumLength) -> Bool {
        (try? validate(name, maximumLength: maximumLength)) != nil
    }
}

/// A rep name that breaks ``RepName``'s rule: the name as given and why.
public struct InvalidRepName: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the name was refused.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// Empty, or nothing but white space.
        case empty
        /// Longer than the maximum length.
        case tooLong
        /// White space at the start or the end.
        case spaceAtEnd
        /// Holds a character that cannot be seen (a line break, a tab, NUL, a
        /// zero-width or bidirectional control, …).
        case invisible(Unicode.Scalar)

        /// "invisible character U+200B", for logs (never the raw character).
        public var description: String {
            switch self {
            case .empty: return "empty"
            case .tooLong: return "too long"
            case .spaceAtEnd: return "space at an end"
            case .invisible(let scalar): return "invisible character " + InvalidRepName.codePoint(scalar)
            }
        }
    }

    /// The name exactly as given.
    public let name: String
    public let reason: Reason
    /// The longest name allowed where it was refused.
    public let maximumLength: Int

    public init(name: String, reason: Reason, maximumLength: Int = RepName.maximumLength) {
        self.name = name
        self.reason = reason
        self.maximumLength = maximumLength
    }

    /// The name for a message: escaped visibly and cut to 80 characters.
    public var shownName: String {
        let shown = VisibleText.escaped(name)
        return shown.count > 80 ? String(shown.prefix(80)) + "…" : shown
    }

    /// "U+000A".
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// "U+000A (a control character)".
    private static func describe(_ scalar: Unicode.Scalar, zh: Bool) -> String {
        let code = codePoint(scalar)
        switch scalar.properties.generalCategory {
        case .control: return zh ? "\(code)（控制字符）" : "\(code) (a control character)"
        case .format: return zh ? "\(code)（不可见的格式字符）" : "\(code) (an invisible formatting character)"
        case .lineSeparator, .paragraphSeparator: return zh ? "\(code)（换行符）" : "\(code) (a line separator)"
        default: return zh ? "\(code)（未分配的字符）" : "\(code) (not a character)"
        }
    }

    /// The English explanation, for a reply or a command-line error.
    public var description: String { message(chinese: false) }

    /// The explanation in English or Chinese.
    public func message(chinese zh: Bool) -> String {
        let rule = zh
            ? "销售名字须为1到\(maximumLength)个可见字符，不含控制字符或不可见字符，首尾不能有空格。"
            : "A rep name is 1 to \(maximumLength) visible characters, with no control or invisible "
                + "characters and no space at either end."
        let why: String
        switch reason {
        case .empty: why = zh ? "名字是空的。" : "The rep name is empty."
        case .tooLong:
            why = zh ? "名字“\(shownName)”太长。" : "The rep name \"\(shownName)\" is too long."
        case .spaceAtEnd:
            why = zh ? "名字“\(shownName)”首尾有空格。" : "The rep name \"\(shownName)\" starts or ends with a space."
        case .invisible(let scalar):
            why = zh
                ? "名字“\(shownName)”含有\(Self.describe(scalar, zh: true))。"
                : "The rep name \"\(shownName)\" contains \(Self.describe(scalar, zh: false))."
        }
        return why + " " + rule
    }
}
