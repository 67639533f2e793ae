import CRMIntents
import CRMSupport
import CRMTestSupport
import Testing

/// Seeded fuzzing of the parser, kept in the repository so what it proves stays true:
/// thousands of messages made by mutating real ones (the corpora) — characters of every
/// script inserted, words dropped, doubled and swapped, messages spliced, digits and
/// separators sprinkled — each parsed by grammar and model together. Every parse must
/// come back (no crash, no trap on an index), name a catalog intent with only that
/// intent's slots, and print as JSON that reads back. The seed is fixed: a failure
/// names the message, and re-running reproduces it.
@Suite struct ParserFuzzTests {
    @Test(arguments: [UInt64(20_261_130), 7, 424_242])
    func mutatedMessagesAlwaysParseToTheCatalog(seed: UInt64) throws {
        let base = try MessageFuzzer.corpusMessages()
        try #require(base.count > 500)
        let slotsOf = Dictionary(uniqueKeysWithValues: Fixture.engine.catalog.map { ($0.name, Set($0.slots.map(\.name))) })
        var fuzz = MessageFuzzer(seed: seed)
        let inputs = 1_500 * MessageFuzzer.scale
        defer { MessageFuzzer.report("parser", seed: seed, inputs: inputs) }
        for _ in 0..<inputs {
            let text = fuzz.mutate(base[fuzz.below(base.count)], base[fuzz.below(base.count)])
            let parsed = Fixture.engine.parse(text, now: Fixture.now)
            if parsed.intent == IntentCatalog.none {
                #expect(parsed.slots.isEmpty, "\(text.debugDescription)")
                continue
            }
            let allowed = try #require(slotsOf[parsed.intent], "not a catalog intent: \(parsed.intent) for \(text.debugDescription)")
            for (name, value) in parsed.slots {
                #expect(allowed.contains(name), "\(parsed.intent) has no slot \(name): \(text.debugDescription)")
                if case .text(let t) = value { #expect(!t.isEmpty, "empty \(name): \(text.debugDescription)") }
                if case .number(let n) = value { #expect(n.isFinite, "\(name) \(n): \(text.debugDescription)") }
            }
            let line = parsed.json.serialized
            #expect((try? JSONValue.parse(line)) != nil, "\(text.debugDescription) → \(line)")
        }
    }
}
