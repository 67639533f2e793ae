import CRMBot
import CRMDomain
import CRMSupport
import Testing

@Suite struct MoneyActionsTests {
    @Test func orderEnglishAndData() async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say("Quanyu Hospital ordered 50 phones for 120k")
        #expect(r.ok)
        let id = Harness.id(r, "order_id") ?? 0
        // The first order makes the lead a customer (funnel rule, domain §4).
        #expect(r.text == "Recorded order #\(id) from Quanyu Hospital: 120,000 for 50 × phones on 2026-11-22. Quanyu Hospital is now a customer (was lead).")
        #expect(r.data["stage_changed"] == "customer")
        let second = await h.say("Quanyu Hospital ordered 50 phones for 120k")
        #expect(second.text.hasSuffix("on 2026-11-22.") && second.data["stage_changed"] == .null, "\(second.text)")
        #expect(r.data["amount"] == .int(120_000))
        #expect(r.data["quantity"] == .int(50))
        #expect(r.data["customer"] == "Quanyu Hospital")
        #expect(r.json.serialized.contains(#""amount":120000"#))
    }

    @Test func orderAndPaymentChinese() async {
        let h = Harness()
        await h.say("新建客户 全宇医院")
        let r = await h.say("全宇医院订了50部手机，12万")
        let id = Harness.id(r, "order_id") ?? 0
        #expect(r.text == "已记录全宇医院的订单#\(id)：120,000，50 × 手机，2026-11-22。全宇医院已从潜在客户转为普通客户。")
        let p = await h.say("全宇医院回款6万")
        #expect(p.text == "已记录全宇医院2026-11-22回款60,000（回款#1）。未回款：60,000。")
    }

    @Test func paymentEnglishShowsOutstanding() async {
        let h = Harness()
        await h.seedHospital()
        await h.say("Quanyu Hospital ordered 50 phones for 120k")
        let p = await h.say("Quanyu Hospital paid 60k")
        #expect(p.text == "Recorded payment #1 of 60,000 from Quanyu Hospital on 2026-11-22. Outstanding: 60,000.")
        #expect(p.data["outstanding"] == .int(60_000))
    }

    @Test(arguments: [
        ("Quanyu Hospital ordered for 0", "The amount must be more than zero."),
        ("Quanyu Hospital ordered for -5", "The amount must be more than zero."),
        ("Quanyu Hospital ordered for 2 trillion", "That amount is too large (the limit is 1,000,000,000,000) — please check it."),
        ("Quanyu Hospital paid 0", "The amount must be more than zero."),
        ("Quanyu Hospital paid a fraction of a cent", "The amount must be more than zero."),
    ])
    func badAmountsAreRefused(_ message: String, _ expected: String) async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say(message)
        #expect(!r.ok)
        #expect(r.error?.code == "invalid_amount")
        #expect(r.text == expected)
        let card = await h.say("show Quanyu Hospital")
        #expect(card.data["order_count"] == .int(0))
    }

    @Test func missingAmountIsAskedAndAnswered() async {
        let h = Harness()
        await h.seedHospital()
        let q = await h.say("Quanyu Hospital ordered phones")
        #expect(q.text == "How much was the order?")
        let a = await h.say("80k")
        #expect(a.ok)
        #expect(a.data["amount"] == .int(80_000))
        #expect(a.data["item"] == "phones")

        let z = Harness()
        await z.say("新建客户 全宇医院")
        let zq = await z.say("全宇医院订了手机")
        #expect(zq.text == "订单金额是多少？")
        let za = await z.say("12万")
        #expect(za.language == .zh)
        #expect(za.data["amount"] == .int(120_000))
    }
}
