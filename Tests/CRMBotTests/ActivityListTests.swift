import CRMBot
import CRMDomain
import CRMSupport
import Testing

/// activity.list: what the rep logged on a day or so far this week, newest first —
/// their own activities only, on customers they may still see. Sunday 2026-11-22 09:00.
@Suite struct ActivityListTests {
    @Test func yesterdayAndThisWeekInBothLanguages() async throws {
        let h = try RealEngineTests().harness()
        for m in [
            "add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital",
            "log visit to Wang Tong: discussed the trial", "called Quanyu Hospital yesterday about pricing",
            "emailed Quanyu Hospital on Nov 10: the brochure",
        ] {
            let r = await h.say(m)
            try #require(r.ok && r.data["question"] == nil, "\(m) → \(r.text)")
        }
        let y = await h.say("what did i do yesterday")
        #expect(y.intent == "activity.list")
        #expect(y.text == "What you logged on 2026-11-21: 1\ncall Quanyu Hospital — pricing")
        #expect((await h.say("what did i do on nov 12")).text == "You logged nothing on 2026-11-12.")
        let week = await h.say("what have i done this week")
        #expect(week.text == """
            What you logged this week (2026-11-16 – 2026-11-22): 2
            2026-11-22 09:00 visit Wang Tong (Quanyu Hospital) — discussed the trial
            2026-11-21 call Quanyu Hospital — pricing
            """)
        let zh = await h.say("本周我做了什么")
        #expect(zh.text.hasPrefix("你本周记录的联系（2026-11-16至2026-11-22）：2条"))
        // Another rep sees none of it.
        let other = await h.say("what have i done this week", as: "zhang.wei")
        #expect(other.text == "You logged nothing this week.")
    }

    @Test func theFutureHasNoLog() async throws {
        let h = try RealEngineTests().harness()
        let r = await h.say("what did i do tomorrow")
        #expect(r.error?.code == "invalid")
    }
}
