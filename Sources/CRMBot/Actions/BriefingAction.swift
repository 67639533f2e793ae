import CRMDomain
import CRMInsights
import CRMSupport

/// briefing: today's plan in one reply — overdue and due tasks, at-risk accounts,
/// reorders due, birthdays, open complaints, collections — each ordered by value tier;
/// for an admin, also the reps who read unusually many cards and lists that day or
/// the day before (domain §13, ``BulkReadRule``).
enum BriefingAction {
    static let perSection = 8

    static func perform(_ turn: Turn) async throws -> Done {
        let date = try turn.date("date")?.date ?? turn.today
        let settings = InsightActions.settings(turn)
        let scope = turn.scope
        let facts = try await turn.store.insightFacts(.standard(asOf: date, settings: settings), in: scope)
        let tasks = try await turn.store.openTasks(for: turn.rep.id, dueBefore: date.adding(days: 1))
        let birthdays = try await turn.store.birthdays(in: scope, from: date, days: settings.birthdayHorizonDays)
        let plan = Briefing.plan(date: date, tasks: tasks, facts: facts, birthdays: birthdays, settings: settings)
        let unusual = turn.rep.role == .admin
            ? try await turn.store.unusualReadings(from: date.adding(days: -1), through: date) : []
        // Names only for the customers the tasks mention (not a map of every customer in scope).
        let taskCustomers = Set((plan.overdueTasks + plan.dueTasks).compactMap(\.customerID))
        let names = Dictionary(
            facts.lazy.filter { taskCustomers.contains($0.id) }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let lang = turn.language
        var lines = [turn.say("Plan for \(date.iso) (\(DateText.weekday(date, lang))):", "\(date.iso)（\(DateText.weekday(date, lang))）的工作安排：")]
        if plan.isEmpty && unusual.isEmpty {
            lines.append(turn.say("Nothing due, nobody at risk — a good day to visit a key account.", "没有到期任务，也没有风险客户——适合拜访一下关键客户。"))
        }
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append(title)
            lines += items.prefix(perSection).map { "• " + $0 }
            if items.count > perSection {
                lines.append(turn.say("  … and \(items.count - perSection) more", "  ……另有\(items.count - perSection)项"))
            }
        }
        func taskLine(_ t: TaskItem) -> String {
            var s = "#\(t.id) " + t.what
            if let c = t.customerID, let n = names[c] { s += turn.say(" (\(n))", "（\(n)）") }
            if let due = t.due, due.date < date { s += turn.say(" — due \(due.date.iso)", "——截止\(due.date.iso)") }
            if let due = t.due, due.date == date, let time = DateText.time(due) { s += " " + time }
            return s
        }
        section(turn.say("Overdue tasks:", "逾期任务："), plan.overdueTasks.map(taskLine))
        section(turn.say("Due today:", "今天到期："), plan.dueTasks.map(taskLine))
        section(
            turn.say("At risk:", "风险客户："),
            plan.atRisk.map { r in
                r.customerName + InsightActions.tierLabel(r.tier, turn) + turn.say(" — ", "——")
                    + r.reasons.map { $0.why(lang) }.joined(separator: turn.say("; ", "；"))
                    + turn.say(" → ", " → ") + (r.reasons.first?.nextStep(lang) ?? "")
            })
        section(
            turn.say("Reorders due:", "需要补货："),
            plan.reorders.map { p in
                p.daysLeft < 0
                    ? turn.say("\(p.customerName) — ran out \(p.runOut.iso)", "\(p.customerName)——\(p.runOut.iso)已用完")
                    : turn.say("\(p.customerName) — runs out \(p.runOut.iso)", "\(p.customerName)——预计\(p.runOut.iso)用完")
            })
        section(turn.say("Birthdays:", "生日："), plan.birthdays.map { InsightActions.birthdayLine($0, turn) })
        section(
            turn.say("Open complaints:", "未解决投诉："),
            plan.openComplaints.map { c in
                turn.say(
                    "#\(c.complaint.id) \(c.customerName): \(c.complaint.note) — open \(c.daysOpen) days",
                    "#\(c.complaint.id) \(c.customerName)：\(c.complaint.note)——已\(c.daysOpen)天")
            })
        section(
            turn.say("Collections (payday):", "按付款日催收："),
            plan.collections.map { d in
                d.date.iso + " " + d.collections.prefix(3).map { "\($0.customerName) \($0.outstanding.grouped)" }
                    .joined(separator: turn.say(", ", "，"))
            })
        section(
            turn.say("Unusual reading (possible copying of customer data):", "异常查阅（可能在复制客户资料）："),
            unusual.map { u in
                let norm = InsightJSON.number(u.norm)
                return turn.say(
                    "\(u.repName) read \(u.reads) cards and lists on \(u.day.iso) (usually \(norm) a day)",
                    "\(u.repName) 在\(u.day.iso)查看了\(u.reads)次客户卡片和列表（平时每天约\(norm)次）")
            })
        let limit = InsightActions.dataLimit
        var data: [(String, JSONValue)] = [
            ("date", InsightJSON.date(date)),
            ("overdue_tasks", .array(plan.overdueTasks.prefix(limit).map { InsightJSON.task($0, customer: $0.customerID.flatMap { names[$0] }) })),
            ("due_tasks", .array(plan.dueTasks.prefix(limit).map { InsightJSON.task($0, customer: $0.customerID.flatMap { names[$0] }) })),
            ("at_risk", .array(plan.atRisk.prefix(limit).map { InsightJSON.customerRisk($0, lang) })),
            ("reorders", .array(plan.reorders.prefix(limit).map { InsightJSON.reorder($0, lang) })),
            ("birthdays", .array(plan.birthdays.prefix(limit).map(InsightJSON.birthday))),
            ("open_complaints", .array(plan.openComplaints.prefix(limit).map(InsightJSON.complaint))),
            ("collections", .array(plan.collections.prefix(limit).map(InsightJSON.collectionDay))),
        ]
        if turn.rep.role == .admin {
            data.append(("unusual_reading", .array(unusual.prefix(limit).map(InsightJSON.unusualReading))))
        }
        return Done(text: lines.joined(separator: "\n"), data: data)
    }
}
