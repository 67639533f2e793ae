import CRMSupport
import Foundation
import Testing

/// Deals, the forecast and quotas through the real binary (issue 9), in English and
/// Chinese: each change undone, closed deals refused, quotas only from an admin or a
/// manager, and another rep refused without learning anything.
@Suite(.serialized, .offThePool)
struct DealEndToEndTests {
    @Test("deal.add, deal.update, deal.won, deal.lost, deal.list, forecast.show, quota.set: undo of each; scope")
    func dealsThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        // The admin, named by `crmbot admin`, sets quotas.
        #expect(try BotSession.makeAdmin("Root", db: db) == "Added Root as an admin.")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in ["add customer Quanyu Hospital", "新建客户 市诊所"] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        func open() throws -> [String] {
            let r = try li.say("my deals")
            #expect(r.ok && r.intent == "deal.list", "\(r)")
            return (r.data?["deals"]?.arrayValue ?? []).map { d in
                "#\(d["deal_id"]?.intValue ?? 0) \(d["stage"]?.stringValue ?? "") \(d["probability"]?.intValue ?? 0)% \(d["amount"]?.intValue ?? 0)"
            }
        }

        // Open, in English: the stage's probability; the title and close date kept.
        let add = try li.say("new deal with Quanyu Hospital: 200 phones, 500k, closing end of month")
        #expect(add.ok && add.intent == "deal.add", "\(add)")
        #expect(add.text == "Opened deal #1 with Quanyu Hospital (200 phones): 500,000, closing 2026-11-30, qualifying (20%).", "\(add)")
        #expect(try open() == ["#1 qualifying 20% 500000"])

        // Move it along; each change undone puts it back.
        let move = try li.say("deal 1 is in negotiation")
        #expect(move.ok && move.text.contains("qualifying → negotiation") && move.text.contains("20% → 75%"), "\(move)")
        #expect(try open() == ["#1 negotiation 75% 500000"])
        #expect(try li.say("undo").text.contains("change to a deal with Quanyu Hospital"))
        #expect(try open() == ["#1 qualifying 20% 500000"])
        #expect(try li.say("deal 1 is in negotiation").ok)
        let amount = try li.say("商机1金额改成45万")
        #expect(amount.ok && amount.intent == "deal.update" && amount.text.contains("金额500,000→450,000"), "\(amount)")
        // A close date already past is refused; nothing changes.
        let past = try li.say("deal 1 closes nov 2")
        #expect(!past.ok && past.errorCode == "invalid", "\(past)")

        // In Chinese, a second deal; the forecast weighs both.
        let zh = try li.say("市诊所有个商机，8万，12月15号签约")
        #expect(zh.ok && zh.intent == "deal.add" && zh.text.contains("已新建市诊所的商机#2：80,000，预计2026-12-15成交"), "\(zh)")
        let month = try li.say("forecast this month")
        #expect(month.ok && month.intent == "forecast.show", "\(month)")
        #expect(month.text.contains("Li Ming: won 0 · weighted 337,500 · best case 450,000 (1 open)"), "\(month)")
        let quarter = try li.say("本季度预测")
        #expect(quarter.ok && quarter.text.contains("Li Ming：已赢单0 · 加权353,500 · 最好情况530,000（进行中2个）"), "\(quarter)")

        // Quotas: a rep may not set one; the admin does, and the forecast measures against it.
        let own = try li.say("Li Ming's quota is 1m this month")
        #expect(!own.ok && own.errorCode == "forbidden", "\(own)")
        let root = try BotSession(db: db, user: "Root")
        let quota = try root.say("Li Ming's quota is 500k this month")
        #expect(quota.ok && quota.intent == "quota.set" && quota.text == "Li Ming's quota for 2026-11 is 500,000.", "\(quota)")
        // 李明 is the rep "Li Ming": rep names match across scripts.
        let raise = try root.say("李明本月指标60万")
        #expect(raise.ok && raise.data?["rep"]?.stringValue == "Li Ming" && raise.text.contains("600,000"), "\(raise)")
        let again = try root.say("set Li Ming's quota to 700k")
        #expect(again.ok && again.text.contains("700,000 (was 600,000)"), "\(again)")
        // Two undos put the first quota back.
        #expect(try root.say("undo").ok)
        #expect(try root.say("undo").ok)
        #expect(try root.finish() == 0)

        // Won: the forecast counts it against the quota; undo reopens it; lost with a reason.
        let won = try li.say("won deal 1: signed today")
        #expect(won.ok && won.intent == "deal.won" && won.text.contains("won: 450,000 — signed today"), "\(won)")
        let after = try li.say("forecast this month")
        #expect(after.text.contains("won 450,000 · weighted 450,000 · best case 450,000 (0 open) · quota 500,000: 90% won, 90% weighted"), "\(after)")
        let closed = try li.say("deal 1 is in proposal")
        #expect(!closed.ok && closed.errorCode == "already_closed", "\(closed)")
        #expect(try li.say("undo").text.contains("marked won"))
        let lost = try li.say("商机1丢单了，原因是价格")
        #expect(lost.ok && lost.intent == "deal.lost" && lost.text.contains("丢单：价格"), "\(lost)")
        #expect(try open() == ["#2 qualifying 20% 80000"])
        let history = try li.say("deals for Quanyu Hospital")
        #expect(history.ok && history.text.contains("#1 Quanyu Hospital (200 phones): 450,000, lost 0%"), "\(history)")

        // Another rep: every deal verb answers as for a deal that does not exist.
        let bob = try BotSession(db: db, user: "Bob")
        for m in ["deal 2 is in negotiation", "won deal 2", "商机2丢单了", "deal 2 is now 1k"] {
            let r = try bob.say(m)
            #expect(!r.ok && r.errorCode == "not_found", "\(m) → \(r)")
            #expect(!r.text.contains("市诊所") && !r.text.contains("80,000"), "\(m) → \(r)")
        }
        let peek = try bob.say("forecast this quarter")
        #expect(peek.ok && !peek.text.contains("80,000") && !peek.text.contains("Li Ming"), "\(peek)")
        let mine = try bob.say("my deals")
        #expect(mine.ok && !mine.text.contains("市诊所"), "\(mine)")
        #expect(try bob.finish() == 0)
        #expect(try open() == ["#2 qualifying 20% 80000"])
        #expect(try li.finish() == 0)
    }
}
