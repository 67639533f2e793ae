// CRMInsightsBench: creates a crmbot database with the real migrations, and times the
// insight answers (store read + rules) on a filled one. Never part of `swift test`.
//
//   CRMInsightsBench --create PATH
//   CRMInsightsBench --db PATH [--now YYYY-MM-DD] [--runs N]
//
// See Scripts/bench-insights.sh, which generates 100,000 customers first.
import CRMBot
import CRMDomain
import CRMInsights
import CRMIntents
import CRMStorage
import CRMSupport
import Dispatch
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())

func value(_ flag: String) -> String? {
    guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func fail(_ message: String) -> Never {
    print(message)
    exit(1)
}

if let path = value("--create") {
    do {
        _ = try SQLiteStore.open(path: path)
        print("created \(path)")
        exit(0)
    } catch {
        fail("cannot create \(path): \(error)")
    }
}

guard let path = value("--db") else {
    fail("usage: CRMInsightsBench --create PATH | --db PATH [--now YYYY-MM-DD] [--runs N]")
}
guard let today = CivilDate(iso: value("--now") ?? "2026-11-22") else { fail("--now must be YYYY-MM-DD") }
let runs = max(1, Int(value("--runs") ?? "5") ?? 5)

/// CPU time of the whole process (every thread), in ms: unlike wall time it does not
/// count waiting for a core the other users of this shared machine hold.
func cpuMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

/// Runs `body` `runs` times after one warm-up; prints the median wall and CPU times in ms.
func measure(_ label: String, _ body: () async throws -> Int) async throws {
    if let only = value("--only"), !label.hasPrefix(only) { return }
    var wall: [Double] = []
    var cpu: [Double] = []
    var size = try await body()
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuMilliseconds()
        size = try await body()
        cpu.append(cpuMilliseconds() - cpuStart)
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    wall.sort()
    cpu.sort()
    func ms(_ x: Double) -> String {
        let s = String(Int(x.rounded()))
        return String(repeating: " ", count: max(0, 5 - s.count)) + s
    }
    let pad = label.count < 30 ? String(repeating: " ", count: 30 - label.count) : " "
    print("\(label)\(pad)wall \(ms(wall[wall.count / 2])) ms  cpu \(ms(cpu[cpu.count / 2])) ms  (\(size) rows)")
}

do {
    let opening = DispatchTime.now().uptimeNanoseconds
    let store = try SQLiteStore.open(path: path)
    print("opened in \((DispatchTime.now().uptimeNanoseconds - opening) / 1_000_000) ms (the first open indexes every record for search)")
    let reps = try await store.reps()
    guard let admin = reps.first(where: { $0.role == .admin }), let manager = reps.first(where: { $0.role == .manager }),
        let rep = reps.first(where: { $0.role == .rep && $0.managerID == manager.id })
    else { fail("\(path): needs an admin, a manager and a rep (run Scripts/gen-data.py)") }
    let settings = InsightSettings.standard
    let query = InsightQuery.standard(asOf: today, settings: settings)
    print("== \(path) as of \(today.iso), \(runs) runs after a warm-up")
    // The first read of a day refills the tier window kept in customer_stats (once a day).
    let yesterday = InsightQuery.standard(asOf: today.adding(days: -1), settings: settings)
    _ = try await store.insightFacts(yesterday, in: .everything)
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await store.insightFacts(query, in: .everything)
    print("first read of the day (refills the tier window): \((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) ms")
    for (who, person) in [("all (admin)", admin), ("team (manager)", manager), ("mine (rep)", rep)] {
        let scope = try await store.accessScope(for: person)
        try await measure("risk.list \(who)") {
            let facts = try await store.insightFacts(query, in: scope)
            let tiers = TierCalculator.calculate(facts, settings: settings).tiers
            return RiskRules.evaluate(facts, asOf: today, tiers: tiers, settings: settings).count
        }
        try await measure("briefing \(who)") {
            let facts = try await store.insightFacts(query, in: scope)
            let tasks = try await store.openTasks(for: person.id, dueBefore: nil)
            let birthdays = try await store.birthdays(in: scope, from: today, days: settings.birthdayHorizonDays)
            let plan = Briefing.plan(date: today, tasks: tasks, facts: facts, birthdays: birthdays, settings: settings)
            return plan.atRisk.count + plan.reorders.count + plan.birthdays.count + plan.dueTasks.count
        }
        try await measure("tier.list \(who)") {
            let facts = try await store.insightFacts(query, in: scope)
            let result = TierCalculator.calculate(facts, settings: settings)
            return result.rows.count + TierCalculator.pyramid(result.summary, .en).count * 0
        }
        try await measure("pipeline.show \(who)") {
            let report = Funnel.build(try await store.funnelCells(in: scope))
            return report.total + Funnel.text(report, .en).count * 0
        }
    }
    // The whole answer through the bot: grammar, access scope, store, rules, reply text and data.
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let engine = try IntentEngine.load(directory: repository.appendingPathComponent("Intents").path)
    let bot = Bot(store: store, parser: engine, clock: FixedClock(LocalDateTime(date: today, minuteOfDay: 9 * 60)))
    for (who, person) in [("all (admin)", admin), ("team (manager)", manager), ("mine (rep)", rep)] {
        for message in ["who is at risk", "what should I do today", "80/20", "pipeline"] {
            try await measure("bot \"\(message)\" \(who)") {
                let reply = await bot.respond(to: BotRequest(id: nil, user: person.name, text: message))
                guard reply.ok else { throw BenchError(reply.text) }
                return reply.text.count
            }
        }
    }
    // Full-text search (issue 9: under 50 ms): a name, common and rare note words, Chinese.
    for (who, person) in [("all (admin)", admin), ("mine (rep)", rep)] {
        let scope = try await store.accessScope(for: person)
        for q in ["zhou tong", "warranty", "new campus", "质保", "发货太慢", "夜班 培训", "north school 4216"] {
            try await measure("search \"\(q)\" \(who)") { try await store.search(q, in: scope, limit: 21).count }
        }
    }
    try await measure("insightFacts alone, all") { try await store.insightFacts(query, in: .everything).count }
    let all = try await store.insightFacts(query, in: .everything)
    try await measure("rules alone: tiers, all") { TierCalculator.calculate(all, settings: settings).rows.count }
    let allTiers = TierCalculator.calculate(all, settings: settings).tiers
    try await measure("rules alone: risk, all") {
        RiskRules.evaluate(all, asOf: today, tiers: allTiers, settings: settings).count
    }
} catch {
    fail("benchmark failed: \(error)")
}
