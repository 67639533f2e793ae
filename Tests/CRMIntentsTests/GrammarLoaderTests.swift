import CRMIntents
import CRMSupport
import Testing

/// Every validation error names the file and line exactly.
@Suite struct GrammarLoaderTests {
    static let path = "Intents/en.grammar"

    /// A small valid grammar; `replace` swaps one line (1-based) for another text.
    static func grammar(replacing line: Int? = nil, with text: String = "", appending extra: String = "") -> String {
        var lines = [
            "# test grammar",  // 1
            "language en",  // 2
            "vocab activity_type",  // 3
            "  visit: visit, visited",  // 4
            "  call: call, called",  // 5
            "intent activity.log",  // 6
            "  slots: type:activity_type*, who:name*, date:date",  // 7
            "  summary: Log a visit",  // 8
            "  example: log visit to Wang Tong",  // 9
            "  say: log {type} (to|with) {who} [on {date}]",  // 10
        ]
        if let line { lines[line - 1] = text }
        return lines.joined(separator: "\n") + "\n" + extra
    }

    static func error(_ text: String, path: String = path) -> String? {
        do {
            _ = try IntentEngine(grammarSources: [(path: path, text: text)])
            return nil
        } catch {
            return error.description
        }
    }

    @Test func validGrammarLoads() throws {
        let engine = try IntentEngine(grammarSources: [(path: Self.path, text: Self.grammar())])
        #expect(engine.catalog.map(\.name) == ["activity.log"])
        let slot = try #require(engine.catalog.first?.slots.first)
        #expect(slot == IntentInfo.Slot(name: "type", type: "activity_type", required: true, values: ["visit", "call"]))
    }

    /// A grammar saved with Windows line ends reads as the same grammar, and its errors
    /// name the same lines.
    @Test func crlfLineEndsReadLikeLF() throws {
        let crlf = Self.grammar().split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        let engine = try IntentEngine(grammarSources: [(path: Self.path, text: crlf)])
        #expect(engine.catalog.map(\.name) == ["activity.log"])
        #expect(engine.catalog.first?.slots.map(\.name) == ["type", "who", "date"])
        let now = try #require(CivilDate(year: 2026, month: 11, day: 22).map { LocalDateTime(date: $0, minuteOfDay: 540) })
        #expect(engine.parse("log visit to Wang Tong", now: now).intent == "activity.log")
        let broken = Self.grammar(replacing: 10, with: "  say: log {type} to {who} {when}")
            .split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        #expect(Self.error(broken) == "Intents/en.grammar:10: slot 'when' used in a phrasing but not declared")
    }

    @Test(arguments: [
        (10, "  say: log {type} to {who} on {date:dat}", "Intents/en.grammar:10: unknown slot type 'dat' in phrasing"),
        (7, "  slots: type:activity_type*, who:name*, date:dat", "Intents/en.grammar:7: unknown slot type 'dat' for slot 'date'"),
        (10, "  say: log {type} to {who} {when}", "Intents/en.grammar:10: slot 'when' used in a phrasing but not declared"),
        (10, "  say: log [{type} to {who}", "Intents/en.grammar:10: unbalanced '[' in phrasing"),
        (10, "  say: log {type} to {who}]", "Intents/en.grammar:10: unbalanced ']' in phrasing"),
        (10, "  say: log (to|with {who}", "Intents/en.grammar:10: unbalanced '(' in phrasing"),
        (10, "  say: log {type to {who}", "Intents/en.grammar:10: unbalanced '{' in phrasing"),
        (10, "  say: log {type=visitt} {who}", "Intents/en.grammar:10: value 'visitt' is not in vocabulary 'activity_type'"),
        (10, "  say:", "Intents/en.grammar:10: empty phrasing"),
        (10, "  say: log {type:date} {who}", "Intents/en.grammar:10: slot 'type' is declared as activity_type but used as date"),
        (6, "intent activity.logg", "Intents/en.grammar:6: unknown intent 'activity.logg' (not in the catalog)"),
        (5, "  call: call, visited", "Intents/en.grammar:5: alias 'visited' maps to both 'visit' and 'call' in vocabulary 'activity_type'"),
        (3, "lexicon colours", "Intents/en.grammar:3: unknown lexicon 'colours'"),
        (2, "language fr", "Intents/en.grammar:2: unknown language 'fr' (use en or zh)"),
        (8, "  sumary: Log a visit", "Intents/en.grammar:8: unknown directive 'sumary' (use slots, summary, example, say, coerce, whole or cue)"),
        (2, "# no language", "Intents/en.grammar:3: 'language' must come before any block"),
    ])
    func refusesBadLine(_ line: Int, _ text: String, _ expected: String) {
        #expect(Self.error(Self.grammar(replacing: line, with: text)) == expected)
    }

    @Test func refusesDuplicateIntentInOneLanguage() {
        let text = Self.grammar(appending: "intent activity.log\n  slots: type:activity_type*, who:name*, date:date\n")
        #expect(Self.error(text) == "Intents/en.grammar:11: duplicate intent 'activity.log' in language en (first at line 6)")
    }

    @Test func refusesDifferentSlotsAcrossLanguages() {
        let zh = "language zh\nintent activity.log\n  slots: type:activity_type*, who:name\n  say: {who}{type}\n"
        do {
            _ = try IntentEngine(grammarSources: [(Self.path, Self.grammar()), ("Intents/zh.grammar", zh)])
            Issue.record("loaded")
        } catch {
            #expect(error.description == "Intents/zh.grammar:3: slots of 'activity.log' differ from the declaration at Intents/en.grammar:7")
        }
    }

    @Test func refusesMissingLanguageLine() {
        #expect(Self.error("# nothing here\n") == "Intents/en.grammar: missing 'language en' or 'language zh' line")
    }

    @Test func refusesLineOutsideBlock() {
        #expect(Self.error("language en\nsay: hello\n") == "Intents/en.grammar:2: line outside any intent, vocab or lexicon block")
    }

    @Test func missingDirectoryIsAnError() {
        do {
            _ = try IntentEngine.load(directory: "/nonexistent/intents")
            Issue.record("loaded")
        } catch {
            #expect(error.path == "/nonexistent/intents")
            #expect(error.line == 0)
        }
    }

    @Test func realGrammarDeclaresEveryCatalogIntentInBothLanguages() {
        let catalog = Fixture.engine.catalog
        #expect(catalog.map(\.name) == IntentCatalog.names)
        for info in catalog {
            #expect(info.summary[.en]?.isEmpty == false, "\(info.name) en summary")
            #expect(info.summary[.zh]?.isEmpty == false, "\(info.name) zh summary")
            #expect(info.examples[.en]?.isEmpty == false, "\(info.name) en examples")
            #expect(info.examples[.zh]?.isEmpty == false, "\(info.name) zh examples")
        }
    }

    @Test func everyGrammarExampleParsesToItsIntent() {
        for info in Fixture.engine.catalog {
            for (_, examples) in info.examples {
                for example in examples {
                    #expect(Fixture.engine.parse(example, now: Fixture.now).intent == info.name, "\(example)")
                }
            }
        }
    }

    @Test func loadsTheGrammarAndTheModel() throws {
        // Start-up time is measured by the CRMBenchmarks executable, not here.
        let withModel = try IntentEngine.load(directory: Fixture.intentsDirectory)
        let grammarOnly = try IntentEngine.load(directory: Fixture.intentsDirectory, model: false)
        #expect(withModel.hasModel && !grammarOnly.hasModel)
        #expect(withModel.catalog.map(\.name) == grammarOnly.catalog.map(\.name))
    }
}
