import CRMSupport

/// Intents of the public contract that a follow-up will build. The one place
/// that knows which they are: each answers `not_available` with what it will do.
enum LaterIntents {
    /// Empty now: every intent of the catalog is implemented (handover was the last).
    static let table: [String: (en: String, zh: String)] = [:]

    /// The honest "not yet" line for a later intent, or nil when the intent is available now.
    static func message(for intent: String, _ lang: Language) -> String? {
        guard let entry = table[intent] else { return nil }
        return lang == .zh
            ? "这个功能还在开发中，之后会\(entry.zh)。"
            : "That isn't available yet — it will \(entry.en)."
    }
}
