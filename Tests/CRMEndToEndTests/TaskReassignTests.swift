import CRMSupport
import Foundation
import Testing

/// task.reassign through the real binary (issue 9): a manager gives a task of their
/// team to another rep of it (undone), a rep may not, and a manager of another team
/// learns nothing about the task.
@Suite(.serialized, .offThePool)
struct TaskReassignEndToEndTests {
    @Test("a manager reassigns within the team, in both languages; undo; a rep and another manager are refused")
    func reassign() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        try BotSession.makeAdmin("Boss", db: db)
        let boss = try BotSession(db: db, user: "Boss")
        for m in ["add rep Mona", "make Mona a manager", "add rep Otto", "make Otto a manager", "add rep Li Ming", "add rep Zhang Wei",
            "Li Ming reports to Mona", "Zhang Wei reports to Mona"]
        {
            let r = try boss.say(m)
            try #require(r.ok, "\(m) → \(r)")
        }
        #expect(try boss.finish() == 0)
        let li = try BotSession(db: db, user: "Li Ming")
        let task = try li.say("remind me to call Wang Tong on friday")
        try #require(task.ok && task.data?["task_id"]?.intValue == 1, "\(task)")
        // A rep may not give their task away.
        let own = try li.say("give task 1 to Zhang Wei")
        #expect(!own.ok && own.errorCode == "forbidden" && own.message.hasPrefix("Only a manager or an admin gives tasks"), "\(own)")

        let otto = try BotSession(db: db, user: "Otto")
        let peek = try otto.say("give task 1 to Otto")
        #expect(!peek.ok && peek.errorCode == "not_found" && !peek.message.contains("Wang Tong"), "\(peek)")
        #expect(try otto.finish() == 0)

        let mona = try BotSession(db: db, user: "Mona")
        let give = try mona.say("give task 1 to Zhang Wei")
        #expect(give.ok && give.text == "Task #1 call Wang Tong is now Zhang Wei's (was Li Ming's).", "\(give)")
        #expect(!(try li.say("my tasks").text.contains("Wang Tong")))
        let zhang = try BotSession(db: db, user: "Zhang Wei")
        #expect(try zhang.say("my tasks").text.contains("call Wang Tong"))
        let outside = try mona.say("give task 1 to Otto")
        #expect(!outside.ok && outside.errorCode == "forbidden", "\(outside)")
        #expect(try mona.say("undo").ok)
        #expect(try li.say("my tasks").text.contains("call Wang Tong"))
        // 张伟 is the rep "Zhang Wei": rep names match across scripts.
        let zh = try mona.say("把任务1交给张伟")
        #expect(zh.ok && zh.text == "任务#1 call Wang Tong 已转给Zhang Wei（原来是Li Ming的）。", "\(zh)")
        for s in [li, zhang, mona] { #expect(try s.finish() == 0) }
    }

    @Test("task.list for a customer: its open tasks, whoever's, in both languages; another rep learns nothing")
    func tasksOfACustomer() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in ["add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital", "remind me to call Wang Tong on friday",
            "remind me to send Quanyu Hospital the quote tomorrow", "remind me to renew my badge tomorrow"]
        {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        let list = try li.say("tasks for Quanyu Hospital")
        #expect(list.ok && list.intent == "task.list", "\(list)")
        #expect(list.text == "Open tasks about Quanyu Hospital:\n#2 Mon 2026-11-23 send Quanyu Hospital the quote\n#1 Fri 2026-11-27 call Wang Tong", "\(list.text)")
        let zh = try li.say("Quanyu Hospital的任务")
        #expect(zh.ok && zh.text.hasPrefix("Quanyu Hospital的待办任务：") && !zh.text.contains("badge"), "\(zh)")
        let bob = try BotSession(db: db, user: "Bob")
        let peek = try bob.say("tasks for Quanyu Hospital")
        #expect(!peek.ok && peek.errorCode == "not_found" && !peek.message.contains("Wang Tong"), "\(peek)")
        #expect(try bob.finish() == 0)
        #expect(try li.finish() == 0)
    }
}
