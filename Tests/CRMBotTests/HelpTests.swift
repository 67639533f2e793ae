import CRMBot
import CRMDomain
import CRMSupport
import Testing

@Suite struct HelpTests {
    @Test func overviewGroupsByTopic() async {
        let h = Harness()
        let r = await h.say("help")
        #expect(r.ok)
        #expect(r.text.contains("• Customers and contacts: add customer Quanyu Hospital"))
        #expect(r.text.contains("• Tasks and reminders: remind me to call Zhou Hua next Tuesday"))
        #expect(r.data["topics"]?.arrayValue?.count == 9)
        #expect(!r.text.contains("Coming later"))
        let zh = await h.say("帮助")
        #expect(zh.text.contains("• 任务和提醒：下周二提醒我给周华打电话"))
    }

    @Test func topicGivesExamplesPerIntent() async {
        let h = Harness()
        let r = await h.say("help visits")
        #expect(r.text.hasPrefix("Visits, calls and other contact:\nSummary of activity.log.\n  • log visit to Wang Tong: discussed the trial"))
        let rows = r.data["intents"]?.arrayValue ?? []
        #expect(rows.first?["intent"] == "activity.log")
        #expect(rows.first?["examples"]?.arrayValue?.count == 3)
        let zh = await h.say("帮助 任务")
        #expect(zh.text.hasPrefix("任务和提醒："))
        #expect(zh.text.contains("  • 下周二提醒我给周华打电话"))
    }

    @Test func noneGivesSuggestionsAsExamples() async {
        let h = Harness()
        let r = await h.say("blah blah")
        #expect(r.ok)
        #expect(r.intent == "none")
        #expect(r.text == """
            Sorry, I didn't understand that. You could try:
            • log visit to Wang Tong: discussed the trial
            • remind me to call Zhou Hua next Tuesday
            """)
        #expect(r.data["suggestions"]?.arrayValue?.count == 2)
        let zh = await h.say("胡说八道")
        #expect(zh.text == "抱歉，我没听懂。你可以试试：\n• 拜访了王彤，讨论试用")
        let bare = await h.say("qwerty")
        #expect(bare.text == "Sorry, I didn't understand that. Type help to see what I can do.")
    }
}
