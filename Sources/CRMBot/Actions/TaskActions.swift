import CRMDomain
import CRMSupport

/// task.add, task.list and task.done: the rep's own to-dos.
enum TaskActions {
    static func add(_ turn: Turn) async throws -> Done {
        let what = try turn.requireText("what")
        guard what.count <= 1000 else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "That task is too long (at most 1,000 characters).", "任务内容太长了（最多1000字）。")))
        }
        var entry: DirectoryEntry?
        var unknownWho: String?
        if turn.text("who") != nil {
            entry = try await turn.knownParty("who")
            if entry == nil { unknownWho = turn.lookupName("who") }
        } else {
            let candidates = try await turn.store.findParties(
                namedAnyOf: NameResolver.mentionTerms(in: what), in: turn.scope, limit: Turn.candidateLimit)
            entry = NameResolver(entries: candidates).mentioned(in: what)
        }
        let recurrence = try turn.enumeration("repeat", Recurrence.self)
        var due = try turn.date("due")
        if recurrence == .monthEnd { due = LocalDateTime(date: (due?.date ?? turn.today).endOfMonth, minuteOfDay: due?.minuteOfDay) }
        if recurrence != nil, due == nil { due = LocalDateTime(date: turn.today) }
        let until = recurrence == nil ? nil : try turn.date("until")?.date
        if let until, let first = due?.date, until < first {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "It would stop repeating (\(DateText.day(until))) before it is first due (\(DateText.day(first))). Until when should it repeat?",
                "结束日期（\(DateText.day(until))）早于第一次（\(DateText.day(first))）。要重复到什么时候？")))
        }
        let task = try await turn.store.addTask(
            NewTask(
                repID: turn.rep.id, what: what, customerID: entry?.customerID,
                contactID: entry.flatMap(ActivityActions.contactID), due: due, recurrence: recurrence, repeatUntil: until),
            turn.context)
        let lang = turn.language
        var text = turn.say("Task #\(task.id): \(what)", "已添加任务#\(task.id)：\(what)")
        if let due { text += turn.say(" — due \(DateText.due(due, lang))", "——\(DateText.due(due, lang))") }
        if let recurrence {
            let end = until.map { turn.say(" until \(DateText.day($0))", "，到\(DateText.day($0))为止") } ?? ""
            text += turn.say(" (repeats \(Vocabulary.recurrence(recurrence, lang))\(end))", "（\(Vocabulary.recurrence(recurrence, lang))重复\(end)）")
        }
        text += turn.say(".", "。")
        if let unknownWho {
            text += turn.say(
                " I don't know '\(unknownWho)' yet, so it isn't linked to a customer.",
                "我还不认识“\(unknownWho)”，所以没有关联客户。")
        }
        return Done(text: text, data: [("task_id", .int(task.id.rawValue))] + rowPairs(task, entry?.customerName).dropFirst())
    }

    /// Which open tasks task.list shows.
    enum Range: String {
        case today, week, overdue, all, upcoming
    }

    /// Tasks shown at most for one customer.
    static let customerListLimit = 50

    /// "tasks for Quanyu Hospital" / "全宇医院的任务": the open tasks about one customer the
    /// rep may see, whoever's they are.
    static func listForCustomer(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        _ = try await turn.customer(entry.customerID)
        let tasks = try await turn.store.openTasks(about: entry.customerID, limit: customerListLimit + 1)
        let shown = tasks.prefix(customerListLimit)
        var reps: [RepID: String] = [:]
        for t in shown where reps[t.repID] == nil { reps[t.repID] = try await turn.store.rep(id: t.repID)?.name }
        var lines: [String]
        if shown.isEmpty {
            lines = [turn.say("No open tasks about \(entry.customerName).", "\(entry.customerName)没有待办任务。")]
        } else {
            lines = [turn.say("Open tasks about \(entry.customerName):", "\(entry.customerName)的待办任务：")]
            for t in shown {
                lines.append(line(t, aside: t.repID != turn.rep.id ? reps[t.repID] : nil, turn))
            }
            if tasks.count > shown.count { lines.append(turn.say("(the first \(shown.count))", "（只显示前\(shown.count)个）")) }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("customer_id", .int(entry.customerID.rawValue)), ("customer", .string(entry.customerName)),
                ("tasks", .array(shown.map { t in .object(rowPairs(t, entry.customerName) + [("rep", .string(reps[t.repID] ?? ""))]) })),
            ])
    }

    static func list(_ turn: Turn) async throws -> Done {
        if turn.text("who") != nil { return try await listForCustomer(turn) }
        let range = turn.text("range").flatMap { Range(rawValue: TextMatching.fold($0)) } ?? .upcoming
        let today = turn.today
        let horizon = today.adding(days: turn.options.upcomingDays)
        let dueBefore: CivilDate?
        switch range {
        case .today: dueBefore = today.adding(days: 1)
        case .week: dueBefore = today.adding(days: 7)
        case .overdue: dueBefore = today
        case .all: dueBefore = nil
        case .upcoming: dueBefore = horizon.adding(days: 1)
        }
        let tasks = try await turn.store.openTasks(for: turn.rep.id, dueBefore: dueBefore).filter { t in
            guard let due = t.due?.date else { return range == .all }
            switch range {
            case .today: return due == today
            case .week: return due >= today && due <= today.adding(days: 6)
            case .overdue: return due < today
            case .all: return true
            case .upcoming: return due <= horizon
            }
        }
        let linked = try await turn.entries(for: tasks.compactMap { $0.customerID.map(PartyRef.customer) })
        let names = Dictionary(linked.map { ($0.customerID, $0.customerName) }, uniquingKeysWith: { a, _ in a })
        let title: String
        switch range {
        case .today: title = turn.say("Due today", "今天的任务")
        case .week: title = turn.say("Due in the next 7 days", "未来7天的任务")
        case .overdue: title = turn.say("Overdue", "逾期任务")
        case .all: title = turn.say("All open tasks", "全部待办任务")
        case .upcoming: title = turn.say("Overdue, today and the next \(turn.options.upcomingDays) days", "逾期、今天和未来\(turn.options.upcomingDays)天的任务")
        }
        var lines: [String]
        if tasks.isEmpty {
            lines = [turn.say("No open tasks there (\(title.lowercased())).", "没有待办任务（\(title)）。")]
        } else {
            lines = [title + turn.say(":", "：")]
            for t in tasks { lines.append(line(t, aside: t.customerID.flatMap { names[$0] }, turn)) }
            if let first = tasks.first {
                lines.append(turn.say("Say \"done \(first.id)\" when a task is finished.", "完成后说“任务\(first.id)完成”。"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [("range", .string(range.rawValue)), ("tasks", .array(tasks.map { row($0, $0.customerID.flatMap { names[$0] }) }))])
    }

    static func done(_ turn: Turn) async throws -> Done {
        let ref = try turn.requireInteger("ref")
        guard let task = try await turn.store.task(id: TaskID(ref)), task.repID == turn.rep.id else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "You have no task #\(ref). Say \"my tasks\" to see them.", "你没有任务#\(ref)。说“我的任务”可以查看。")))
        }
        guard task.cancelledAt == nil else {
            throw Interrupt.fail(BotError(code: "cancelled", message: turn.say(
                "Task #\(ref) was cancelled.", "任务#\(ref)已经取消了。")))
        }
        guard task.isOpen else {
            throw Interrupt.fail(BotError(code: "already_done", message: turn.say(
                "Task #\(ref) is already done.", "任务#\(ref)已经完成了。")))
        }
        var next: NewTask?
        var ended = false
        if let r = task.recurrence {
            let from = task.due ?? LocalDateTime(date: turn.today)
            let nextDate = r.next(after: from.date)
            if let until = task.repeatUntil, nextDate > until {
                ended = true
            } else {
                next = NewTask(
                    repID: task.repID, what: task.what, customerID: task.customerID, contactID: task.contactID,
                    due: LocalDateTime(date: nextDate, minuteOfDay: from.minuteOfDay), recurrence: r,
                    repeatUntil: task.repeatUntil)
            }
        }
        let result = try await turn.store.completeTask(task.id, next: next, turn.context)
        let lang = turn.language
        var text = turn.say("Done: #\(task.id) \(task.what).", "已完成：#\(task.id) \(task.what)。")
        var data: [(String, JSONValue)] = [("task_id", .int(task.id.rawValue)), ("what", .string(task.what))]
        if let n = result.next {
            let due = n.due.map { DateText.due($0, lang) } ?? ""
            text += turn.say(" Next: #\(n.id) \(due).", "下一次：#\(n.id) \(due)。")
            data.append(("next_task_id", .int(n.id.rawValue)))
            data.append(("next_due", n.due.map { .string($0.iso) } ?? .null))
        }
        if ended, let until = task.repeatUntil {
            text += turn.say(" That was the last one (it repeated until \(DateText.day(until))).", "这是最后一次（重复到\(DateText.day(until))为止）。")
            data.append(("repeat_ended", true))
        }
        return Done(text: text, data: data)
    }

    /// "#3 overdue Fri 2026-11-20 call Zhou Hua (Quanyu Hospital)": one task of a list, with
    /// `aside` (its customer, or another rep's name) in brackets.
    static func line(_ t: TaskItem, aside: String?, _ turn: Turn) -> String {
        var s = "#\(t.id) "
        if let due = t.due {
            if due.date < turn.today { s += turn.say("overdue ", "逾期 ") }
            s += DateText.due(due, turn.language) + " "
        }
        s += t.what
        if let aside { s += turn.say(" (\(aside))", "（\(aside)）") }
        return s
    }

    static func row(_ t: TaskItem, _ customer: String?) -> JSONValue { .object(rowPairs(t, customer)) }

    static func rowPairs(_ t: TaskItem, _ customer: String?) -> [(String, JSONValue)] {
        [
            ("id", .int(t.id.rawValue)), ("what", .string(t.what)), ("due", t.due.map { .string($0.iso) } ?? .null),
            ("customer", customer.map { .string($0) } ?? .null),
            ("customer_id", t.customerID.map { .int($0.rawValue) } ?? .null),
            ("repeat", t.recurrence.map { .string($0.rawValue) } ?? .null),
        ] + (t.repeatUntil.map { [("repeat_until", .string($0.iso))] } ?? [])
    }
}
