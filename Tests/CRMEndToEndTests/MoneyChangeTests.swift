import CRMSupport
import Foundation
import Testing

/// Correcting, deleting and listing orders and payments through the real binary, in
/// English and Chinese: each change undone, and another rep refused without learning
/// anything.
@Suite(.serialized, .offThePool)
struct MoneyChangeEndToEndTests {
    @Test("order.correct, order.delete, order.list, payment.correct, payment.delete: undo of each; another rep refused")
    func fixingMoneyThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in ["add customer Quanyu Hospital", "Quanyu Hospital ordered 50 phones for 120k", "Quanyu Hospital paid 60k"] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        func orders() throws -> [String] {
            let r = try li.say("show orders for Quanyu Hospital")
            #expect(r.ok && r.intent == "order.list", "\(r)")
            return (r.data?["orders"]?.arrayValue ?? []).map { o in
                "#\(o["id"]?.intValue ?? 0) \(o["date"]?.stringValue ?? "") \(o["amount"]?.intValue ?? 0)"
            }
        }
        func outstanding() throws -> Int64? {
            try li.say("show Quanyu Hospital").data?["outstanding"]?.intValue
        }
        #expect(try orders() == ["#1 2026-11-22 120000"])

        // A mistyped amount, in English; undo puts it back.
        let fix = try li.say("order 1 was 12k")
        #expect(fix.ok && fix.intent == "order.correct", "\(fix)")
        #expect(fix.text == "Order #1 from Quanyu Hospital is now 12,000 (was 120,000).", "\(fix)")
        #expect(try orders() == ["#1 2026-11-22 12000"])
        #expect(try li.say("undo").text.contains("correction of an order from Quanyu Hospital"))
        #expect(try orders() == ["#1 2026-11-22 120000"])

        // The date, in Chinese.
        let date = try li.say("订单1的日期改成11月3号")
        #expect(date.ok && date.intent == "order.correct" && date.text.contains("日期已改为2026-11-03"), "\(date)")
        #expect(try orders() == ["#1 2026-11-03 120000"])
        #expect(try li.say("撤销").ok)
        #expect(try orders() == ["#1 2026-11-22 120000"])

        // Payments: correct and delete, each undone; the balance follows.
        #expect(try outstanding() == 60_000)
        let pay = try li.say("回款1改成6万5")
        #expect(pay.ok && pay.intent == "payment.correct" && pay.text.contains("已改为65,000（原来是60,000）"), "\(pay)")
        #expect(try outstanding() == 55_000)
        #expect(try li.say("undo").ok)
        let drop = try li.say("delete payment 1")
        #expect(drop.ok && drop.intent == "payment.delete", "\(drop)")
        #expect(try outstanding() == 120_000)
        #expect(try li.say("undo").ok)
        #expect(try outstanding() == 60_000)

        // Another rep: every verb refused as if the records did not exist; nothing changes.
        let bob = try BotSession(db: db, user: "Bob")
        for m in ["order 1 was 1k", "delete order 1", "删除订单1", "payment 1 was 1k", "删除回款1"] {
            let r = try bob.say(m)
            #expect(!r.ok && r.errorCode == "not_found", "\(m) → \(r)")
            #expect(!r.text.contains("Quanyu") && !r.text.contains("120,000"), "\(m) → \(r)")
        }
        let peek = try bob.say("show orders for Quanyu Hospital")
        #expect(!peek.text.contains("120,000"), "\(peek)")
        #expect(try bob.finish() == 0)

        // A wrong order deleted in Chinese, then brought back.
        let gone = try li.say("删除订单1")
        #expect(gone.ok && gone.intent == "order.delete" && gone.text.contains("已删除Quanyu Hospital的订单#1"), "\(gone)")
        #expect(try orders().isEmpty)
        #expect(try li.say("undo").ok)
        #expect(try orders() == ["#1 2026-11-22 120000"])
        #expect(try li.finish() == 0)
    }
}
