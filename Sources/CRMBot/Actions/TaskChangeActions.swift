import CRMDomain
import CRMSupport

/// task.cancel, task.reschedule, task.edit and task.reassign: fixing one of the rep's
/// own open tasks (or, for a manager, giving one to a rep of the team). Each is one recorded change that `undo` takes back; a cancelled task
/// is kept in the history, never deleted.
enum TaskChangeActions {
    static func cancel(_ turn: Turn) async throws -> Done {
        let task = try await openTask(turn)
        let changed = try await turn.store.changeTask(task.id, .cancel, turn.context)
        return Done(
            text: turn.say(
                "Cancelled task #\(task.id): \(task.what). (\"undo\" brings it back.)",
                "已取消任务#\(task.id)：\(task.what)。（说“撤销”可以恢复）"),
            data: [("task_id", .int(task.id.rawValue)), ("what", .string(task.what)),
                ("cancelled_at", changed.cancelledAt.map { .string($0.iso) } ?? .null)])
    }

    static func reschedule(_ turn: Turn) async throws -> Done {
        let task = try await openTask(turn)
        guard let due = try turn.date("due") else { throw Interrupt.ask(Phrases.question(for: "due", in: turn)) }
        // "snooze 4 until 9am" said at 10:00 is tomorrow's 9am in no rep's mind: a past moment is refused.
        let past = due.date < turn.today
            || (due.date == turn.today && due.minuteOfDay.map { $0 < (turn.now.minuteOfDay ?? 0) } ?? false)
        guard !past else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "\(DateText.due(due, .en)) is already past. When should task #\(task.id) be due?",
                "\(DateText.due(due, .zh))已经过去了。任务#\(task.id)改到什么时候？")))
        }
        let changed = try await turn.store.changeTask(task.id, .due(due), turn.context)
        let lang = turn.language
        var text = turn.say("Task #\(task.id) \(task.what) is now due \(DateText.due(due, lang))",
            "任务#\(task.id) \(task.what) 改到\(DateText.due(due, lang))")
        if let before = task.due {
            text += turn.say(" (was \(DateText.due(before, lang))).", "（原来是\(DateText.due(before, lang))）。")
        } else {
            text += turn.say(".", "。")
        }
        return Done(
            text: text,
            data: [("task_id", .int(task.id.rawValue)), ("what", .string(task.what)),
                ("due", changed.due.map { .string($0.iso) } ?? .null),
                ("previous_due", task.due.map { .string($0.iso) } ?? .null)])
    }

    static func edit(_ turn: Turn) async throws -> Done {
        let task = try await openTask(turn)
        let what = try turn.requireText("what")
        guard what.count <= 1000 else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "That task is too long (at most 1,000 characters).", "任务内容太长了（最多1000字）。")))
        }
        guard what != task.what else {
            return Done(
                text: turn.say("Task #\(task.id) already says that.", "任务#\(task.id)已经是这个内容了。"),
                data: [("task_id", .int(task.id.rawValue)), ("what", .string(what)), ("unchanged", .bool(true))])
        }
        _ = try await turn.store.changeTask(task.id, .what(what), turn.context)
        return Done(
            text: turn.say("Task #\(task.id) now says: \(what) (was: \(task.what)).",
                "任务#\(task.id)已改为：\(what)（原来是：\(task.what)）。"),
            data: [("task_id", .int(task.id.rawValue)), ("what", .string(what)), ("previous_what", .string(task.what))])
    }

    /// "give task 9 to Li Ming": a manager moves a task within their team (to a rep who
    /// reports to them, or to themselves), an admin anywhere. A task of a rep outside the
    /// actor's team answers as a missing one; a plain rep is told who may.
    static func reassign(_ turn: Turn) async throws -> Done {
        let ref = try turn.requireInteger("ref")
        let targetName = try turn.requireText("rep")
        try turn.checkRepName(targetName)
        guard let task = try await turn.store.task(id: TaskID(ref)), let owner = try await turn.store.rep(id: task.repID),
            manages(turn.rep, owner)
        else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "You have no task #\(ref). Say \"my tasks\" to see them.", "你没有任务#\(ref)。说“我的任务”可以查看。")))
        }
        guard turn.rep.role != .rep else {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "Only a manager or an admin gives tasks to other reps. (\"reschedule task \(ref) to …\" moves its date.)",
                "只有经理或管理员可以把任务转给别人。（说“任务\(ref)改到…”可以改时间）")))
        }
        guard task.isOpen else {
            throw Interrupt.fail(BotError(code: task.doneAt != nil ? "already_done" : "cancelled", message: turn.say(
                "Task #\(ref) is \(task.doneAt != nil ? "already done" : "cancelled").",
                "任务#\(ref)\(task.doneAt != nil ? "已经完成了" : "已经取消了")。")))
        }
        guard let target = try await turn.knownRep(named: targetName), target.leftAt == nil else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "There is no active rep called \(targetName).", "没有叫\(targetName)的在职销售。")))
        }
        guard manages(turn.rep, target) else {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "You can give tasks only to yourself or a rep on your team.", "只能把任务转给自己或你团队里的销售。")))
        }
        guard target.id != task.repID else {
            return Done(
                text: turn.say("Task #\(ref) is already \(target.name)'s.", "任务#\(ref)本来就是\(target.name)的。"),
                data: [("task_id", .int(task.id.rawValue)), ("rep", .string(target.name)), ("unchanged", .bool(true))])
        }
        _ = try await turn.store.changeTask(task.id, .assign(target.id), turn.context)
        return Done(
            text: turn.say(
                "Task #\(ref) \(task.what) is now \(target.name)'s (was \(owner.name)'s).",
                "任务#\(ref) \(task.what) 已转给\(target.name)（原来是\(owner.name)的）。"),
            data: [
                ("task_id", .int(task.id.rawValue)), ("what", .string(task.what)), ("rep", .string(target.name)),
                ("rep_id", .int(target.id.rawValue)), ("previous_rep", .string(owner.name)),
            ])
    }

    /// Whether `actor` may move `rep`'s tasks: an admin anyone's, a manager their team's
    /// and their own, a rep their own.
    private static func manages(_ actor: Rep, _ rep: Rep) -> Bool {
        actor.role == .admin || rep.id == actor.id || (actor.role == .manager && rep.managerID == actor.id)
    }

    /// The rep's own open task named by `ref`; a clear refusal otherwise.
    private static func openTask(_ turn: Turn) async throws -> TaskItem {
        let ref = try turn.requireInteger("ref")
        guard let task = try await turn.store.task(id: TaskID(ref)), task.repID == turn.rep.id else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "You have no task #\(ref). Say \"my tasks\" to see them.", "你没有任务#\(ref)。说“我的任务”可以查看。")))
        }
        if task.doneAt != nil {
            throw Interrupt.fail(BotError(code: "already_done", message: turn.say(
                "Task #\(ref) is already done.", "任务#\(ref)已经完成了。")))
        }
        if task.cancelledAt != nil {
            throw Interrupt.fail(BotError(code: "cancelled", message: turn.say(
                "Task #\(ref) was cancelled. (\"undo\" right after cancelling brings it back.)",
                "任务#\(ref)已经取消了。（取消后马上说“撤销”可以恢复）")))
        }
        return task
    }
}
