import CRMDomain
import CRMSupport

/// customer.delete, customer.restore and customer.merge: taking a customer out of the
/// books, bringing it back, and making two duplicates one.
///
/// Only the customer's owner or an admin may do these (a manager sees the team's
/// customers but does not delete them); a customer outside the rep's scope answers as
/// an unknown name. Delete and merge show what they would take or move and write only
/// after a yes; each is one change that `undo` takes back, and the store audits it.
enum TrashActions {
    static func delete(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who", kinds: .customers)
        let customer = try await turn.customer(entry.customerID)
        try mayDestroy(customer, turn)
        guard let footprint = try await turn.store.footprint(of: customer.id) else { throw gone(turn) }
        guard turn.confirmed.contains("who") else {
            let what = records(footprint, turn)
            throw Interrupt.ask(Question(slot: "who", text: turn.say(
                "Delete \(customer.name) (#\(customer.id))\(what.isEmpty ? "" : " with \(what)")? "
                    + "It can be restored later (\"restore \(customer.name)\"). (yes / no)",
                "删除\(customer.name)（#\(customer.id)）\(what.isEmpty ? "" : "及其\(what)")吗？"
                    + "以后可以恢复（“恢复\(customer.name)”）。（是 / 否）"), kind: .confirm))
        }
        let deleted = try await turn.store.deleteCustomer(customer.id, reason: turn.text("reason"), turn.context)
        let what = records(footprint, turn)
        return Done(
            text: turn.say(
                "Deleted \(deleted.name) (#\(deleted.customerID))\(what.isEmpty ? "" : " with \(what)"). "
                    + "\"restore \(deleted.name)\" brings it back.",
                "已删除\(deleted.name)（#\(deleted.customerID)）\(what.isEmpty ? "" : "及其\(what)")。说“恢复\(deleted.name)”可以找回。"),
            data: [
                ("customer_id", .int(deleted.customerID.rawValue)), ("customer", .string(deleted.name)),
                ("deletion_id", .int(deleted.id)), ("records", .int(Int64(deleted.records))), ("deleted", true),
            ])
    }

    /// Deleted customers shown at most when `restore` names none.
    static let listLimit = 20

    static func restore(_ turn: Turn) async throws -> Done {
        let waiting = try await turn.store.deletedCustomers(in: turn.scope, limit: 500)
            .filter { turn.rep.role == .admin || $0.ownerID == turn.rep.id }
        guard let name = turn.text("who") else { return list(waiting, turn) }
        let folded = TextMatching.fold(name)
        let exact = waiting.filter { TextMatching.fold($0.name) == folded }
        let matches = exact.isEmpty ? waiting.filter { TextMatching.fold($0.name).contains(folded) } : exact
        guard let chosen = matches.first else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "There is no deleted customer called '\(name)' that you can restore. (\"restore\" alone lists them.)",
                "没有可以恢复的、叫“\(name)”的已删除客户。（只说“恢复”可以列出来。）")))
        }
        if Set(matches.map { TextMatching.fold($0.name) }).count > 1 {
            throw Interrupt.fail(BotError(code: "ambiguous", message: turn.say(
                "Several deleted customers fit '\(name)': \(matches.prefix(5).map(\.name).joined(separator: ", ")). Which one? (use the full name)",
                "有几个已删除客户符合“\(name)”：\(matches.prefix(5).map(\.name).joined(separator: "、"))。请说全名。")))
        }
        let customer = try await turn.store.restoreCustomer(chosen.id, turn.context)
        return Done(
            text: turn.say(
                "Restored \(customer.name) (#\(customer.id)) with its \(chosen.records) records, as they were when deleted on \(DateText.day(chosen.deletedAt.date)).",
                "已恢复\(customer.name)（#\(customer.id)）及其\(chosen.records)条记录，和\(DateText.day(chosen.deletedAt.date))删除时一样。"),
            data: [
                ("customer_id", .int(customer.id.rawValue)), ("customer", .string(customer.name)),
                ("deletion_id", .int(chosen.id)), ("records", .int(Int64(chosen.records))), ("restored", true),
            ])
    }

    static func merge(_ turn: Turn) async throws -> Done {
        let from = try await turn.party("from", kinds: .customers)
        let into = try await turn.party("to", kinds: .customers)
        guard from.customerID != into.customerID else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "'\(turn.text("from") ?? from.name)' and '\(turn.text("to") ?? into.name)' are the same customer (\(into.name)); nothing to merge.",
                "“\(turn.text("from") ?? from.name)”和“\(turn.text("to") ?? into.name)”是同一个客户（\(into.name)），不用合并。")))
        }
        let source = try await turn.customer(from.customerID)
        let kept = try await turn.customer(into.customerID)
        try mayDestroy(source, turn)
        try mayDestroy(kept, turn)
        guard let footprint = try await turn.store.footprint(of: source.id) else { throw gone(turn) }
        let what = records(footprint, turn)
        guard turn.confirmed.contains("from") else {
            throw Interrupt.ask(Question(slot: "from", text: turn.say(
                "Merge \(source.name) (#\(source.id)) into \(kept.name) (#\(kept.id))? "
                    + "\(what.isEmpty ? "It has no records" : "Its \(what) move"); \(source.name) becomes an alias of \(kept.name) "
                    + "and #\(source.id) is gone. (yes / no)",
                "把\(source.name)（#\(source.id)）合并到\(kept.name)（#\(kept.id)）吗？"
                    + "\(what.isEmpty ? "它没有记录" : "它的\(what)都会转过去")；\(source.name)成为\(kept.name)的别名，#\(source.id)不再单独存在。（是 / 否）"),
                kind: .confirm))
        }
        let outcome = try await turn.store.mergeCustomer(source.id, into: kept.id, turn.context)
        var text = turn.say(
            "Merged \(source.name) into \(outcome.customer.name) (#\(outcome.customer.id))\(what.isEmpty ? "" : ": moved \(what)"); "
                + "\(source.name) is now an alias.",
            "已把\(source.name)合并到\(outcome.customer.name)（#\(outcome.customer.id)）\(what.isEmpty ? "" : "：转入\(what)")；\(source.name)现在是别名。")
        if !outcome.filled.isEmpty {
            let fields = outcome.filled.map { FieldNames.name($0, turn.language) }
            text += turn.say(
                " Filled in from \(source.name): \(fields.joined(separator: ", ")).",
                "从\(source.name)补上了：\(fields.joined(separator: "、"))。")
        }
        if outcome.customer.stage != kept.stage {
            text += turn.say(
                " Stage: \(Vocabulary.stage(outcome.customer.stage, .en)) (from \(source.name)).",
                "阶段：\(Vocabulary.stage(outcome.customer.stage, .zh))（沿用\(source.name)的）。")
        }
        text += turn.say(" (\"undo\" separates them again.)", "（说“撤销”可以拆回去。）")
        return Done(
            text: text,
            data: [
                ("customer_id", .int(outcome.customer.id.rawValue)), ("customer", .string(outcome.customer.name)),
                ("merged_id", .int(source.id.rawValue)), ("merged", .string(source.name)),
                ("records", .int(Int64(outcome.moved.total))), ("filled", .array(outcome.filled.map { .string($0) })),
            ])
    }

    // MARK: Helpers

    /// Only the owner or an admin deletes, restores or merges a customer.
    private static func mayDestroy(_ customer: Customer, _ turn: Turn) throws(Interrupt) {
        guard turn.rep.role == .admin || customer.ownerID == turn.rep.id else {
            throw .fail(BotError(code: "forbidden", message: turn.say(
                "Only \(customer.name)'s owner or an admin can delete or merge it.",
                "只有\(customer.name)的负责人或管理员可以删除或合并它。")))
        }
    }

    private static func gone(_ turn: Turn) -> Interrupt {
        Interrupt.fail(BotError(code: "not_found", message: turn.say(
            "I can't find that customer any more.", "找不到这个客户了。")))
    }

    /// "2 contacts, 12 activities and 3 orders" / "2个联系人、12条活动、3笔订单".
    static func records(_ f: CustomerFootprint, _ turn: Turn) -> String {
        let parts = f.counts.map { kind, n in
            turn.language == .zh ? "\(n)\(zhCounter[kind] ?? "条")\(zhNoun[kind] ?? kind)" : en(kind, n)
        }
        if turn.language == .zh { return parts.joined(separator: "、") }
        guard parts.count > 1, let last = parts.last else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + last
    }

    private static func en(_ kind: String, _ n: Int) -> String {
        let singular = ["activities": "activity", "contacts": "contact", "orders": "order", "payments": "payment",
            "tasks": "task", "complaints": "complaint", "deals": "deal", "referrals": "referral", "objections": "objection"]
        return "\(n) \(n == 1 ? singular[kind] ?? kind : kind)"
    }

    private static let zhCounter = [
        "contacts": "个", "activities": "条", "orders": "笔", "payments": "笔", "tasks": "个", "complaints": "个",
        "deals": "个", "referrals": "条", "objections": "条",
    ]
    private static let zhNoun = [
        "contacts": "联系人", "activities": "活动记录", "orders": "订单", "payments": "回款", "tasks": "任务",
        "complaints": "投诉", "deals": "商机", "referrals": "转介绍", "objections": "异议记录",
    ]

    private static func list(_ waiting: [DeletedCustomer], _ turn: Turn) -> Done {
        let shown = waiting.prefix(listLimit)
        var lines: [String]
        if shown.isEmpty {
            lines = [turn.say("There are no deleted customers for you to restore.", "没有可以恢复的已删除客户。")]
        } else {
            lines = [turn.say("Deleted customers you can restore (\"restore NAME\"):", "可以恢复的已删除客户（说“恢复 名称”）：")]
            for d in shown {
                lines.append(turn.say(
                    "\(d.name) (#\(d.customerID)), deleted \(DateText.day(d.deletedAt.date)), \(d.records) records",
                    "\(d.name)（#\(d.customerID)），\(DateText.day(d.deletedAt.date))删除，\(d.records)条记录"))
            }
            if waiting.count > shown.count {
                lines.append(turn.say("(the newest \(shown.count) of \(waiting.count))", "（显示最新的\(shown.count)个，共\(waiting.count)个）"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("deleted", .array(shown.map { d in
                    .object([
                        ("deletion_id", .int(d.id)), ("customer_id", .int(d.customerID.rawValue)), ("customer", .string(d.name)),
                        ("deleted_at", .string(d.deletedAt.iso)), ("records", .int(Int64(d.records))),
                    ])
                })),
            ])
    }
}
