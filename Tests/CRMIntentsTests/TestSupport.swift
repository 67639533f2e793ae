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
