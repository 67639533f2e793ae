import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Testing

@Suite struct ConversationTests {
    @Test func missingWhoIsAskedAndAnsweredEnglish() async {
        let h = Harness()
        await h.seedHospital()
        let q = await h.say("log visit")
        #expect(q.ok)
        #expect(q.intent == "activity.log")
        #expect(q.text == "Visit with whom?")
        #expect(q.data["question"]?["slot"] == "who")
        let a = await h.say("Wang Tong")
        #expect(a.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22.")
    }

    @Test func bareAnswerKeepsTheQuestionsLanguage() async {
        let h = Harness()
        await h.say("新建客户 全宇医院")
        await h.say("添加联系人 王彤 全宇医院 采购部主任")
        let q = await h.say("拜访了")
        #expect(q.text == "拜访了谁？")
        // The answer is written in Latin letters but the reply stays Chinese.
        let a = await h.say("王彤")
        #expect(a.language == .zh)
        #expect(a.text == "已记录2026-11-22与王彤（全宇医院）的拜访。")
    }

    @Test func numberAnswerKeepsChinese() async {
        let h = Harness()
        await h.say("新建客户 全宇医院")
        let q = await h.say("全宇医院订了手机")
        #expect(q.language == .zh)
        let a = await h.say("120000")
        #expect(a.language == .zh)
        #expect(a.ok)
    }

    @Test(arguments: ["cancel", "never mind", "算了", "取消"])
    func cancelDropsTheQuestion(_ word: String) async {
        let h = Harness()
        await h.seedHospital()
        await h.say("log visit")
        let r = await h.say(word)
        #expect(r.ok)
        #expect(r.data["cancelled"] == true)
        #expect(r.text == "OK, cancelled.")
        let after = await h.say("Wang Tong")
        #expect(after.intent == "none")
    }

    @Test func cancelWithNothingPending() async {
        let h = Harness()
        #expect((await h.say("cancel")).text == "There is nothing to cancel.")
        #expect((await h.say("取消")).text == "没有需要取消的。")
    }

    /// A bare yes or no answers nothing when nothing was asked, and no value when a value
    /// was asked ("是的" was read as a contact's profile, or as a phone number "的").
    @Test func bareYesAnswersNothingButAConfirmation() async {
        let h = Harness()
        let yes = await h.say("是的")
        #expect(yes.intent == "none")
        #expect(yes.text == "现在没有需要确认的问题。")
        #expect((await h.say("ok")).text == "There is nothing to confirm right now.")
        await h.say("新建客户 全宇医院")
        let q = await h.say("全宇医院订了手机")
        #expect(q.data["question"] != nil)
        let again = await h.say("是的")
        #expect(again.text.hasPrefix("抱歉，没听懂。"))
        #expect(again.data["question"] != nil)
        let a = await h.say("120000")
        #expect(a.intent == "order.record")
        #expect(a.ok)
    }

    @Test func questionsExpireAfterTenMinutes() async {
        let h = Harness()
        await h.seedHospital()
        await h.say("log visit")
        h.clock.advance(minutes: 11)
        let r = await h.say("Wang Tong")
        #expect(r.intent == "none")

        await h.say("log visit")
        h.clock.advance(minutes: 9)
        let inTime = await h.say("Wang Tong")
        #expect(inTime.intent == "activity.log")
        #expect(inTime.ok)
    }

    @Test func aNewCompleteRequestReplacesTheQuestion() async {
        let h = Harness()
        await h.seedHospital()
        await h.say("log visit")
        let r = await h.say("show Wang Tong")
        #expect(r.intent == "customer.show")
        let after = await h.say("Wang Tong")
        #expect(after.intent == "none")
    }

    @Test func questionsArePerUser() async {
        let h = Harness()
        await h.seedHospital(as: "alice")
        await h.say("log visit", as: "alice")
        let bob = await h.say("Wang Tong", as: "bob")
        #expect(bob.intent == "none")
        let alice = await h.say("Wang Tong", as: "alice")
        #expect(alice.intent == "activity.log")
        #expect(alice.ok)
    }

    @Test func ambiguityThenAnotherMissingSlot() async {
        let h = Harness()
        await h.seedHospital()
        h.scripted.add("call Li Na", "activity.log", [("who", "Li Na")])
        let first = await h.say("call Li Na")
        #expect(first.text == "What kind of contact was it: visit, call, email, meeting, message, gift, letter or demo?")
        let second = await h.say("call")
        #expect(second.text.hasPrefix("Which Li Na?"))
        let third = await h.say("Quanyu Hospital")
        #expect(third.text == "Logged call with Li Na (Quanyu Hospital) on 2026-11-22.")
    }

    @Test func gibberishAnswerReasksTheQuestion() async {
        let h = Harness()
        await h.seedHospital()
        await h.say("log call with Li Na")
        let r = await h.say("zzz")
        #expect(r.ok)
        #expect(r.text.hasPrefix("Sorry, I didn't get that. Which Li Na?"))
    }
}

@Suite struct BareAnswerTests {
    @Test func aBareNameThatAlsoParsesAsARequestStillAnswers() async {
        let h = Harness()
        await h.seedHospital()
        h.scripted.add("Zhou Hua", "customer.show", [("who", "Zhou Hua")])
        await h.say("log visit")
        let r = await h.say("Zhou Hua")
        #expect(r.intent == "activity.log")
        #expect(r.text == "Logged visit with Zhou Hua (Quanyu Hospital) on 2026-11-22.")
    }
}
