import CRMSupport

/// The type of a slot as the grammar declares it (`who:name*`, `needs:need+`).
enum SlotType: Hashable, Sendable, CustomStringConvertible {
    /// A span of the message naming a customer, contact or rep, kept as written.
    case name
    /// Free text, kept verbatim (trimmed).
    case text
    /// A date, optionally with a time, resolved against the clock.
    case date
    /// Money in base currency units.
    case amount
    /// A plain number (quantity, days, reference).
    case number
    /// One token of a vocabulary (an enumeration).
    case vocab(String)
    /// A list of tokens of a vocabulary (`needs:need+`).
    case vocabList(String)

    static let builtinNames: Set<String> = ["name", "text", "date", "amount", "number"]

    /// Parses a type name; `list` marks the `+` suffix. Nil for an unknown builtin
    /// when `vocabularies` does not contain it either.
    init?(name: String, list: Bool, vocabularies: Set<String>) {
        if list {
            guard vocabularies.contains(name) else { return nil }
            self = .vocabList(name)
            return
        }
        switch name {
        case "name": self = .name
        case "text": self = .text
        case "date": self = .date
        case "amount": self = .amount
        case "number": self = .number
        default:
            guard vocabularies.contains(name) else { return nil }
            self = .vocab(name)
        }
    }

    var description: String {
        switch self {
        case .name: return "name"
        case .text: return "text"
        case .date: return "date"
        case .amount: return "amount"
        case .number: return "number"
        case .vocab(let v): return v
        case .vocabList(let v): return v + "+"
        }
    }

    var vocabularyName: String? {
        switch self {
        case .vocab(let v), .vocabList(let v): return v
        default: return nil
        }
    }
}
