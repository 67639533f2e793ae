import CRMDomain
import CRMInsights
import CRMSupport

/// customer.list: customers in scope, filtered by tier, stage, region and owner.
enum ListAction {
    static let shownRows = 20

    static func perform(_ turn: Turn) async throws -> Done {
        let lang = turn.language
        let tier = try turn.enumeration("tier", ValueTier.self)
        let stage = try turn.enumeration("stage", Stage.self)
        let region = turn.text("region").map { TextMatching.fold($0) }
        var ownerID: RepID?
        if let owner = turn.text("owner") {
            if ["me", "mine", "my", "myself", "i", "我", "我的", "自己"].contains(TextMatching.fold(owner)) {
                ownerID = turn.rep.id
            } else if let rep = try await turn.knownRep(named: owner) {
                ownerID = rep.id
            } else {
                throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                    "I don't know a rep named '\(owner)'.", "没有名叫“\(owner)”的销售。")))
            }
        }
        let since = turn.today.adding(months: -turn.options.insights.tierWindowMonths)
        // Tiers are shares of the whole book in scope, so read it all and filter here. They
        // come from the same rule as tier.list (profit, bad by hand/credit/margin), so
        // "list key accounts" and "80/20" always agree.
        let all = try await turn.store.listCustomers(CustomerFilter(limit: 100_000), in: turn.scope, revenueSince: since)
        let tierRows = try await InsightActions.facts(turn, in: turn.scope).tiers.rows
        let tiers = Dictionary(tierRows.map { ($0.customerID, $0.tier) }, uniquingKeysWith: { a, _ in a })
        let reps = try await turn.store.reps()
        let repNames = Dictionary(reps.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = all.filter { s in
            let c = s.customer
            if let tier, tiers[c.id] != tier { return false }
            if let stage, c.stage != stage { return false }
            if let ownerID, c.ownerID != ownerID { return false }
            if let region {
                guard let r = c.region.map({ TextMatching.fold($0) }), r.contains(region) || region.contains(r) else {
                    return false
                }
            }
            return true
        }.sorted { ($0.revenue.cents, -$0.customer.id.rawValue) > ($1.revenue.cents, -$1.customer.id.rawValue) }

        var lines: [String] = []
        if rows.isEmpty {
            lines.append(turn.say("No customers match.", "没有符合条件的客户。"))
        } else {
            lines.append(turn.say(rows.count == 1 ? "1 customer:" : "\(rows.count) customers:", "共\(rows.count)个客户："))
            for (i, s) in rows.prefix(shownRows).enumerated() {
                let c = s.customer
                var parts = [Vocabulary.stage(c.stage, lang)]
                if let t = tiers[c.id] { parts.append(turn.say("tier ", "") + Vocabulary.tier(t, lang)) }
                if s.revenue.cents > 0 { parts.append(s.revenue.grouped) }
                // Managers and admins see other reps' accounts: say whose.
                if c.ownerID != turn.rep.id { parts.append(repNames[c.ownerID] ?? "#\(c.ownerID)") }
                lines.append("\(i + 1). \(c.name) — " + parts.joined(separator: " · "))
            }
            if rows.count > shownRows {
                lines.append(turn.say("… and \(rows.count - shownRows) more.", "……还有\(rows.count - shownRows)个。"))
            }
        }
        let data: [JSONValue] = rows.map { s in
            let c = s.customer
            return .object([
                ("id", .int(c.id.rawValue)), ("name", .string(c.name)), ("kind", .string(c.kind.rawValue)),
                ("stage", .string(c.stage.rawValue)), ("grade", c.grade.map { .string($0.rawValue) } ?? .null),
                ("tier", .string((tiers[c.id] ?? .small).rawValue)), ("region", c.region.map { .string($0) } ?? .null),
                ("owner", .string(repNames[c.ownerID] ?? "#\(c.ownerID)")), ("revenue", .double(s.revenue.units)),
                ("orders", .int(Int64(s.orderCount))), ("last_order", s.lastOrder.map { .string($0.iso) } ?? .null),
            ])
        }
        return Done(text: lines.joined(separator: "\n"), data: [("customers", .array(data)), ("slots", turn.slotsJSON)])
    }
}
