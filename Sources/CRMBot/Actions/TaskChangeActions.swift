import CRMDomain
import CRMSupport

/// task.cancel, task.reschedule and task.edit: fixing one of the rep's own open
/// tasks. Each is one recorded change that `undo` takes back; a cancelled task
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
