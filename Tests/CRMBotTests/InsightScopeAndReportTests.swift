import CRMBot
import CRMDomain
import CRMInsights
import CRMIntents
import CRMSupport
import Foundation
import Testing

/// Access scopes for the warnings, the four warnings through customer.update, reports with
/// warnings raised and cleared, and the Chinese wording of the insight answers.
@Suite struct InsightScopeAndReportTests {
    func harness() throws -> Harness {
        let engine = try #require(InsightActionsTests.engine, "the grammar in Intents/ must load")
        return Harness(parser: engine)
    }

    func say(_ h: Harness, _ messages: [String], as user: String = "li.ming") async throws {
        for m in messages {
            let r = await h.say(m, as: user)
            try #require(r.ok, "\(m) → \(r.json.serialized)")
        }
    }

    @Test func managerSeesTheTeamRepsTheirOwn() async throws {
        let h = try harness()
        let admin = try await h.store.ensureRep(named: "Boss", role: .admin)
        let ctx = WriteContext(repID: admin.id, at: h.clock.now(), action: "rep.add")
        let meg = try await h.store.addRep(named: "Meg", role: .manager, managerID: nil, ctx)
        _ = try await h.store.addRep(named: "Li Ming", role: .rep, managerID: meg.id, ctx)
        _ = try await h.store.addRep(named: "Zhang Wei", role: .rep, managerID: nil, ctx)
        try await say(h, ["add customer Quanyu Hospital", "Quanyu Hospital ordered 50 phones for 120k"], as: "Li Ming")
        try await say(h, ["add customer Star Mall", "Star Mall ordered 5 phones for 5k"], as: "Zhang Wei")
        h.clock.advance(minutes: 40 * 1440)
        let team = await h.say("who is at risk", as: "Meg")
        #expect(team.data["scope"] == "team")
        #expect(team.data["rows"]?.arrayValue?.map { $0["customer"] } == ["Quanyu Hospital"])
        let mine = await h.say("show my warnings", as: "Meg")
        #expect(mine.data["scope"] == "mine")
        #expect(mine.data["rows"] == [])
        let all = await h.say("who is at risk", as: "Boss")
        #expect(all.data["scope"] == "all")
        #expect(all.data["rows"]?.arrayValue?.count == 2)
    }

    @Test func salesProgressAndExpenseWarnings() async throws {
        let h = try harness()
        try await say(h, [
            "add customer City Clinic", "set City Clinic sales plan to 30k", "set City Clinic expense budget to 5k",
            "set City Clinic cost to 6k", "City Clinic ordered 10 phones for 10k",
        ])
        // 2026-11-22: day 22 of 30, so 30,000 × 22 / 30 = 22,000 is expected by now.
        let r = await h.say("who is at risk")
        let lines = r.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("   sales progress: ordered 10,000 this month; plan 30,000, 22,000 expected by day 22 of 30"))
        #expect(lines.contains("   expense: cost 6,000 is over the budget of 5,000 by 1,000"))
        let warnings = r.data["rows"]?.arrayValue?.first?["warnings"]?.arrayValue ?? []
        #expect(warnings.map { $0["warning"] } == ["sales_progress", "expense"])
        #expect(warnings.first?["figures"]?["expected"] == .double(22_000))
        let zh = await h.say("预警")
        #expect(zh.text.contains("销售进度预警：本月计划 30,000，到第22/30天应达 22,000，实际订货 10,000"))
        #expect(zh.text.contains("费用预警：费用 6,000 超过预算 5,000（超出 1,000）"))
    }

    @Test func monthlyReportCountsActivityAndWarningsRaised() async throws {
        let h = try harness()
        try await say(h, [
            "add customer City Clinic", "add contact Li Na at City Clinic", "log visit to Li Na: first meeting",
            "called Li Na today about pricing", "City Clinic ordered 10 phones for 10k", "move City Clinic to prospect",
        ])
        h.clock.advance(minutes: 33 * 1440)  // 2026-12-25: 33 days without a second order
        let r = await h.say("monthly report")
        #expect(r.intent == "report.show")
        #expect(r.data["from"] == "2026-12-01")
        #expect(r.data["through"] == "2026-12-25")
        // As of Nov 30 the only order and the last contact were 8 days old; by Dec 25 both are
        // 33 days old: City Clinic (the only buyer, so a key account) stopped ordering and
        // went without contact — two warnings raised.
        #expect(
            r.data["team"]?["warnings_raised"]?.arrayValue?.map { $0["reason"] }
                == ["stopped_ordering", "key_account_no_contact"])
        #expect(r.data["team"]?["warnings_cleared"] == [])
        #expect(r.text.contains("warnings raised 2, cleared 0"))
        h.clock.advance(minutes: -33 * 1440)
        let nov = await h.say("monthly report")
        #expect(nov.data["team"]?["activity_total"] == 2)
        #expect(nov.data["team"]?["activities"] == .object([("visit", 1), ("call", 1)]))
        #expect(nov.data["team"]?["new_customers"] == 1)
        #expect(nov.data["team"]?["orders"] == 1)
        #expect(nov.data["team"]?["revenue"] == .double(10_000))
        #expect(nov.data["team"]?["stage_moves"]?.arrayValue?.map { $0["to"] } == ["customer", "prospect"])
        #expect(nov.text.contains("stage moves: customer→prospect 1, lead→customer 1"))
        #expect(nov.data["team"]?["quota"] == .null)
        // A monthly quota (set by a manager or admin) is measured against the month's orders.
        let rep = try #require(try await h.store.rep(named: "li.ming"))
        let ctx = WriteContext(repID: rep.id, at: h.clock.now(), action: "quota.set")
        _ = try await h.store.setQuota(Quota(repID: rep.id, month: try #require(CivilDate(iso: "2026-11-01")), amount: Money(cents: 40_000_00)), ctx)
        let withQuota = await h.say("monthly report")
        #expect(withQuota.data["team"]?["quota"] == .double(40_000))
        #expect(withQuota.text.contains("quota 40,000: 25% reached in orders"), "\(withQuota.text)")
        let zh = await h.say("本月报告")
        #expect(zh.text.contains("指标40,000：订单已完成25%"))
        #expect(zh.text.hasPrefix("本月（2026-11-01 – 2026-11-22）："))
        #expect(zh.text.contains("活动2次：拜访 1，电话 1"))
        // The same quota is the sales-progress warning for the rep: 10,000 by Nov 22 is behind
        // the 29,333 a 40,000 month expects by then (domain §10.2).
        let risk = await h.say("who is at risk")
        #expect(risk.text.contains("Behind quota this month:\n• li.ming: 10,000 of 40,000, behind the 29,333 expected by day 22 of 30"), "\(risk.text)")
        #expect(risk.data["quota_warnings"]?.arrayValue?.first?["rep"] == "li.ming")
        let zhRisk = await h.say("哪些客户有流失风险")
        #expect(zhRisk.text.contains("本月指标进度落后：\n• li.ming：已完成10,000，指标40,000，按进度第22天（共30天）应达29,333"), "\(zhRisk.text)")
    }

    @Test func thresholdsComeFromTheBotOptions() async throws {
        let h = try harness()
        try await say(h, ["add customer City Clinic", "City Clinic ordered 10 phones for 10k"])
        h.clock.advance(minutes: 11 * 1440)
        var options = BotOptions()
        options.insights.churnMinimumDays = 10
        let strict = Bot(store: h.store, parser: h.parser, clock: h.clock, options: options)
        let r = await strict.respond(to: BotRequest(user: "li.ming", text: "who is at risk"))
        #expect(r.text.contains("no order for 11 days (last 2026-11-22, the only order); warning after 10"))
        // The default (30 days) sees nothing yet.
        #expect(await h.say("who is at risk").data["customers"] == 0)
    }

    @Test func reportForSomeoneOutsideTheTeamIsRefused() async throws {
        let h = try harness()
        try await say(h, ["add customer City Clinic"], as: "zhang.wei")
        let r = await h.say("report for zhang.wei this month", as: "li.ming")
        #expect(!r.ok)
        #expect(r.error?.code == "not_found")
    }

    @Test func chineseAnswers() async throws {
        let h = try harness()
        try await say(h, [
            "新建客户 全宇医院", "添加联系人 王彤 全宇医院 采购部主任", "添加联系人 周华 全宇医院 行政部主任",
            "王彤的生日是11月27日", "全宇医院订了50部手机，12万", "周华说价格太高了",
        ])
        let b = await h.say("最近谁过生日")
        #expect(b.intent == "birthday.list")
        #expect(b.text.hasPrefix("未来30天内过生日的有：\n• 2026-11-27 王彤（全宇医院）——5天后"))
        let l = await h.say("全宇医院的忠诚度")
        #expect(l.intent == "loyalty.show")
        #expect(l.text.contains("• 重复购买：0次（共1笔订单）"))
        #expect(l.text.contains("• 客户终身价值约600,000（年消费120,000×5年，每次转介绍+10%）"))
        let p = await h.say("销售漏斗")
        #expect(p.text.hasPrefix("销售漏斗（共1个客户，0个MAN合格）：\n潜在客户 ████████████ 1"))
        let card = await h.say("查看全宇医院")
        #expect(card.text.contains("价值分级：关键客户 · 关系层次：能动型（经常主动联系并提出建议）"))
    }
}
