import CRMDomain
import CRMSupport

/// handover: moves all of one rep's accounts, with their full history, and
/// the rep's open tasks and complaints to a successor (domain §2), in one
/// transaction that is undoable and audited (domain §13).
///
/// An admin may hand over any rep; a manager only a rep of their own team,
/// to a rep of that team or to themselves. Anyone else is refused
/// (`forbidden`, which the socket server audits).
enum HandoverAction {
    static func perform(_ turn: Turn) async throws -> Done {
        let fromName = try turn.requireText("from")
        let toName = try turn.requireText("to")
        try turn.checkRepName(fromName)
        try turn.checkRepName(toName)
        guard let relayStore = turn.store as? any CRMRelayStore else {
            throw Interrupt.fail(BotError(code: "not_available", message: turn.say(
                "Handover needs a store that keeps an audit log.", "交接需要带审计日志的数据库。")))
        }
        guard let from = try await turn.knownRep(named: fromName) else { throw unknownRep(fromName, turn) }
        guard let to = try await turn.knownRep(named: toName) else { throw unknownRep(toName, turn) }
        guard to.leftAt == nil else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "\(to.name) has left (deactivated); hand over to an active rep.", "\(to.name)已停用（离职）；请交接给在职的销售。")))
        }
        guard from.id != to.id else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "\(from.name) cannot hand over to themselves.", "不能交接给自己。")))
        }
        guard try await allowed(turn.rep, from: from, to: to, store: turn.store) else {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "Only an admin, or the manager of both reps, can hand over accounts.",
                "只有管理员或这两位销售的经理可以交接客户。")))
        }
        let summary = try await relayStore.handOver(from: from.id, to: to.id, turn.context)
        return Done(
            text: turn.say(
                "Handed over \(from.name)'s accounts to \(to.name): \(summary.customers) customers with their history, "
                    + "\(summary.tasks) open tasks and \(summary.complaints) open complaints.",
                "已把\(from.name)的客户交接给\(to.name)：\(summary.customers)个客户（含全部记录）、"
                    + "\(summary.tasks)个未完成任务、\(summary.complaints)个未解决投诉。"),
            data: [
                ("from", .string(from.name)), ("to", .string(to.name)), ("from_id", .int(from.id.rawValue)),
                ("to_id", .int(to.id.rawValue)), ("customers", .int(Int64(summary.customers))),
                ("tasks", .int(Int64(summary.tasks))), ("complaints", .int(Int64(summary.complaints))),
            ])
    }

    static func allowed(_ actor: Rep, from: Rep, to: Rep, store: any CRMStore) async throws -> Bool {
        switch actor.role {
        case .admin: return true
        case .rep: return false
        case .manager:
            return from.managerID == actor.id && (to.id == actor.id || to.managerID == actor.id)
        }
    }

    static func unknownRep(_ name: String, _ turn: Turn) -> Interrupt {
        Interrupt.fail(BotError(code: "not_found", message: turn.say(
            "There is no rep called \(name).", "没有叫\(name)的销售。")))
    }
}
