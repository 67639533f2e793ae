import CRMDomain
import CRMSupport

/// undo: reverts the rep's own most recent change (never another rep's).
enum UndoAction {
    static func perform(_ turn: Turn) async throws -> Done {
        guard let entry = try await turn.store.undoLastChange(by: turn.rep.id, at: turn.now) else {
            return Done(
                text: turn.say("There is nothing to undo.", "没有可以撤销的操作。"),
                data: [("undone", .null)])
        }
        let what = describe(entry, turn.language)
        return Done(
            text: turn.say("Undone: \(what).", "已撤销：\(what)。"),
            data: [
                ("undone", .object([
                    ("change_id", .int(entry.id)), ("action", .string(entry.action)), ("label", .string(entry.label)),
                    ("at", .string(entry.at.iso)),
                ]))
            ])
    }

    /// "visit logged for Wang Tong" / "给王彤记录的拜访".
    static func describe(_ entry: ChangeEntry, _ lang: Language) -> String {
        var label = entry.label
        var activity: ActivityType?
        // Labels of activities may lead with the type ("visit: Wang Tong").
        for t in ActivityType.allCases where label.lowercased().hasPrefix(t.rawValue + ":") {
            activity = t
            label = String(label.dropFirst(t.rawValue.count + 1)).trimmingSpaces
        }
        let zh = lang == .zh
        switch entry.action {
        case "activity.log":
            if let a = activity { return zh ? "给\(label)记录的\(Vocabulary.activity(a, .zh))" : "\(a.rawValue) logged for \(label)" }
            return zh ? "给\(label)记录的联系" : "activity logged for \(label)"
        case "customer.add": return zh ? "新建的客户\(label)" : "customer \(label) added"
        case "contact.add": return zh ? "添加的联系人\(label)" : "contact \(label) added"
        case "customer.update": return zh ? "对\(label)的修改" : "change to \(label)"
        case "contact.profile": return zh ? "\(label)的画像" : "profile of \(label)"
        case "order.record": return zh ? "\(label)的订单" : "order from \(label)"
        case "payment.record": return zh ? "\(label)的回款" : "payment from \(label)"
        case "task.add": return zh ? "任务“\(label)”" : "task \"\(label)\""
        case "task.done": return zh ? "任务“\(label)”的完成标记" : "task \"\(label)\" marked done"
        case "stage.set": return zh ? "\(label)的阶段变更" : "stage change of \(label)"
        case "prospect.grade": return zh ? "\(label)的评级" : "grade of \(label)"
        case "qualify": return zh ? "\(label)的资格评估" : "qualification of \(label)"
        case "complaint.open": return zh ? "\(label)的投诉" : "complaint from \(label)"
        case "complaint.resolve": return zh ? "投诉\(label)的处理" : "resolution of complaint \(label)"
        case "objection.log": return zh ? "\(label)的异议" : "objection from \(label)"
        case "referral.log": return zh ? "转介绍\(label)" : "referral \(label)"
        case "rep.add": return zh ? "添加的销售\(label)" : "rep \(label) added"
        default: return "\(entry.action) (\(label))"
        }
    }
}
