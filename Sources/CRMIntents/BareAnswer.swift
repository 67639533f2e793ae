/// A message that only answers the bot's question (``IntentEngine/bareAnswer(_:)``).
public enum BareAnswer: String, Sendable {
    /// Go ahead: "yes", "ok", "好的".
    case yes
    /// Do not: "no", "不用".
    case no
    /// Drop the question: "never mind", "算了".
    case cancel
}
