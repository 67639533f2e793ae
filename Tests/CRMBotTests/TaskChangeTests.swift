import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Testing

/// Cancel, reschedule (snooze) and edit a task by message, with the real grammar on a
/// real SQLite store: only the rep's own open tasks, one change each, and `undo`
/// takes it back. The clock is Sunday 2026-11-22 09:00.
@Suite struct TaskChangeTests {
    func harness() throws -> Harness {
        try RealEngineTests().harness()
    }

    func openTasks(_ h: Harness, _ user: String = "li.ming") async -> [JSONValue] {
        (await h.say("all my tasks", as: user)).data["tasks"]?.arrayValue ?? []
    }

    @Test func rescheduleMovesTheDueDateAndUndoMovesItBack() async throws {
        let h = try harness()
        let id = try #require(Harness.id(await h.say("remind me to send the quote tomorrow"), "task_id"))
        let r = await h.say("reschedule task \(id) to friday 3pm")
        #expect(r.intent == "task.reschedule")
        #expect(r.text == "Task #\(id) send the quote is now due Fri 2026-11-27 15:00 (was Mon 2026-11-23).")
        #expect(r.data["due"] == "2026-11-27T15:00")
        #expect(await openTasks(h).first?["due"] == "2026-11-27T15:00")
        // Nothing new was created: still one task.
        #expect(await openTasks(h).count == 1)
        let undo = await h.say("undo")
        #expect(undo.ok)
        #expect(await openTasks(h).first?["due"] == "2026-11-23")

        let zh = await h.say("任务\(id)推迟到下周三")
        #expect(zh.text == "任务#\(id) send the quote 改到2026-11-25（周三）（原来是2026-11-23（周一））。")
    }

    @Test func snoozeWithoutADateAsksUntilWhen() async throws {
        let h = try harness()
        let id = try #require(Harness.id(await h.say("remind me to call Zhou Hua tomorrow"), "task_id"))
        let q = await h.say("snooze \(id)")
        #expect(q.text == "To when?")
        let r = await h.say("monday")
        #expect(r.intent == "task.reschedule")
        #expect(r.data["due"] == "2026-11-23")
        let past = await h.say("reschedule task \(id) to yesterday")
        #expect(past.error?.code == "invalid")
        #expect(await openTasks(h).first?["due"] == "2026-11-23")
    }

    @Test func cancelKeepsTheTaskOutOfListsAndUndoBringsItBack() async throws {
        let h = try harness()
        let id = try #require(Harness.id(await h.say("remind me to book the venue next tuesday"), "task_id"))
        let r = await h.say("cancel task \(id)")
        #expect(r.intent == "task.cancel")
        #expect(r.text == "Cancelled task #\(id): book the venue. (\"undo\" brings it back.)")
        #expect(await openTasks(h).isEmpty)
        // A cancelled task cannot be finished or moved; nothing is written.
        #expect((await h.say("done \(id)")).error?.code == "cancelled")
        #expect((await h.say("reschedule task \(id) to friday")).error?.code == "cancelled")
        #expect((await h.say("undo")).ok)
        #expect(await openTasks(h).map { $0["id"]?.intValue } == [Int64(id)])
        let zh = await h.say("取消任务\(id)")
        #expect(zh.text == "已取消任务#\(id)：book the venue。（说“撤销”可以恢复）")
    }

    @Test func editChangesTheText() async throws {
        let h = try harness()
        let id = try #require(Harness.id(await h.say("remind me to call Zhou Hua on friday"), "task_id"))
        let r = await h.say("change task \(id) to email Zhou Hua the price list")
        #expect(r.intent == "task.edit")
        #expect(r.text == "Task #\(id) now says: email Zhou Hua the price list (was: call Zhou Hua).")
        #expect(await openTasks(h).first?["what"] == "email Zhou Hua the price list")
        let zh = await h.say("任务\(id)改成给周华打电话")
        #expect(zh.text == "任务#\(id)已改为：给周华打电话（原来是：email Zhou Hua the price list）。")
    }

    @Test func anotherRepsTaskIsNeitherFoundNorChanged() async throws {
        let h = try harness()
        let id = try #require(Harness.id(await h.say("remind me to renew the contract next week"), "task_id"))
        for message in ["cancel task \(id)", "reschedule task \(id) to friday", "change task \(id) to nothing much"] {
            let r = await h.say(message, as: "zhang.wei")
            #expect(r.error?.code == "not_found", "\(message)")
        }
        let mine = await openTasks(h)
        #expect(mine.first?["what"] == "renew the contract")
        #expect(mine.first?["due"] == "2026-11-23")
        // Zhang Wei's undo cannot touch Li Ming's task either.
        #expect((await h.say("undo", as: "zhang.wei")).text == "There is nothing to undo.")
        #expect(await openTasks(h).count == 1)
    }

    @Test func cancellingAMissingOrderOrAskingToDeleteACustomerWritesNothing() async throws {
        let h = try harness()
        #expect((await h.say("add customer Quanyu Hospital")).ok)
        let r = await h.say("cancel order 5")
        #expect(r.ok == false && r.intent == "order.delete" && r.error?.code == "not_found")
        let customer = await h.say("删除客户Quanyu Hospital")
        // A delete shows what would go and waits for a yes: a question, not a write.
        #expect(customer.intent == "customer.delete" && customer.data["question"] != nil, "\(customer.text)")
        #expect(customer.text.hasPrefix("删除Quanyu Hospital（#1）吗？"), "\(customer.text)")
        #expect((await h.say("不")).text == "好的，没有改动。")
        // The last change is still the customer: nothing was written.
        let undo = await h.say("undo")
        #expect(undo.text.contains("customer Quanyu Hospital added"))
    }
}
