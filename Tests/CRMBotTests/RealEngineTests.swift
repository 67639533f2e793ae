import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Foundation
import Testing

/// The bot with the real grammar engine (loaded from `<repo>/Intents`) on a real SQLite store.
@Suite struct RealEngineTests {
    static let engine: IntentEngine? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try? IntentEngine.load(directory: repo.appendingPathComponent("Intents").path)
    }()

    func harness() throws -> Harness {
        let engine = try #require(Self.engine, "the grammar in Intents/ must load")
        return Harness(parser: engine)
    }

    func seed(_ h: Harness) async throws {
        for m in [
            "add customer Quanyu Hospital", "add customer City Clinic",
            "add contact Wang Tong at Quanyu Hospital, head of purchasing",
            "add contact Zhou Hua at Quanyu Hospital, head of administration",
        ] {
            let r = await h.say(m)
            try #require(r.ok, "\(m) → \(r.text)")
        }
    }

    @Test func hospitalStoryEnglish() async throws {
        let h = try harness()
        try await seed(h)
        let visit = await h.say("log visit to Wang Tong: discussed the trial")
        #expect(visit.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22: discussed the trial.")
        let phone = await h.say("Wang Tong's phone is 13800001111")
        #expect(phone.text == "Wang Tong's phone: 13800001111 (was —).")
        let q = await h.say("log a visit: left a GSM trial phone")
        #expect(q.text == "Visit with whom?")
        let a = await h.say("Wang Tong")
        #expect(a.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22: left a GSM trial phone.")
        let order = await h.say("Quanyu Hospital ordered 50 phones for 120k")
        #expect(order.data["amount"] == .int(120_000))
        #expect(order.data["quantity"] == .int(50))
        let undo = await h.say("undo")
        #expect(undo.text == "Undone: order from Quanyu Hospital.")
        let undo2 = await h.say("undo")
        #expect(undo2.text == "Undone: visit logged for Wang Tong.")
        let profile = await h.say("Zhou Hua cares about logic and safety")
        #expect(profile.intent == "contact.profile")
        #expect(profile.text.hasPrefix("Zhou Hua: needs logic and safety"))
        let task = await h.say("remind me to call Zhou Hua next Tuesday")
        #expect(task.intent == "task.add")
        #expect(task.data["due"] == "2026-11-24")
        let card = await h.say("show Quanyu Hospital")
        #expect(card.intent == "customer.show")
        #expect(card.text.contains("Zhou Hua, head of administration — needs logic and safety"))
    }

    @Test func hospitalStoryChinese() async throws {
        let h = try harness()
        #expect((await h.say("新建客户全宇医院")).intent == "customer.add")
        #expect((await h.say("添加联系人王彤，全宇医院采购部主任")).intent == "contact.add")
        let visit = await h.say("拜访了王彤，讨论试用")
        #expect(visit.text == "已记录2026-11-22与王彤（全宇医院）的拜访：讨论试用。")
        let q = await h.say("记录拜访：带了试用手机")
        #expect(q.text == "拜访了谁？")
        let a = await h.say("王彤")
        #expect(a.text == "已记录2026-11-22与王彤（全宇医院）的拜访：带了试用手机。")
        #expect((await h.say("撤销")).text == "已撤销：给王彤记录的拜访。")
        let bad = await h.say("2月30日提醒我给全宇医院打电话")
        #expect(bad.text == "没有2月30日这一天，是哪一天？")
        let fixed = await h.say("明天")
        #expect(fixed.text.hasPrefix("已添加任务#"))
        #expect(fixed.data["due"] == "2026-11-23")
    }

    @Test func impossibleDateIsNotWritten() async throws {
        let h = try harness()
        try await seed(h)
        let r = await h.say("remind me to call Quanyu Hospital about the zebra order on Feb 30")
        #expect(r.text == "There is no Feb 30. Which date did you mean?")
        #expect(r.data["question"]?["slot"] == "due")
        let tasks = await h.say("show all my tasks")
        #expect(!tasks.text.contains("zebra"))
    }

    @Test func unknownMessageGetsSuggestions() async throws {
        let h = try harness()
        let r = await h.say("can you book me a flight to shanghai")
        #expect(r.intent == "none")
        #expect(r.ok)
        #expect(r.text.hasPrefix("Sorry, I didn't understand that."))
    }

    @Test func helpTopicsUseTheCatalog() async throws {
        let h = try harness()
        let r = await h.say("help visits")
        #expect(r.intent == "help")
        #expect(r.text.contains("log visit to Wang Tong: discussed the trial"))
        let zh = await h.say("帮助 拜访")
        #expect(zh.language == .zh)
        #expect(zh.text.hasPrefix("拜访、电话等联系："))
    }
}
