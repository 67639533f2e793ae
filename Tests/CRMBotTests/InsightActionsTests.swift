import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Foundation
import Testing

/// The CRM method's answers through the bot, with the real grammar (both languages) on a
/// real SQLite store, the clock moved forward between messages.
@Suite struct InsightActionsTests {
    static let engine: IntentEngine? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try? IntentEngine.load(directory: repo.appendingPathComponent("Intents").path)
    }()

    func harness() throws -> Harness {
        let engine = try #require(Self.engine, "the grammar in Intents/ must load")
        return Harness(parser: engine)
    }

    func say(_ h: Harness, _ messages: [String], as user: String = "li.ming") async throws {
        for m in messages {
            let r = await h.say(m, as: user)
            try #require(r.ok, "\(m) → \(r.json.serialized)")
        }
    }

    func days(_ h: Harness, _ n: Int) { h.clock.advance(minutes: n * 1440) }

    /// Quanyu Hospital orders every 30 days (2026-11-22, 12-22, 2027-01-21); City Clinic once (2026-11-22).
    func story(_ h: Harness) async throws {
        try await say(h, [
            "add customer Quanyu Hospital", "add customer City Clinic",
            "add contact Wang Tong at Quanyu Hospital, head of purchasing",
            "Quanyu Hospital ordered 50 phones for 120k", "City Clinic ordered 10 phones for 10k",
        ])
        days(h, 30)
        try await say(h, ["Quanyu Hospital ordered 50 phones for 120k"])
        days(h, 30)
        try await say(h, ["Quanyu Hospital ordered 50 phones for 120k", "Quanyu Hospital paid 360k"])
    }

    @Test func riskNamesTheRightCustomersForTheRightReasons() async throws {
        let h = try harness()
        try await story(h)
        days(h, 20)  // 2027-02-10
        try await say(h, ["log visit to Wang Tong: checked the phones"])
        let early = await h.say("who is at risk")
        #expect(early.intent == "risk.list")
        // Quanyu: 20 days since its last order, rhythm 30 → fine. City Clinic: one order 80 days ago.
        #expect(early.text == """
            1 customer at risk (1 warning), key accounts first:
            1. City Clinic
               churn: no order for 80 days (last 2026-11-22, the only order); warning after 30
               → visit or call to find out why they stopped (service, price, competitors)
            """)
        #expect(early.data["customers"] == 1)
        let row = early.data["rows"]?.arrayValue?.first
        #expect(row?["customer"] == "City Clinic")
        #expect(row?["warnings"]?.arrayValue?.first?["reason"] == "stopped_ordering")
        #expect(row?["warnings"]?.arrayValue?.first?["figures"]?["days_since"] == 80)

        days(h, 30)  // 2027-03-12: Quanyu silent for 50 days > 1.5 × 30
        let later = await h.say("who is at risk")
        let lines = later.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "2 customers at risk (2 warnings), key accounts first:")
        #expect(lines.dropFirst().first == "1. Quanyu Hospital (key)")
        #expect(lines.contains("   churn: no order for 50 days (last 2027-01-21); usually orders every 30 days, warning after 45"))
        #expect(lines.contains("2. City Clinic"))
    }

    @Test func riskInChinese() async throws {
        let h = try harness()
        try await say(h, ["新建客户全宇医院", "新建客户市诊所", "全宇医院订了50部手机，12万", "市诊所订了10部手机，1万"])
        days(h, 31)
        let r = await h.say("哪些客户有流失风险")
        #expect(r.intent == "risk.list")
        #expect(r.language == .zh)
        let lines = r.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "2个客户有风险（3条预警），关键客户在前：")
        #expect(lines.contains("1. 全宇医院（关键客户）"))
        #expect(lines.contains("   流失预警：已31天没有订货（上次 2026-11-22，仅一笔订单）；超过30天即预警"))
        #expect(lines.contains("   流失预警：重点客户建档31天以来从未联系，超过30天"))
        #expect(lines.contains("2. 市诊所（普通客户）"))
    }

    @Test func aRepSeesOnlyTheirOwnAccountsAndAManagerTheTeam() async throws {
        let h = try harness()
        try await say(h, ["add customer Quanyu Hospital", "Quanyu Hospital ordered 50 phones for 120k"], as: "li.ming")
        try await say(h, ["add customer Star Mall", "Star Mall ordered 5 phones for 5k"], as: "zhang.wei")
        days(h, 40)
        let li = await h.say("who is at risk", as: "li.ming")
        #expect(li.data["rows"]?.arrayValue?.map { $0["customer"] } == ["Quanyu Hospital"])
        let zhang = await h.say("who is at risk", as: "zhang.wei")
        #expect(zhang.data["rows"]?.arrayValue?.map { $0["customer"] } == ["Star Mall"])
        #expect(zhang.data["scope"] == "mine")
    }

    @Test func noRiskOnAnEmptyDatabase() async throws {
        let h = try harness()
        let r = await h.say("who is at risk")
        #expect(r.ok)
        #expect(r.text == "No customer is at risk right now.")
        #expect(r.data["rows"] == [])
        let zh = await h.say("预警")
        #expect(zh.text == "目前没有客户有风险。")
    }

    @Test func reorderDueFromTheRhythm() async throws {
        let h = try harness()
        try await story(h)
        days(h, 25)  // 2027-02-15; last order 01-21 + 30 = 02-20, in 5 days
        let r = await h.say("who needs to reorder soon")
        #expect(r.intent == "reorder.due")
        #expect(r.text == """
            1 customer due to reorder within 7 days:
            • Quanyu Hospital — runs out 2027-02-20 (in 5 days)
              last order 2027-01-21: 50 units; 3 orders imply 1.7 a day
            """)
        #expect(r.data["rows"]?.arrayValue?.first?["run_out"] == "2027-02-20")
        let zh = await h.say("谁快要补货了")
        #expect(zh.text.contains("Quanyu Hospital——预计2027-02-20用完（5天后）"))
        #expect(zh.text.contains("预计2027-02-20用完（5天后）"))
    }

    @Test func tiersPipelineAndCard() async throws {
        let h = try harness()
        try await story(h)
        let tiers = await h.say("80/20")
        #expect(tiers.intent == "tier.list")
        #expect(tiers.text.contains("key       customers █████ 50%"))
        #expect(tiers.text.contains("          profit    ██████████ 97%"))
        #expect(tiers.text.contains("Key customers: Quanyu Hospital 360,000"))
        #expect(tiers.text.contains("Reward: Quanyu Hospital's purchases passed 300,000 (total 360,000)"))
        #expect(tiers.data["tiers"]?.arrayValue?.first?["customers"] == 1)
        let funnel = await h.say("pipeline")
        #expect(funnel.intent == "pipeline.show")
        #expect(funnel.text.hasPrefix("Sales funnel (2 customers, 0 MAN-qualified):\nlead      ████████████ 2"))
        // Both have ordered, so both are customers now (funnel rule): leads 0, reached 2.
        #expect(funnel.data["stages"]?.arrayValue?.first?["count"] == 0)
        #expect(funnel.text.contains("lead      ████████████ 2 (0 here)"))
        let card = await h.say("show Quanyu Hospital")
        #expect(card.text.contains("Tier: key · relationship: proactive (call regularly with suggestions)"))
        #expect(card.data["tier"] == "key")
        #expect(card.data["relationship_level"] == "proactive")
        let zh = await h.say("客户分级")
        #expect(zh.text.contains("关键客户 客户数 █████ 50%"))
    }

    @Test func birthdaysLoyaltyBriefingAndReport() async throws {
        let h = try harness()
        try await story(h)  // now 2027-01-21
        try await say(h, [
            "Wang Tong's birthday is Jan 25", "complaint from Quanyu Hospital: delivery was late",
            "remind me to call Wang Tong today", "log visit to Wang Tong: apologised",
        ])
        let b = await h.say("upcoming birthdays")
        #expect(b.intent == "birthday.list")
        #expect(b.text.hasPrefix("Birthdays in the next 30 days:\n• 2027-01-25 Wang Tong (Quanyu Hospital) — in 4 days"))
        let loyal = await h.say("how loyal is Quanyu Hospital")
        #expect(loyal.intent == "loyalty.show")
        #expect(loyal.text.contains("• repeat purchases: 2 (of 3 orders)"))
        #expect(loyal.text.contains("• complaints: 1 (33% of orders)"))
        #expect(loyal.data["lifetime_value"] == .double(1_800_000))
        days(h, 10)  // 2027-01-31: the complaint is 10 days old
        let brief = await h.say("what should I do today")
        #expect(brief.intent == "briefing")
        #expect(brief.text.contains("Overdue tasks:\n• #1 call Wang Tong (Quanyu Hospital) — due 2027-01-21"))
        #expect(brief.text.contains("Open complaints:\n• #1 Quanyu Hospital: delivery was late — open 10 days"))
        #expect(brief.text.contains("At risk:\n• Quanyu Hospital (key) — complaint 1 open for 10 days"))
        let report = await h.say("weekly report")
        #expect(report.intent == "report.show")
        #expect(report.data["period"] == "week")
        let zh = await h.say("今天该做什么")
        #expect(zh.text.hasPrefix("2027-01-31（周日）的工作安排："))
    }
}
