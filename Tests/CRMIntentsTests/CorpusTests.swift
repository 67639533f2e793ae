import CRMIntents
import CRMSupport
import Testing

/// One line of `Tests/Corpus/intents.tsv`.
struct CorpusLine: Sendable, CustomStringConvertible {
    var line: Int
    var language: Language
    var intent: String
    var message: String
    /// Expected slots (checked as a subset), when given.
    var slots: [(String, JSONValue)]?

    var description: String { "\(line): \(message)" }
}

/// The shared corpus of messages as reps type them: intent accuracy must stay
/// at or above 95%, slot accuracy (lines with expected slots) at or above 85%.
@Suite struct CorpusTests {
    /// `--now 2026-11-22T09:00`, the clock the corpus was written against.
    static let now = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 22)!, minuteOfDay: 9 * 60)

    static let path = Fixture.repositoryRoot + "/Tests/Corpus/intents.tsv"

    static func load(_ path: String = path) throws -> [CorpusLine] {
        let text = try readText(path)
        var out: [CorpusLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 || fields.count == 4, let language = Language(rawValue: fields[0]) else {
                Issue.record("\(path):\(index + 1): malformed corpus line")
                continue
            }
            var slots: [(String, JSONValue)]?
            if fields.count == 4, case .object(let pairs) = try JSONValue.parse(fields[3]) { slots = pairs }
            out.append(CorpusLine(line: index + 1, language: language, intent: fields[1], message: fields[2], slots: slots))
        }
        return out
    }

    @Test func corpusAccuracy() throws {
        try #require(fileExists(Self.path), "the corpus \(Self.path) is missing")
        let lines = try Self.load()
        #expect(lines.count >= 300)
        var intentHits = 0
        var slotLines = 0
        var slotHits = 0
        var misses: [String] = []
        var slotMisses: [String] = []
        for item in lines {
            let parsed = Fixture.engine.parse(item.message, now: Self.now)
            let json = parsed.json.serialized
            if parsed.intent == item.intent {
                intentHits += 1
            } else {
                misses.append("\(item.line) [\(item.language.rawValue)] \(item.message)\n    expected \(item.intent), got \(json)")
            }
            if let expected = item.slots {
                slotLines += 1
                let got: [(String, JSONValue)] = {
                    if case .object(let pairs)? = parsed.json.objectValue("slots") { return pairs }
                    return []
                }()
                let ok = parsed.intent == item.intent && expected.allSatisfy { key, value in
                    got.contains { $0.0 == key && $0.1 == value }
                }
                if ok {
                    slotHits += 1
                } else {
                    let want = JSONValue.object(expected).serialized
                    slotMisses.append("\(item.line) \(item.message)\n    expected \(want), got \(json)")
                }
            }
        }
        let intentAccuracy = Double(intentHits) / Double(max(1, lines.count))
        let slotAccuracy = Double(slotHits) / Double(max(1, slotLines))
        print("corpus: intent accuracy \(percent(intentAccuracy)) (\(intentHits)/\(lines.count))")
        print("corpus: slot accuracy \(percent(slotAccuracy)) (\(slotHits)/\(slotLines) lines with expected slots)")
        for m in misses { print("intent miss \(m)") }
        for m in slotMisses { print("slot miss \(m)") }
        #expect(intentAccuracy >= 0.95)
        #expect(slotAccuracy >= 0.85)
    }

    private func percent(_ x: Double) -> String {
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

extension JSONValue {
    /// The value of `key` in an object, or nil.
    func objectValue(_ key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }
}
