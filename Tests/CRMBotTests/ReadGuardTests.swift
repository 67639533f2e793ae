import CRMBot
import CRMDomain
import CRMIntents
import CRMStorage
import CRMSupport
import Foundation
import Testing

/// Guarding the customer database (domain §13, issue 8 defect 12): a rep who
/// reads far more cards and lists than usual is flagged in the audit log and
/// in the admin's briefing, once a day.
@Suite struct ReadGuardBotTests {
    static let engine: IntentEngine? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try? IntentEngine.load(directory: repo.appendingPathComponent("Intents").path)
    }()

    func harness() throws -> (Harness, SQLiteStore) {
        let engine = try #require(Self.engine, "the grammar in Intents/ must load")
        let h = Harness(parser: engine)
        return (h, try #require(h.store as? SQLiteStore))
    }

    @Test func aRepReadingCardAfterCardIsFlaggedInTheAuditLogAndTheAdminsBriefing() async throws {
        let (h, store) = try harness()
        #expect(await h.makeAdmin("Boss"))
        #expect(await h.say("add customer Quanyu Hospital", as: "Li Ming").ok)
        // A new rep (no norm yet) reads the same card 128 times: past the floor of 50
        // (counts reach the store at least every 64 reads).
        for i in 0..<128 {
            let r = await h.say("show Quanyu Hospital", as: "Li Ming")
            try #require(r.ok && r.intent == "customer.show", "read \(i): \(r.json.serialized)")
        }
        let flagged = try await store.auditLog(limit: 50).filter { $0.kind.rawValue == "bulk_read" }
        #expect(flagged.count == 1)
        #expect(flagged.first?.actor == "Li Ming")
        let brief = await h.say("what should I do today", as: "Boss")
        #expect(brief.intent == "briefing")
        #expect(brief.text.contains("Unusual reading (possible copying of customer data):"), "\(brief.text)")
        #expect(brief.text.contains("• Li Ming read "), "\(brief.text)")
        #expect(brief.text.contains("cards and lists on 2026-11-22 (usually 0 a day)"), "\(brief.text)")
        // The rep's own briefing says nothing of it.
        let own = await h.say("what should I do today", as: "Li Ming")
        #expect(own.ok && !own.text.contains("Unusual reading"))
    }

    @Test func flushingHandsOverEveryReadAndFlagsOnce() async throws {
        let (h, store) = try harness()
        // Counts reach the store only when flushed here.
        var options = BotOptions()
        options.readBatchInterval = .seconds(1_000_000)
        options.readBatchSize = .max
        let bot = Bot(store: store, parser: h.parser, clock: h.clock, options: options)
        func say(_ text: String) async -> BotReply { await bot.respond(to: BotRequest(user: "Li Ming", text: text)) }
        #expect(await say("add customer Quanyu Hospital").ok)
        let li = try #require(try await store.rep(named: "Li Ming"))
        // Her norm: 10 reads a day over the two weeks before.
        let today = h.clock.now().date
        for back in 1...14 {
            _ = try await store.recordReads(
                [ReadCount(repID: li.id, day: today.adding(days: -back), reads: 10)], rule: BulkReadRule(), at: h.clock.now())
        }
        for _ in 0..<30 { #expect(await say("show Quanyu Hospital").intent == "customer.show") }
        #expect(try await bot.flushReads().isEmpty)  // 30: not yet 50
        for _ in 0..<25 { #expect(await say("list my customers").intent == "customer.list") }
        // Questions, refusals and writes are no reads.
        _ = await say("show Nobody Such")
        _ = await say("log visit to Quanyu Hospital")
        let flagged = try await bot.flushReads()
        #expect(flagged.map(\.repName) == ["Li Ming"])
        #expect(flagged.first?.reads == 55)
        #expect(flagged.first?.norm == 10)
        for _ in 0..<10 { _ = await say("show Quanyu Hospital") }
        #expect(try await bot.flushReads().isEmpty)
        #expect(try await store.auditLog(limit: 50).filter { $0.kind == .bulkRead }.count == 1)
        let days = try await store.unusualReadings(from: today, through: today)
        #expect(days.first?.reads == 65)
    }
}
