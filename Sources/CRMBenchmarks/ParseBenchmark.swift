import CRMIntents
import CRMSupport
import Foundation

/// Parse throughput: every corpus message through `IntentEngine.parse`, repeated,
/// with the trained model (the combined decision) or the grammar alone.
struct ParseBenchmark: Benchmark {
    var name: String { useModel ? "parse, grammar + model (corpus mix)" : "parse, grammar alone (corpus mix)" }
    let repository: URL
    let repeats: Int
    var useModel = true
    var engine: IntentEngine?
    var messages: [String] = []
    let now = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 22) ?? CivilDate(dayNumber: 0), minuteOfDay: 540)

    init(repository: URL, repeats: Int, useModel: Bool = true) {
        self.repository = repository
        self.repeats = repeats
        self.useModel = useModel
    }

    var itemsPerRun: Int { messages.count * repeats }

    mutating func setUp() async throws {
        engine = try IntentEngine.load(directory: repository.appendingPathComponent("Intents").path, model: useModel)
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

/// Start-up cost of the intent layer: loading and compiling the grammar files and
/// reading the trained model file (not retraining it), per load.
struct EngineLoadBenchmark: Benchmark {
    var name: String { useModel ? "load grammar + model" : "load grammar alone" }
    let repository: URL
    let loads: Int
    let useModel: Bool
    var itemsPerRun: Int { loads }
    mutating func setUp() async throws {}
    mutating func run() async throws -> Int {
        var n = 0
        for _ in 0..<loads {
            let e = try IntentEngine.load(directory: repository.appendingPathComponent("Intents").path, model: useModel)
            n &+= e.catalog.count
        }
        return n
    }
}
