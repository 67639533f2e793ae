import CRMSupport

/// What the bot needs from the intent engine. ``IntentEngine`` is the real one;
/// tests may script their own.
public protocol IntentParser: Sendable {
    /// Parses one message. Never fails: an unrecognised message is intent `none`
    /// with suggestions.
    func parse(_ text: String, now: LocalDateTime) -> ParsedIntent

    /// Interprets a bare reply as the value of one slot, for the answer to a
    /// clarifying question ("Visit with whom?" → "Wang Tong"; "When?" → "next
    /// Tuesday"). Nil when the text is not a value of that slot's type.
    func parseSlotAnswer(_ text: String, intent: String, slot: String, now: LocalDateTime) -> SlotValue?

    /// The catalog as loaded from the grammar files: every intent with its slots
    /// and examples per language (for help and suggestions).
    var catalog: [IntentInfo] { get }

    /// The words of a search worth looking for: `query` without the words every note has
    /// ("the", "about"; lexicon `search_stops`), or all of it when nothing else is left.
    func searchWords(_ query: String) -> String

    /// What a whole message says when it only answers a question: yes, no or cancel
    /// ("好的", "no thanks", "never mind"); nil for anything more.
    func bareAnswer(_ text: String) -> BareAnswer?
}

extension IntentParser {
    public func searchWords(_ query: String) -> String { query }
}

/// One intent as the grammar declares it.
public struct IntentInfo: Hashable, Sendable {
    public struct Slot: Hashable, Sendable {
        public var name: String
        /// The slot type name from the grammar (`name`, `date`, `amount`, `text`, an enum name, …).
        public var type: String
        public var required: Bool
        /// For enumeration slots: the allowed English tokens.
        public var values: [String]
        public init(name: String, type: String, required: Bool, values: [String] = []) {
            self.name = name
            self.type = type
            self.required = required
            self.values = values
        }
    }
    public var name: String
    public var slots: [Slot]
    /// A one-line summary per language.
    public var summary: [Language: String]
    /// Example phrasings per language.
    public var examples: [Language: [String]]
    public init(name: String, slots: [Slot], summary: [Language: String], examples: [Language: [String]]) {
        self.name = name
        self.slots = slots
        self.summary = summary
        self.examples = examples
    }
}
