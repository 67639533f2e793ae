import CRMIntents
import CRMSupport
import Testing

/// Shared fixtures: the real grammar from the repository and a fixed clock.
enum Fixture {
    /// `…/Tests/CRMIntentsTests/TestSupport.swift` → repository root.
    static let repositoryRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static let intentsDirectory = repositoryRoot + "/Intents"

    /// Sunday 2026-11-22, 09:30 — the clock of every parse test.
    static let now = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 22)!, minuteOfDay: 9 * 60 + 30)

    static let engine: IntentEngine = {
        do {
            return try IntentEngine.load(directory: intentsDirectory)
        } catch {
            fatalError("grammar does not load: \(error)")
        }
    }()

    static func json(_ text: String) -> String {
        engine.parse(text, now: now).json.serialized
    }

}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a file exists (tests avoid Foundation).
func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

/// Reads a UTF-8 text file.
func readText(_ path: String) throws -> String {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }
    guard let f = fopen(path, "rb") else { throw ReadError(description: "cannot open \(path)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
        if n < buffer.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}
