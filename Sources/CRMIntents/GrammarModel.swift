import CRMSupport

/// A slot as an intent block declares it (`who:name*`).
struct SlotDecl: Hashable, Sendable {
    var name: String
    var type: SlotType
    var required: Bool
}

/// A `coerce:` rule: re-read a text slot as another type when a vocabulary
/// slot has one of some values (`coerce: value as amount if field in credit_limit, cost`).
struct CoerceRule: Hashable, Sendable {
    var slot: String
    var type: SlotType
    var whenSlot: String
    var values: [String]
}

/// One phrasing with its source line.
struct PhrasingDecl: Sendable {
    var nodes: [PhraseSyntax.Node]
    var line: Int
}

/// One intent block of one language file.
struct IntentDecl: Sendable {
    var name: String
    var language: Language
    var path: String
    var line: Int
    var slots: [SlotDecl] = []
    var slotsLine: Int = 0
    var summary: String = ""
    var examples: [String] = []
    var phrasings: [PhrasingDecl] = []
    var coercions: [CoerceRule] = []
    /// `whole: what` — when the slot is not captured but a name or text slot
    /// was, it takes the whole message except its dates (with the word that led to
    /// each) and, for a task, the words that only frame one
    /// ("follow up with Wang Tong in 3 days" → what "follow up with Wang Tong").
    var whole: String?
    /// `cue: funnel, pipeline` — words that, in a message no phrasing matched,
    /// point to this (read-only) intent. Folded; see ``CueFallback``.
    var cues: [String] = []
}

/// Everything the grammar files declare, validated.
struct Grammar: Sendable {
    var intents: [IntentDecl] = []
    var vocabularies: [String: WordTable] = [:]
    var lexicon = Lexicon()
}
