/// A rep's name compared as the store compares it: surrounding white space
/// ignored, ASCII letters case-insensitive (SQLite's NOCASE), nothing else folded.
struct RepKey: Hashable, Sendable {
    let folded: String

    init(_ name: some StringProtocol) {
        let trimmed = name.trimmingWhitespace
        folded = String(
            String.UnicodeScalarView(
                trimmed.unicodeScalars.map { s in
                    (65...90).contains(s.value) ? Unicode.Scalar(s.value + 32) ?? s : s
                }))
    }
}
