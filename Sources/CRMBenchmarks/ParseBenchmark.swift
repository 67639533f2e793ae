import CRMIntents
import CRMSupport
import Foundation

/// Parse throughput: every corpus message through `IntentEngine.parse`, repeated.
struct ParseBenchmark: Benchmark {
    let name = "parse (corpus mix)"
    let repository: URL
    let repeats: Int
    var engine: IntentEngine?
    var messages: [String] = []
    let now = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 22) ?? CivilDate(dayNumber: 0), minuteOfDay: 540)

    init(repository: URL, repeats: Int) {
        self.repository = repository
        self.repeats = repeats
    }

    var itemsPerRun: Int { messages.count * repeats }

    mutating func setUp() async throws {
        engine = try IntentEngine.load(directory: repository.appendingPathComponent("Intents").path)
        messages = try corpusMessages(repository)
    }

    mutating func run() async throws -> Int {
        guard let engine else { return 0 }
        var n = 0
        for _ in 0..<repeats {
            for m in messages { n &+= engine.parse(m, now: now).slots.count }
        }
        return n
    }
}

/// The message column of Tests/Corpus/intents.tsv.
func corpusMessages(_ repository: URL) throws -> [String] {
    let text = try String(contentsOf: repository.appendingPathComponent("Tests/Corpus/intents.tsv"), encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
        if line.hasPrefix("#") { return nil }
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
        return cols.count >= 3 ? String(cols[2]) : nil
    }
}
