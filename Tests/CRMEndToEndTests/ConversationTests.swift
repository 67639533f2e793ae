import CRMSupport
import Foundation
import Testing

@Suite(.serialized, .offThePool)
struct ConversationTests {
    /// Quanyu Hospital with its contact Wang Tong.
    static func seed(_ bot: BotSession) throws {
        let a = try bot.say("add customer Quanyu Hospital")
        try #require(a.ok && a.intent == "customer.add", "\(a)")
        let b = try bot.say("add contact Wang Tong at Quanyu Hospital, head of purchasing")
        try #require(b.ok && b.intent == "contact.add", "\(b)")
    }

    @Test("undo removes the last write")
    func undoRemovesLastWrite() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let bot = try BotSession(db: tmp.file("crm.sqlite"))
        try Self.seed(bot)

        let log = try bot.say("called Wang Tong about the blue-case handsets")
        #expect(log.ok && log.intent == "activity.log", "\(log)")
        let before = try bot.say("show Wang Tong")
        #expect(before.ok && before.intent == "customer.show", "\(before)")
        #expect(before.mentions("blue-case"), "the card should list the call: \(before)")

        let undo = try bot.say("undo")
        #expect(undo.ok && undo.intent == "undo", "\(undo)")
        let after = try bot.say("show Wang Tong")
        #expect(after.ok && after.intent == "customer.show", "\(after)")
        #expect(!after.mentions("blue-case"), "undo should have removed the call: \(after)")
        #expect(after.mentions("Wang Tong"), "undo must remove only the last write: \(after)")

        #expect(try bot.finish() == 0)
    }

    @Test("undo survives a restart: the undone write stays gone")
    func undoIsDurable() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        do {
            let bot = try BotSession(db: db)
            try Self.seed(bot)
            #expect(try bot.say("Quanyu Hospital paid 7k").ok)
            #expect(try bot.say("undo").intent == "undo")
            try bot.finish()
        }
        let bot = try BotSession(db: db)
        let card = try bot.say("show Quanyu Hospital")
        #expect(card.ok, "\(card)")
        #expect(!card.dataContainsNumber(7000), "undone payment came back after restart: \(card)")
        try bot.finish()
    }

    @Test("a missing required slot gets a question; the next line answers it")
    func clarifyingQuestion() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        do {
            let bot = try BotSession(db: db)
            try Self.seed(bot)
            let question = try bot.say("log a visit: brought the trial handsets")
            #expect(question.ok, "\(question)")
            #expect(question.asksQuestion, "should ask with whom: \(question)")
            // The question itself wrote nothing: leave without answering and look.
            try bot.finish()
        }
        let bot = try BotSession(db: db)
        let untouched = try bot.say("show Wang Tong")
        #expect(untouched.ok && untouched.intent == "customer.show", "\(untouched)")
        #expect(!untouched.mentions("trial handsets"), "an unanswered question must not write: \(untouched)")

        let question = try bot.say("log a visit: brought the trial handsets")
        #expect(question.ok && question.asksQuestion, "\(question)")
        let answer = try bot.say("Wang Tong")
        #expect(answer.ok, "\(answer)")
        #expect(answer.intent == "activity.log", "the answer completes the visit: \(answer)")
        #expect(!answer.asksQuestion, "\(answer)")

        let card = try bot.say("show Wang Tong")
        #expect(card.mentions("trial handsets"), "the card should list the visit: \(card)")
        try bot.finish()
    }

    @Test("a clarifying question in Chinese")
    func clarifyingQuestionChinese() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let bot = try BotSession(db: tmp.file("crm.sqlite"))
        #expect(try bot.say("新建客户全宇医院").intent == "customer.add")
        #expect(try bot.say("添加联系人王彤，全宇医院采购部主任").intent == "contact.add")
        let question = try bot.say("记录拜访：带了试用手机")
        #expect(question.ok && question.asksQuestion, "\(question)")
        #expect(question.text.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF },
            "a Chinese message gets a Chinese reply: \(question)")
        let answer = try bot.say("王彤")
        #expect(answer.ok && answer.intent == "activity.log", "\(answer)")
        let card = try bot.say("查看王彤")
        #expect(card.mentions("试用手机"), "\(card)")
        try bot.finish()
    }
}
