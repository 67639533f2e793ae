import CRMBot
import CRMDomain
import CRMSupport
import Testing

/// customer.history: one customer's or contact's visits, orders, complaints and
/// objections, newest first, in the rep's language — and only within what the rep may see.
@Suite struct HistoryActionTests {
    func seeded() async throws -> Harness {
        let h = try RealEngineTests().harness()
        for m in [
            "add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital, head of purchasing",
            "add contact Zhou Hua at Quanyu Hospital", "called Zhou Hua on Nov 18 about pricing",
            "Quanyu Hospital ordered 50 phones for 120k on Nov 19", "Zhou Hua says the price is too high",
            "log visit to Wang Tong: discussed the trial",
        ] {
            let r = await h.say(m)
            try #require(r.ok && r.data["question"] == nil, "\(m) → \(r.text)")
        }
        return h
    }

    @Test func aCustomersHistoryNewestFirst() async throws {
        let h = try await seeded()
        let r = await h.say("history with Quanyu Hospital")
        #expect(r.intent == "customer.history")
        #expect(r.text == """
            History with Quanyu Hospital, newest first:
            2026-11-22 visit (Wang Tong) — discussed the trial
            2026-11-22 objection (Zhou Hua): price — is too high
            2026-11-19 order #1: 120,000 for 50 × phones
            2026-11-18 call (Zhou Hua) — pricing
            """)
        #expect(r.data["entries"]?.arrayValue?.map { $0["kind"] } == ["activity", "objection", "order", "activity"])
        let zh = await h.say("查看Quanyu Hospital的往来记录")
        #expect(zh.text.hasPrefix("Quanyu Hospital的往来记录（最新在前）：\n2026-11-22 拜访（Wang Tong）——discussed the trial"))
    }

    @Test func aContactsHistoryKeepsToThatContact() async throws {
        let h = try await seeded()
        let r = await h.say("what happened with Zhou Hua")
        #expect(r.intent == "customer.history")
        #expect(r.text == """
            History with Zhou Hua (Quanyu Hospital), newest first:
            2026-11-22 objection: price — is too high
            2026-11-19 order #1: 120,000 for 50 × phones
            2026-11-18 call — pricing
            """)
    }

    @Test func anotherRepsCustomerStaysHidden() async throws {
        let h = try await seeded()
        let r = await h.say("history with Quanyu Hospital", as: "zhang.wei")
        #expect(r.ok == false || r.data["question"] != nil)
        #expect(!r.text.contains("discussed the trial"))
        #expect(!r.text.contains("120,000"))
    }

    @Test func nothingYet() async throws {
        let h = try RealEngineTests().harness()
        #expect((await h.say("add customer Orbit Labs")).ok)
        #expect((await h.say("history with Orbit Labs")).text == "Nothing recorded with Orbit Labs yet.")
    }
}
