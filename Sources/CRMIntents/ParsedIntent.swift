import CRMSupport

/// A resolved slot value.
public enum SlotValue: Hashable, Sendable {
    /// Names as written, notes, enumeration tokens (English), field names.
    case text(String)
    /// `date` / `due`: resolved against the clock.
    case date(LocalDateTime)
    /// `amount` (base currency units), `quantity`, `within` (days), `ref`.
    case number(Double)
    /// `needs`: a list of enumeration tokens.
    case list([String])

    /// The JSON form of the `crmbot parse` contract: dates as ISO strings,
    /// numbers as JSON numbers (integers when whole), lists as arrays.
    public var json: JSONValue {
        switch self {
        case .text(let s): return .string(s)
        case .date(let d): return .string(d.iso)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9e15 { return .int(Int64(n)) }
            return .double(n)
        case .list(let l): return .array(l.map { .string($0) })
        }
    }

    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }
    public var date: LocalDateTime? {
        if case .date(let d) = self { return d }
        return nil
    }
    public var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }
    public var list: [String]? {
        if case .list(let l) = self { return l }
        return nil
    }
}

/// The result of parsing one message: exactly one intent from the catalog, or `none`.
///
/// Impossible values: when the message gives a date-looking text that cannot
/// exist ("Feb 30", "2月30日", "13/45"), the slot is absent from ``slots``, is
/// not listed in ``missing``, and appears in ``invalid`` with the text as
/// written, so the bot can say "there is no Feb 30" instead of asking again.
public struct ParsedIntent: Hashable, Sendable {
    /// A slot whose text looked like a value of its type but does not exist.
    public struct InvalidSlot: Hashable, Sendable {
        public var slot: String
        /// The text as written ("Feb 30").
        public var text: String
        public init(slot: String, text: String) {
            self.slot = slot
            self.text = text
        }
    }

    /// The intent name from the catalog (`activity.log`, …) or `none`.
    public var intent: String
    /// Slots in the order the intent declares them; absent slots are not present.
    public var slots: [(String, SlotValue)]
    /// The language the message was written in.
    public var language: Language
    /// Required slots of `intent` that the message did not give.
    public var missing: [String]
    /// For `none`: the closest intents, best first (at most 3).
    public var suggestions: [String]
    /// Slots given with an impossible value (see the type's documentation).
    public var invalid: [InvalidSlot] = []
    /// How sure the engine is of `intent`, from 0 to 1: the model's calibrated
    /// probability, raised when grammar and model agree. The bot confirms a
    /// writing intent below ``IntentDecision/confirmBelow`` before it writes.
    public var confidence: Double = 1
    /// The message states a plan or an intention (lexicon `plan_markers`: "plan
    /// to", "next year", 计划, 打算), so it must not be logged as something done.
    public var isPlan = false
    /// The message speaks of a quote, an offer or next year's business (lexicon
    /// `plan_markers` key `offer`: quote, proposal, next year, 报价, 明年): money
    /// it names is not an order or a payment yet, though a visit or call it
    /// reports was still made ("给赵建国发了报价邮件").
    public var isOffer = false
    /// The message asks to change or cancel an existing record (lexicon `edit_markers`:
    /// reschedule, cancel, 推迟, 删除): it must never add a new one.
    public var isEdit = false

    /// What the wording says about the statement, read from the lexicon table `moods`.
    public enum Mood: String, Sendable, Hashable, CaseIterable {
        /// "didn't", "不是", "还没": it may say the opposite of what the parse says.
        case negation
        /// "maybe", "I think", "可能", "万一": a guess or a hypothetical.
        case hedge
        /// "did I…?", "还是", "…吗": a question, never a statement to record.
        case question
        /// A Chinese message without any aspect marker of `done` (了, 过, 刚): "拜访陈磊" may be
        /// done or only meant.
        case unmarked
        /// "call …", "visit …" as the first word: an instruction as much as a report.
        case imperative
    }

    /// The moods of the message (empty when none of their words occur).
    public var moods: Set<Mood> = []
    /// The token range each slot was read from (for combining the grammar's
    /// and the tagger's readings without reading one word twice).
    var tokenSpans: [String: Range<Int>] = [:]
    /// Which layer decided the intent.
    public var decidedBy: IntentDecision.Layer = .grammar

    public init(
        intent: String, slots: [(String, SlotValue)] = [], language: Language, missing: [String] = [],
        suggestions: [String] = []
    ) {
        self.intent = intent
        self.slots = slots
        self.language = language
        self.missing = missing
        self.suggestions = suggestions
    }

    /// Gives text slots back in the script they were written in: the message was read as
    /// `read`, which is `written` with some characters replaced one for one (traditional
    /// by simplified), so a slot's text at a place of `read` is the same place of `written`.
    mutating func restoreScript(written: String, read: String) {
        let from = Array(read.unicodeScalars)
        let to = Array(written.unicodeScalars)
        guard from.count == to.count else { return }
        func restored(_ value: String) -> String {
            let needle = Array(value.unicodeScalars)
            guard !needle.isEmpty, needle.count <= from.count else { return value }
            for start in 0...(from.count - needle.count) where from[start] == needle[0] {
                if Array(from[start..<(start + needle.count)]) == needle {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: to[start..<(start + needle.count)])
                    return String(view)
                }
            }
            return value
        }
        slots = slots.map { name, value in
            if case .text(let t) = value { return (name, .text(restored(t))) }
            return (name, value)
        }
        invalid = invalid.map { InvalidSlot(slot: $0.slot, text: restored($0.text)) }
    }

    public subscript(slot name: String) -> SlotValue? {
        slots.first(where: { $0.0 == name })?.1
    }

    /// `{"intent":…,"slots":{…}}`, exactly as `crmbot parse` prints it.
    public var json: JSONValue {
        .object([("intent", .string(intent)), ("slots", .object(slots.map { ($0.0, $0.1.json) }))])
    }

    public static func == (a: ParsedIntent, b: ParsedIntent) -> Bool {
        a.intent == b.intent && a.language == b.language && a.missing == b.missing
            && a.suggestions == b.suggestions && a.invalid == b.invalid && a.slots.count == b.slots.count
            && zip(a.slots, b.slots).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(intent)
        for (k, v) in slots {
            hasher.combine(k)
            hasher.combine(v)
        }
    }
}
