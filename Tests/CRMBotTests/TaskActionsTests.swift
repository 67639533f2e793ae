import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Testing

@Suite struct TaskActionsTests {
    @Test func addTaskEnglishAndChinese() async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say("remind me to call Zhou Hua next Tuesday")
        let id = Harness.id(r, "task_id") ?? 0
        #expect(r.text == "Task #\(id): call Zhou Hua — due Tue 2026-11-24.")
        #expect(r.data["customer"] == "Quanyu Hospital")
        #expect(r.data["due"] == "2026-11-24")
        let timed = await h.say("remind me to send the report tomorrow at 3pm")
        #expect(timed.text.hasSuffix(": send the report — due Mon 2026-11-23 15:00."))

        let z = Harness()
        await z.say("新建客户 全宇医院")
        await z.say("添加联系人 周华 全宇医院")
        let zr = await z.say("下周二提醒我给周华打电话")
        let zid = Harness.id(zr, "task_id") ?? 0
        #expect(zr.text == "已添加任务#\(zid)：给周华打电话——2026-11-24（周二）。")
    }

    @Test func listDefaultsToOverdueTodayAndNextWeek() async {
        let h = Harness()
        await h.seedHospital()
        let call = Harness.id(await h.say("remind me to call Zhou Hua next Tuesday"), "task_id") ?? 0
        let rent = Harness.id(await h.say("remind me to pay rent last month"), "task_id") ?? 0
        await h.say("someday read the manual")
        let r = await h.say("my tasks")
        #expect(r.text == """
            Overdue, today and the next 7 days:
            #\(rent) overdue Thu 2026-10-01 pay rent
            #\(call) Tue 2026-11-24 call Zhou Hua (Quanyu Hospital)
            Say "done \(rent)" when a task is finished.
            """)
        #expect(r.data["tasks"]?.arrayValue?.map { $0["id"]?.intValue } == [rent, call])
        #expect(r.data["tasks"]?.arrayValue?.last?["customer"] == "Quanyu Hospital")
        #expect((await h.say("all my tasks")).data["tasks"]?.arrayValue?.count == 3)
        #expect((await h.say("overdue tasks")).data["tasks"]?.arrayValue?.count == 1)
        let today = await h.say("what's due today")
        #expect(today.text == "No open tasks there (due today).")
        let zh = await h.say("我的任务")
        #expect(zh.text.hasPrefix("逾期、今天和未来7天的任务：\n#\(rent) 逾期 2026-10-01（周四） pay rent"))
    }

    @Test func doneOnlyForOwnOpenTasksAndRecurringCreatesNext() async {
        let h = Harness()
        let id = Harness.id(await h.say("check stock every week"), "task_id") ?? 0
        h.scripted.add("done \(id)", "task.done", [("ref", .number(Double(id)))])
        let other = await h.say("done \(id)", as: "someone.else")
        #expect(other.error?.code == "not_found")
        let r = await h.say("done \(id)")
        #expect(r.ok)
        let next = Harness.id(r, "next_task_id") ?? 0
        #expect(r.text == "Done: #\(id) check stock. Next: #\(next) Mon 2026-11-30.")
        #expect(r.data["next_due"] == "2026-11-30")
        let again = await h.say("done \(id)")
        #expect(again.error?.code == "already_done")
    }
}
