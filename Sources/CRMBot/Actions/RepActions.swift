import CRMDomain
import CRMSupport

/// rep.add, rep.update, rep.list and rep.deactivate: the team (domain §13). Only admins
/// change it. The first admin of a fresh install is named outside the chat, by whoever
/// holds the database (`crmbot admin NAME`, ``Admins``): being first to type gives
/// nobody the keys.
enum RepActions {
    static func add(_ turn: Turn) async throws -> Done {
        let name = try turn.requireText("name")
        let role = try turn.enumeration("role", RepRole.self)
        try await requireAdmin(turn, "Only an admin can add reps.", "只有管理员可以添加销售。")
        try turn.checkRepName(name)
        if let existing = try await turn.store.rep(named: name) {
            // A rep registered by their first message is promoted by naming their role.
            if let role, role != existing.role, existing.leftAt == nil {
                return try await changeRole(existing, to: role, turn)
            }
            throw Interrupt.fail(BotError(code: "duplicate", message: turn.say(
                "\(existing.name) is already a \(Vocabulary.role(existing.role, .en)).",
                "\(existing.name)已经是\(Vocabulary.role(existing.role, .zh))了。")))
        }
        let rep = try await turn.store.addRep(named: name, role: role ?? .rep, managerID: nil, turn.context)
        return Done(
            text: turn.say(
                "Added \(rep.name) as \(rep.role == .admin ? "an" : "a") \(Vocabulary.role(rep.role, .en)).",
                "已添加\(Vocabulary.role(rep.role, .zh))\(rep.name)。"),
            data: [("rep_id", .int(rep.id.rawValue)), ("rep", .string(rep.name)), ("role", .string(rep.role.rawValue))])
    }

    /// "Li Ming reports to Mona", "make Li Ming a manager": a rep's manager or role.
    static func update(_ turn: Turn) async throws -> Done {
        try await requireAdmin(turn, "Only an admin can change the team.", "只有管理员可以调整团队。")
        let rep = try await known("rep", turn)
        if let role = try turn.enumeration("role", RepRole.self), turn.text("manager") == nil {
            guard role != rep.role else {
                return Done(
                    text: turn.say("\(rep.name) is already a \(Vocabulary.role(role, .en)).", "\(rep.name)已经是\(Vocabulary.role(role, .zh))了。"),
                    data: json(rep) + [("unchanged", .bool(true))])
            }
            return try await changeRole(rep, to: role, turn)
        }
        guard turn.text("manager") != nil else { throw Interrupt.ask(Phrases.question(for: "manager", in: turn)) }
        let manager = try await known("manager", turn)
        guard manager.id != rep.id else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "A rep cannot be their own manager.", "销售不能是自己的经理。")))
        }
        guard manager.role != .rep else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "\(manager.name) is a rep, not a manager; make them one first (\"make \(manager.name) a manager\").",
                "\(manager.name)是销售，不是经理；请先设为经理（“把\(manager.name)设为经理”）。")))
        }
        guard rep.managerID != manager.id else {
            return Done(
                text: turn.say("\(rep.name) already reports to \(manager.name).", "\(rep.name)已经归\(manager.name)管了。"),
                data: json(rep) + [("unchanged", .bool(true))])
        }
        let after = try await apply(rep, [.manager(manager.id)], turn)
        return Done(
            text: turn.say(
                "\(after.name) now reports to \(manager.name): \(manager.name) sees \(after.name)'s accounts and may hand them over.",
                "\(after.name)现在归\(manager.name)管：\(manager.name)可以查看并交接\(after.name)的客户。"),
            data: json(after) + [("manager", .string(manager.name))])
    }

    /// "list reps", "my team": an admin sees everyone, a manager the team, a rep themselves.
    static func list(_ turn: Turn) async throws -> Done {
        let all = try await turn.store.reps()
        let names = Dictionary(all.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        // Admins, then managers, then reps; by name within each.
        func rank(_ r: RepRole) -> Int { r == .admin ? 0 : r == .manager ? 1 : 2 }
        let shown = all.filter { turn.scope.allows(owner: $0.id) }
            .sorted { (rank($0.role), $0.name) < (rank($1.role), $1.name) }
        var lines = [turn.rep.role == .admin
            ? turn.say("The reps:", "全部销售：") : turn.say("Your team:", "你的团队：")]
        for r in shown {
            var line = "\(r.name) — \(Vocabulary.role(r.role, turn.language))"
            if let m = r.managerID.flatMap({ names[$0] }) { line += turn.say(", reports to \(m)", "，归\(m)管") }
            if r.leftAt != nil { line += turn.say(" (deactivated)", "（已停用）") }
            lines.append(line)
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [("reps", .array(shown.map { r in
                .object(json(r) + [("manager", r.managerID.flatMap { names[$0] }.map { .string($0) } ?? .null)])
            }))])
    }

    /// "Li Ming has left": the rep can no longer use crmbot; their accounts first go to someone.
    static func deactivate(_ turn: Turn) async throws -> Done {
        try await requireAdmin(turn, "Only an admin can deactivate a rep.", "只有管理员可以停用销售。")
        let rep = try await known("rep", turn)
        guard rep.id != turn.rep.id else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "You cannot deactivate yourself.", "不能停用自己。")))
        }
        guard rep.leftAt == nil else {
            return Done(
                text: turn.say("\(rep.name) is already deactivated.", "\(rep.name)已经停用了。"),
                data: json(rep) + [("unchanged", .bool(true))])
        }
        let load = try await turn.store.repLoad(rep.id)
        guard load.customers == 0 else {
            throw Interrupt.fail(BotError(code: "has_accounts", message: turn.say(
                "\(rep.name) still owns \(load.customers) customers; hand them over first (\"hand over \(rep.name)'s accounts to <rep>\").",
                "\(rep.name)名下还有\(load.customers)个客户；请先交接（“把\(rep.name)的客户交接给某人”）。")))
        }
        guard load.team == 0 else {
            throw Interrupt.fail(BotError(code: "has_team", message: turn.say(
                "\(rep.name) still manages \(load.team) reps; move them to another manager first.",
                "\(rep.name)还管着\(load.team)个销售；请先把他们调给别的经理。")))
        }
        guard load.openTasks == 0 else {
            throw Interrupt.fail(BotError(code: "has_tasks", message: turn.say(
                "\(rep.name) still has \(load.openTasks) open tasks; hand them over with the accounts or close them first.",
                "\(rep.name)还有\(load.openTasks)个未完成任务；请先随客户一起交接或关闭。")))
        }
        let after = try await apply(rep, [.deactivate], turn)
        return Done(
            text: turn.say(
                "Deactivated \(after.name): they can no longer use crmbot. Their history stays. (\"undo\" reactivates.)",
                "已停用\(after.name)：不能再使用crmbot，历史记录保留。（说“撤销”可以恢复）"),
            data: json(after))
    }

    // MARK: Helpers

    private static func changeRole(_ rep: Rep, to role: RepRole, _ turn: Turn) async throws -> Done {
        let load = try await turn.store.repLoad(rep.id)
        if role == .rep && load.team > 0 {
            throw Interrupt.fail(BotError(code: "has_team", message: turn.say(
                "\(rep.name) still manages \(load.team) reps; move them to another manager first.",
                "\(rep.name)还管着\(load.team)个销售；请先把他们调给别的经理。")))
        }
        let after = try await apply(rep, [.role(role)], turn)
        return Done(
            text: turn.say(
                "\(after.name) is now \(role == .admin ? "an" : "a") \(Vocabulary.role(role, .en)) (was \(Vocabulary.role(rep.role, .en))).",
                "\(after.name)现在是\(Vocabulary.role(role, .zh))（原来是\(Vocabulary.role(rep.role, .zh))）。"),
            data: json(after) + [("previous_role", .string(rep.role.rawValue))])
    }

    private static func apply(_ rep: Rep, _ changes: [RepChange], _ turn: Turn) async throws -> Rep {
        // A promotion by "add rep Boss as admin" is a team change, and undo names it so.
        var ctx = turn.context
        if ctx.action == "rep.add" { ctx.action = "rep.update" }
        do {
            return try await turn.store.changeRep(rep.id, changes, ctx)
        } catch let e as StoreError where e.code == .invalid {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "That would not make a team: \(e.message)", "这样的团队关系不成立：\(e.message)")))
        }
    }

    /// Admins only. Without any admin yet, the refusal says how to name the first one.
    private static func requireAdmin(_ turn: Turn, _ en: String, _ zh: String) async throws {
        guard turn.rep.role != .admin else { return }
        let noAdmin = try await !turn.store.reps().contains { $0.role == .admin && $0.leftAt == nil }
        throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
            en + (noAdmin ? " There is no admin yet: whoever runs crmbot names the first one with `crmbot admin NAME`." : ""),
            zh + (noAdmin ? "目前还没有管理员：由运行crmbot的人用 `crmbot admin 名字` 设置第一个管理员。" : ""))))
    }

    /// The rep a slot names; `not_found` when there is none.
    private static func known(_ slot: String, _ turn: Turn) async throws -> Rep {
        let name = try turn.requireText(slot)
        guard let rep = try await turn.knownRep(named: name) else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I don't know a rep called \(name).", "没有叫\(name)的销售。")))
        }
        return rep
    }

    private static func json(_ r: Rep) -> [(String, JSONValue)] {
        [
            ("rep_id", .int(r.id.rawValue)), ("rep", .string(r.name)), ("role", .string(r.role.rawValue)),
            ("active", .bool(r.leftAt == nil)),
        ]
    }
}
