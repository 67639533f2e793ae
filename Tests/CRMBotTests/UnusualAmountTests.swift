import CRMBot
import CRMDomain
import CRMSupport
import Testing

/// An amount far outside the customer's own history (more than 10× its largest order)
/// is shown and written only after a yes; "no" writes nothing. Real grammar, real store.
@Suite struct UnusualAmountTests {
    @Test func aHugeOrderIsConfirmedFirst() async throws {
        let h = try RealEngineTests().harness()
        #expect((await h.say("add customer Hengtai Machinery")).ok)
        #expect((await h.say("Hengtai Machinery ordered 20 pumps for 30k")).ok)
        let q = await h.say("Hengtai Machinery ordered 20 pumps for 3m")
        #expect(q.text == "3,000,000 is more than 10× the largest order on record for Hengtai Machinery (30,000). Record an order of 3,000,000? (yes / no)")
        #expect(q.data["order_id"] == nil)
        let no = await h.say("no")
        #expect(no.text == "OK, I didn't add anything.")
        // Still one order: the card's history holds 30,000 only.
        let again = await h.say("Hengtai Machinery ordered 20 pumps for 3m")
        #expect(again.data["order_id"] == nil)
        let yes = await h.say("yes")
        #expect(yes.ok)
        #expect(yes.data["amount"] == .int(3_000_000))
        // Within 10× writes at once.
        #expect(Harness.id(await h.say("Hengtai Machinery ordered 5 pumps for 250k"), "order_id") != nil)
    }

    @Test func aHugePaymentIsConfirmedFirstInChinese() async throws {
        let h = try RealEngineTests().harness()
        #expect((await h.say("新建客户 恒泰机械")).ok)
        #expect((await h.say("恒泰机械订了20台水泵，3万")).ok)
        let q = await h.say("恒泰机械回款300万")
        #expect(q.text == "3,000,000超过了恒泰机械历史最大订单（30,000）的10倍。确定记录回款3,000,000吗？（是 / 否）")
        let yes = await h.say("是")
        #expect(yes.ok)
        #expect(yes.data["amount"] == .int(3_000_000))
    }

    @Test func aFirstOrderHasNoHistoryToJudgeBy() async throws {
        let h = try RealEngineTests().harness()
        #expect((await h.say("add customer Orbit Labs")).ok)
        #expect(Harness.id(await h.say("Orbit Labs ordered 3 servers for 2m"), "order_id") != nil)
    }
}
