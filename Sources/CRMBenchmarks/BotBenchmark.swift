import CRMBot
import CRMIntents
import CRMStorage
import CRMSupport
import Foundation

/// The bot in process on a real SQLite file: a mixed stream of writes and reads
/// from `Scripts/gen-messages.py`-like traffic generated here.
struct BotBenchmark: Benchmark {
    let name: String
    let repository: URL
    let messages: [String]
    var itemsPerRun: Int { messages.count }
    var directory: URL?
    var bot: Bot?

    init(name: String, repository: URL, messages: [String]) {
        self.name = name
        self.repository = repository
        self.messages = messages
    }

    mutating func setUp() async throws {}

    mutating func run() async throws -> Int {
        // A fresh database per run, so every run does the same work.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crmbot-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore.open(path: dir.appendingPathComponent("bench.sqlite").path)
        let engine = try IntentEngine.load(directory: repository.appendingPathComponent("Intents").path)
        let now = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 22) ?? CivilDate(dayNumber: 0), minuteOfDay: 540)
        let bot = Bot(store: store, parser: engine, clock: FixedClock(now))
        var ok = 0
        for m in messages {
            let reply = await bot.respond(to: BotRequest(id: nil, user: "Bench Rep", text: m))
            if reply.ok { ok += 1 }
        }
        return ok
    }
}

/// A deterministic mixed workload: customers and contacts first, then visits,
/// calls, orders, tasks, cards and lists, in both languages.
func mixedMessages(count: Int, customers: Int = 200) -> [String] {
    var out: [String] = []
    out.reserveCapacity(count)
    var rng = SplitMix(seed: 42)
    for i in 0..<min(customers, count) {
        out.append(i % 2 == 0 ? "add customer Clinic \(i)" : "新建客户 医院\(i)")
    }
    let enTemplates = [
        "log visit to Clinic %d: discussed the trial",
        "called Clinic %d yesterday about pricing",
        "Clinic %d ordered 50 phones for 120k",
        "Clinic %d paid 60k",
        "remind me to call Clinic %d next Tuesday",
        "show Clinic %d",
        "what's due today",
        "list my prospects",
    ]
    let zhTemplates = [
        "拜访了医院%d，讨论试用",
        "昨天给医院%d打了电话",
        "医院%d订了50部手机，12万",
        "医院%d回款6万",
        "下周二提醒我给医院%d打电话",
        "查看医院%d",
        "今天有什么任务",
    ]
    while out.count < count {
        let k = Int(rng.next() % UInt64(customers))
        if k % 2 == 0 {
            let t = enTemplates[Int(rng.next() % UInt64(enTemplates.count))]
            out.append(String(format: t, k))
        } else {
            let t = zhTemplates[Int(rng.next() % UInt64(zhTemplates.count))]
            out.append(t.replacingOccurrences(of: "%d", with: String(k)))
        }
    }
    return out
}

/// A small deterministic PRNG so every run sends the same messages.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
