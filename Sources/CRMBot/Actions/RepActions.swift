import CRMDomain
import CRMSupport

/// rep.add: only admins add reps.
///
/// Bootstrap rule: while the database has no admin at all, the first rep ever
/// created (the lowest rep id) may also add reps, so that a fresh install can
/// name its first admin ("add rep Boss as admin"). Once any admin exists, only
/// admins may add reps.
enum RepActions {
    static func add(_ turn: Turn) async throws -> Done {
        let name = try turn.requireText("name")
        let role = try turn.enumeration("role", RepRole.self) ?? .rep
        let reps = try await turn.store.reps()
        let hasAdmin = reps.contains { $0.role == .admin }
        let isFirst = reps.min(by: { $0.id < $1.id })?.id == turn.rep.id
        guard turn.rep.role == .admin || (!hasAdmin && isFirst) else {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "Only an admin can add reps.", "只有管理员可以添加销售。")))
        }
        try turn.checkRepName(name)
        if let existing = try await turn.store.rep(named: name) {
            throw Interrupt.fail(BotError(code: "duplicate", message: turn.say(
                "\(existing.name) is already a \(Vocabulary.role(existing.role, .en)).",
                "\(existing.name)已经是\(Vocabulary.role(existing.role, .zh))了。")))
        }
        let rep = try await turn.store.addRep(named: name, role: role, managerID: nil, turn.context)
        return Done(
            text: turn.say(
                "Added \(rep.name) as \(role == .admin ? "an" : "a") \(Vocabulary.role(role, .en)).",
                "已添加\(Vocabulary.role(role, .zh))\(rep.name)。"),
            data: [("rep_id", .int(rep.id.rawValue)), ("rep", .string(rep.name)), ("role", .string(role.rawValue))])
    }
}
