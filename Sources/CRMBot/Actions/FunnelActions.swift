import CRMDomain
import CRMSupport

/// stage.set, prospect.grade and qualify: where a customer stands in the funnel.
enum FunnelActions {
    static func setStage(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let stage = try turn.requireEnumeration("stage", Stage.self)
        let before = try await turn.customer(entry.customerID)
        let after = try await turn.store.updateCustomer(before.id, [.stage(stage)], turn.context)
        let lang = turn.language
        return Done(
            text: turn.say(
                "\(after.name) is now at stage \(Vocabulary.stage(stage, lang)) (was \(Vocabulary.stage(before.stage, lang))).",
                "\(after.name)的阶段：\(Vocabulary.stage(stage, lang))（原为\(Vocabulary.stage(before.stage, lang))）。"),
            data: [
                ("customer_id", .int(after.id.rawValue)), ("customer", .string(after.name)),
                ("stage", .string(stage.rawValue)), ("previous", .string(before.stage.rawValue)),
            ])
    }

    static func grade(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let grade = try turn.requireEnumeration("grade", ProspectGrade.self)
        let before = try await turn.customer(entry.customerID)
        let after = try await turn.store.updateCustomer(before.id, [.grade(grade)], turn.context)
        let was = before.grade?.rawValue ?? "—"
        let meaning: String
        switch grade {
        case .A: meaning = turn.say("likely to close soon", "近期可能成交")
        case .B: meaning = turn.say("needs follow-up", "需要跟进")
        case .C: meaning = turn.say("long-term nurture", "长期培养")
        }
        return Done(
            text: turn.say(
                "\(after.name) graded \(grade.rawValue) — \(meaning) (was \(was)).",
                "\(after.name)评为\(grade.rawValue)级——\(meaning)（原为\(was)）。"),
            data: [
                ("customer_id", .int(after.id.rawValue)), ("customer", .string(after.name)),
                ("grade", .string(grade.rawValue)), ("previous", before.grade.map { .string($0.rawValue) } ?? .null),
            ])
    }

    /// MAN qualification (domain §3): money, authority, need.
    static func qualify(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let money = try turn.enumeration("money", TriState.self)
        let authority = try turn.enumeration("authority", TriState.self)
        let need = try turn.enumeration("need", TriState.self)
        var changes: [CustomerChange] = []
        if let money { changes.append(.money(money)) }
        if let authority { changes.append(.authority(authority)) }
        if let need { changes.append(.need(need)) }
        guard !changes.isEmpty else {
            throw Interrupt.ask(Question(slot: "money", text: turn.say(
                "Does \(entry.customerName) have the money (yes / no / unknown)?",
                "\(entry.customerName)有购买力吗？（有 / 没有 / 不确定）")))
        }
        let before = try await turn.customer(entry.customerID)
        let c = try await turn.store.updateCustomer(before.id, changes, turn.context)
        let lang = turn.language
        let summary = turn.say(
            "money \(Vocabulary.tri(c.money, lang)), authority \(Vocabulary.tri(c.authority, lang)), need \(Vocabulary.tri(c.need, lang))",
            "购买力\(Vocabulary.tri(c.money, lang))，决策权\(Vocabulary.tri(c.authority, lang))，需求\(Vocabulary.tri(c.need, lang))")
        let verdict = c.isQualified
            ? turn.say("qualified (MAN).", "符合MAN条件，是合格的目标客户。")
            : turn.say("not qualified yet (needs money, authority and need).", "暂不合格（需要购买力、决策权和需求三者都具备）。")
        return Done(
            text: turn.say("\(c.name): \(summary) — \(verdict)", "\(c.name)：\(summary)——\(verdict)"),
            data: [
                ("customer_id", .int(c.id.rawValue)), ("customer", .string(c.name)), ("money", .string(c.money.rawValue)),
                ("authority", .string(c.authority.rawValue)), ("need", .string(c.need.rawValue)),
                ("qualified", .bool(c.isQualified)),
            ])
    }
}
