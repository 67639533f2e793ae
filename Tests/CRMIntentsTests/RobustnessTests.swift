import CRMIntents
import CRMSupport
import Testing

/// Odd input never crashes and always gets an answer.
@Suite struct RobustnessTests {
    @Test(arguments: ["", " ", "\n\t ", "\u{3000}", "?", "!!!", "：", "，。", "\u{0}", "\u{0}\u{1}\u{7F}", "\u{FFFF}\u{10FFFF}",
        "\u{202E}evil", "🙂🙂🙂", "e\u{301}\u{301}\u{301}", "'s", "'", "{who}", "[a|b]", "-", "$", "¥"])
    func oddInputIsNone(_ text: String) {
        let p = Fixture.engine.parse(text, now: Fixture.now)
        #expect(p.intent == "none", "\(text.unicodeScalars.map(\.value))")
    }

    @Test func oneMegabyteMessageGetsAnAnswer() {
        let big = String(repeating: "log visit to Wang Tong: discussed the trial ", count: 24_000)
        #expect(big.utf8.count > 1_000_000)
        let clock = ContinuousClock()
        var p: ParsedIntent?
        let elapsed = clock.measure { p = Fixture.engine.parse(big, now: Fixture.now) }
        #expect(p?.intent == "activity.log")
        // A hang detector, not a speed check (speed: CRMBenchmarks): the message is cut to
        // 2,000 characters. A debug build on a loaded 2-core CI machine took 42 s (release:
        // well under a second), so the deadline is generous.
        #expect(elapsed < .seconds(180))
        let noise = String(repeating: "x", count: 1_100_000)
        #expect(Fixture.engine.parse(noise, now: Fixture.now).intent == "none")
        let han = String(repeating: "王", count: 400_000)
        #expect(Fixture.engine.parse(han, now: Fixture.now).intent == "none")
    }

    @Test func controlCharactersInsideAMessage() {
        let p = Fixture.engine.parse("log visit\u{0} to Wang\u{7} Tong", now: Fixture.now)
        #expect(p.intent == "activity.log")
    }

    /// Bare answers come from the grammar's lexicon `answers`, whole messages only, with
    /// case, width and punctuation around them not counting.
    @Test func bareAnswersAreWholeMessagesOfTheAnswersLexicon() {
        let e = Fixture.engine
        #expect(e.bareAnswer("Yes!") == .yes)
        #expect(e.bareAnswer("好的。") == .yes)
        #expect(e.bareAnswer("ＯＫ") == .yes)
        #expect(e.bareAnswer("no thanks") == .no)
        #expect(e.bareAnswer("不用") == .no)
        #expect(e.bareAnswer("算了吧") == .cancel)
        #expect(e.bareAnswer("never mind") == .cancel)
        #expect(e.bareAnswer("yes I visited Wang Tong") == nil)
        #expect(e.bareAnswer("好的，明天拜访王彤") == nil)
        #expect(e.bareAnswer("") == nil)
    }

    @Test func sqlLookingTextIsNoneOrANoteKeptVerbatim() {
        #expect(Fixture.engine.parse("DROP TABLE customers; --", now: Fixture.now).intent == "none")
        #expect(Fixture.engine.parse("'; DELETE FROM customer WHERE 1=1; --", now: Fixture.now).intent == "none")
        let note = "x'); DROP TABLE activity; --"
        let p = Fixture.engine.parse("log visit to Wang Tong: \(note)", now: Fixture.now)
        #expect(p.intent == "activity.log")
        #expect(p[slot: "note"] == .text(note))
    }

    @Test func manySlotsAndSeparatorsDoNotExplode() {
        let text = String(repeating: "Wang Tong and ", count: 300) + "cares about logic"
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Fixture.engine.parse(text, now: Fixture.now) }
        // A hang detector against exponential backtracking, not a speed check (speed: CRMBenchmarks).
        #expect(elapsed < .seconds(30))
        let commas = String(repeating: "，", count: 5000) + "撤销"
        _ = Fixture.engine.parse(commas, now: Fixture.now)
    }

    @Test func everyIntentJSONIsValidJSON() throws {
        for (text, _) in IntentMatcherTests.english + IntentMatcherTests.chinese {
            let json = Fixture.json(text)
            _ = try JSONValue.parse(json)
        }
    }
}
