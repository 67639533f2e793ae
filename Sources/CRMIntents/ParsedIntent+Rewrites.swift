/// Small rewrites of a reading that the decision's later steps share.
extension ParsedIntent {
    /// Puts `value` into slot `name` where the intent declares it, so slots keep printing in
    /// the declared order (`company` after `who`, before `date` and `note`).
    mutating func insert(_ name: String, _ value: SlotValue, of intent: CompiledIntent) {
        let order = intent.slots.map(\.name)
        let rank = order.firstIndex(of: name) ?? order.count
        let at = slots.firstIndex { (order.firstIndex(of: $0.0) ?? order.count) > rank } ?? slots.count
        slots.insert((name, value), at: at)
    }

    /// This reading turned into the read `intent` about `who` ("王彤的手机号是多少？" shows 王彤;
    /// "did we get paid by Harbor Pharma?" is Harbor Pharma's history): the same confidence,
    /// layer and moods, the `who` span only.
    func read(as intent: String, who: SlotValue) -> ParsedIntent {
        var read = ParsedIntent(intent: intent, slots: [("who", who)], language: language, missing: [])
        read.confidence = confidence
        read.decidedBy = decidedBy
        read.moods = moods
        read.tokenSpans = tokenSpans.filter { $0.key == "who" }
        return read
    }

    /// This reading with `who` narrowed to `person` and the organisation at `place` as its
    /// `company` (spans of `tokens`; both as written in `text`).
    func splitting(person: Range<Int>, company place: Range<Int>, of intent: CompiledIntent, text: String, tokens: [Token])
        -> ParsedIntent
    {
        guard let w = slots.firstIndex(where: { $0.0 == "who" }) else { return self }
        var fixed = self
        fixed.slots[w].1 = .text(String(text[tokens[person.lowerBound].start..<tokens[person.upperBound - 1].end]))
        fixed.tokenSpans["who"] = person
        fixed.insert("company", .text(String(text[tokens[place.lowerBound].start..<tokens[place.upperBound - 1].end])), of: intent)
        fixed.tokenSpans["company"] = place
        return fixed
    }
}
