/// Why a grammar file was refused: the file, the line (1-based; 0 when the
/// problem is not tied to one line) and what is wrong.
///
/// Described as `Intents/en.grammar:42: unknown slot type 'dat' in phrasing`.
public struct GrammarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path of the grammar file as it was given to the loader.
    public var path: String
    /// The 1-based line number, or 0 for whole-file problems (unreadable file, …).
    public var line: Int
    /// What is wrong, in one sentence without the location.
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}
