import CRMSupport

/// One token of a message or of a grammar literal.
///
/// English words, numbers and latin runs are one token each; every han
/// character is its own token (Chinese is matched character by character);
/// every other non-space character is a punctuation token. `text` is folded
/// the way ``TextMatching/fold(_:)`` folds (ASCII lowercase, full-width to
/// half-width); `start`/`end` point into the original string so captured names
/// and notes keep their case and spelling.
struct Token: Sendable {
    enum Kind: UInt8, Sendable {
        case word
        case number
        case han
        case punct
    }

    var text: String
    var kind: Kind
    var start: String.Index
    var end: String.Index
    /// The first letter was upper case in the original text.
    var capitalized: Bool
    /// White space came right before this token (Chinese names stop at spaces).
    var spaceBefore: Bool = false
    /// The interned literal this token matches, or -1.
    var id: Int32 = -1
    /// The id came from a one-edit typo correction.
    var fuzzy: Bool = false
}
