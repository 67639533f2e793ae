import CRMIntents
import CRMSupport
import Testing

/// `cue:` words: the last resort before `none`, for intents that change nothing.
@Suite struct CueFallbackTests {
    static let now = CorpusTests.now

    static let grammar = """
        language en
        intent pipeline.show
          summary: The funnel
          cue: funnel, pipeline
          say: show the funnel
        intent risk.list
          summary: Warnings
          cue: churn, at risk
          say: who is at risk
        intent loyalty.show
          slots: who:name*
          summary: Loyalty
          cue: loyal
          say: how loyal is {who}
        """

    @Test func aCueReadsAnUnmatchedMessage() throws {
        let engine = try IntentEngine(grammarSources: [(path: "t.grammar", text: Self.grammar)])
        #expect(engine.parse("how does our pipeline look this quarter", now: Self.now).intent == "pipeline.show")
        #expect(engine.parse("which accounts might churn soon", now: Self.now).intent == "risk.list")
    }

    @Test func requiredSlotsOfACuedIntentAreMissingNotGuessed() throws {
        let engine = try IntentEngine(grammarSources: [(path: "t.grammar", text: Self.grammar)])
        let parsed = engine.parse("are they loyal or not", now: Self.now)
        #expect(parsed.intent == "loyalty.show")
        #expect(parsed.slots.isEmpty)
        #expect(parsed.missing == ["who"])
    }

    @Test func cuesMatchWholeWordsOnly() throws {
        let engine = try IntentEngine(grammarSources: [(path: "t.grammar", text: Self.grammar)])
        #expect(engine.parse("the funnelcake stand", now: Self.now).intent == "none")
    }

    @Test func aTieBetweenIntentsStaysNone() throws {
        let engine = try IntentEngine(grammarSources: [(path: "t.grammar", text: Self.grammar)])
        // "funnel" (6) against "churn" (5) plus nothing: pipeline wins; "churn" + "loyal" (5 each) tie.
        #expect(engine.parse("churn vs loyal customers", now: Self.now).intent == "none")
    }

    @Test func aPhrasingAlwaysWinsOverACue() throws {
        let engine = try IntentEngine(grammarSources: [(path: "t.grammar", text: Self.grammar)])
        #expect(engine.parse("who is at risk", now: Self.now).intent == "risk.list")
        #expect(engine.parse("show the funnel", now: Self.now).intent == "pipeline.show")
    }

    @Test func cuesAreRefusedOnIntentsThatWrite() {
        let text = GrammarLoaderTests.grammar(appending: "  cue: visit\n")
        #expect(
            GrammarLoaderTests.error(text)
                == "Intents/en.grammar:11: cue: is only allowed on intents that change nothing, not on 'activity.log'")
    }

    @Test func realGrammarReadsTheseByCue() {
        let cases: [(String, String)] = [
            ("which of my accounts might churn", "risk.list"),
            ("看一下我的漏斗", "pipeline.show"),
            ("团队里哪些客户有风险？", "risk.list"),
            ("who's gonna run out this week", "reorder.due"),
        ]
        for (text, intent) in cases {
            #expect(Fixture.engine.parse(text, now: Self.now).intent == intent, "\(text)")
        }
    }
}
