import CRMDomain
import CRMSupport

/// A clarifying question the bot asks instead of acting.
struct Question: Sendable {
    /// What kind of answer is expected.
    enum Kind: Sendable, Equatable {
        /// A value for the slot, read with `IntentParser.parseSlotAnswer`.
        case value
        /// One of `choices`, by number or by name.
        case choice
        /// Yes or no; yes confirms `slot` (e.g. creating a missing customer).
        case confirm
    }

    /// One numbered option of a `.choice` question.
    struct Choice: Sendable, Equatable {
        var label: String
        var ref: PartyRef
    }

    var slot: String
    var text: String
    var kind: Kind = .value
    var choices: [Choice] = []
    /// Other slots a `.value` answer may fill when it is not a value of `slot`
    /// ("decider" answering "role, needs or style?").
    var alternates: [String] = []

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("slot", .string(slot))]
        switch kind {
        case .value: break
        case .choice:
            pairs.append(("choices", .array(choices.map { .string($0.label) })))
        case .confirm:
            pairs.append(("choices", ["yes", "no"]))
        }
        return .object(unique: pairs)
    }
}

/// Why an action stopped before finishing: it needs an answer, or it must refuse.
enum Interrupt: Error {
    case ask(Question)
    case fail(BotError)
}

/// What a finished action says, and the structured data that goes with it.
struct Done: Sendable {
    var text: String
    var data: [(String, JSONValue)] = []
}
