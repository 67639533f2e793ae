import CRMDomain
import CRMSupport

/// undo: reverts the rep's own most recent change (never another rep's).
enum UndoAction {
    static func perform(_ turn: Turn) async throws -> Done {
        // The change about to be undone, looked at first so the reply can say what it was.
        let next = try await turn.store.recentChanges(by: turn.rep.id, limit: 1).first
        let activity = try await next.asyncFlatMap { try await activityDetail(of: $0, turn) }
        // Undo is a change too: a rep whose role no longer allows what the change did (an
        // admin since made a rep, a manager no longer one) may not take it back either.
        if let action = next?.action, let needed = roleNeeded[action], !needed.contains(turn.rep.role) {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "I can't undo that: your role no longer allows that kind of change. Ask an admin.",
                "无法撤销：你现在的角色不能做这类修改。请找管理员。")))
        }
        let undone: ChangeEntry?
        do {
            undone = try await turn.store.undoLastChange(
                by: turn.rep.id, at: turn.now, requestKey: turn.requestKey, within: turn.scope)
        } catch let error as StoreError where error.code == .forbidden {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "I can't undo that: the customer it concerns has been handed to someone else since.",
                "无法撤销：这条记录所属的客户之后已交接给别人。")))
        } catch let error as StoreError where error.code == .constraint {
            // Someone else changed the record since, or added records that depend on it.
            throw Interrupt.fail(BotError(code: "constraint", message: turn.say(
                "I can't undo that: someone else has changed or built on that record since.",
                "无法撤销：之后已有其他人修改或使用了这条记录。")))
        }
        guard let entry = undone else {
            return Done(
                text: turn.say("There is nothing to undo.", "没有可以撤销的操作。"),
                data: [("undone", .null)])
        }
        let detail = entry.id == next?.id ? activity : nil
        let what = describe(entry, detail: detail, turn.language)
        return Done(
            text: turn.say("Undone: \(what).", "已撤销：\(what)。"),
            data: [
                ("undone", .object([
                    ("change_id", .int(entry.id)), ("action", .string(entry.action)), ("label", .string(entry.label)),
                    ("at", .string(entry.at.iso)),
                ]))
            ])
    }

    /// The roles that may make (and so undo) a change of these kinds.
    static let roleNeeded: [String: Set<RepRole>] = [
        "rep.add": [.admin], "rep.update": [.admin], "rep.deactivate": [.admin],
        "quota.set": [.manager, .admin], "handover": [.manager, .admin], "task.reassign": [.manager, .admin],
    ]

    /// The type and the person of the activity a change logged: the rep's newest activity
    /// at the labelled customer (later ones of theirs would have been undone first).
    static func activityDetail(of entry: ChangeEntry, _ turn: Turn) async throws -> (ActivityType, String)? {
        guard entry.action == "activity.log" else { return nil }
        let candidates = try await turn.sameName(entry.label).filter {
            if case .customer = $0.ref { return $0.name == entry.label }
            return false
        }
        guard candidates.count == 1, let customer = candidates.first,
            let card = try await turn.store.card(for: customer.customerID, recentLimit: 100)
        else { return nil }
        guard let a = card.recentActivities.filter({ $0.repID == turn.rep.id }).max(by: { $0.id < $1.id }) else {
            return nil
        }
        let who = a.contactID.flatMap { id in card.contacts.first { $0.id == id }?.name } ?? card.customer.name
        return (a.type, who)
    }

    /// "visit logged for Wang Tong" / "给王彤记录的拜访".
    static func describe(_ entry: ChangeEntry, detail: (ActivityType, String)?, _ lang: Language) -> String {
        let label = entry.label
        let zh = lang == .zh
        switch entry.action {
        case "activity.log":
            if let (type, who) = detail {
                return zh ? "给\(who)记录的\(Vocabulary.activity(type, .zh))" : "\(type.rawValue) logged for \(who)"
            }
            return zh ? "给\(label)记录的联系" : "activity logged for \(label)"
        case "import":
            // The label is FILE:FIRST-LAST (the batch's lines).
            let (file, lines) = label.lastIndex(of: ":").map { (String(label[..<$0]), String(label[label.index(after: $0)...])) }
                ?? (label, "")
            return zh ? "从\(file)导入的第\(lines)行" : "import of \(file), lines \(String(lines.map { $0 == "-" ? "–" : $0 }))"
        case "customer.add": return zh ? "新建的客户\(label)" : "customer \(label) added"
        case "contact.add": return zh ? "添加的联系人\(label)" : "contact \(label) added"
        case "customer.update": return zh ? "对\(label)的修改" : "change to \(label)"
        case "contact.profile": return zh ? "\(label)的画像" : "profile of \(label)"
        case "order.record": return zh ? "\(label)的订单" : "order from \(label)"
        case "payment.record": return zh ? "\(label)的回款" : "payment from \(label)"
        case "order.correct": return zh ? "\(label)订单的更正" : "correction of an order from \(label)"
        case "order.delete": return zh ? "\(label)订单的删除" : "deletion of an order from \(label)"
        case "payment.correct": return zh ? "\(label)回款的更正" : "correction of a payment from \(label)"
        case "payment.delete": return zh ? "\(label)回款的删除" : "deletion of a payment from \(label)"
        case "task.add": return zh ? "任务“\(label)”" : "task \"\(label)\""
        case "task.done": return zh ? "任务“\(label)”的完成标记" : "task \"\(label)\" marked done"
        case "task.cancel": return zh ? "任务“\(label)”的取消" : "cancelling of task \"\(label)\""
        case "task.reschedule": return zh ? "任务“\(label)”的改期" : "new due date of task \"\(label)\""
        case "task.edit": return zh ? "任务“\(label)”的修改" : "change to task \"\(label)\""
        case "stage.set": return zh ? "\(label)的阶段变更" : "stage change of \(label)"
        case "prospect.grade": return zh ? "\(label)的评级" : "grade of \(label)"
        case "qualify": return zh ? "\(label)的资格评估" : "qualification of \(label)"
        case "complaint.open": return zh ? "\(label)的投诉" : "complaint from \(label)"
        case "complaint.resolve": return zh ? "\(label)的投诉处理" : "complaint resolution for \(label)"
        case "complaint.acknowledge": return zh ? "\(label)投诉的确认" : "acknowledgement of a complaint from \(label)"
        case "complaint.followup": return zh ? "\(label)投诉的回访" : "follow-up of a complaint from \(label)"
        case "objection.log": return zh ? "\(label)的异议" : "objection from \(label)"
        case "referral.log": return zh ? "\(label)的转介绍" : "referral of \(label)"
        case "deal.add": return zh ? "\(label)的新商机" : "deal with \(label)"
        case "deal.update": return zh ? "\(label)商机的修改" : "change to a deal with \(label)"
        case "deal.won": return zh ? "\(label)商机的赢单标记" : "deal with \(label) marked won"
        case "deal.lost": return zh ? "\(label)商机的丢单标记" : "deal with \(label) marked lost"
        case "quota.set": return zh ? "\(label)的指标" : "quota of \(label)"
        case "rep.update": return zh ? "\(label)的团队调整" : "team change for \(label)"
        case "rep.deactivate": return zh ? "\(label)账号的停用" : "deactivation of \(label)"
        case "rep.add": return zh ? "添加的销售\(label)" : "rep \(label) added"
        default: return "\(entry.action) (\(label))"
        }
    }
}

extension Optional {
    /// `flatMap` with an async throwing transform.
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
