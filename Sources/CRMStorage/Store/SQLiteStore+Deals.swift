import CRMDomain
import CRMSupport

/// Deals (商机) and monthly quotas: each change one recorded change that `undo` reverts.
extension SQLiteStore {
    public func addDeal(_ draft: NewDeal, _ ctx: WriteContext) async throws -> Deal {
        try InputLimits.text(draft.title, "deal")
        try InputLimits.money(draft.amount, "amount")
        let probability = try Self.probability(draft.probability ?? draft.stage.defaultProbability)
        return try await writing { db in
            _ = try db.requireCustomer(draft.customerID)
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(draft.customerID))
            let id = try db.insertReturningID(
                """
                INSERT INTO deals (customer_id, rep_id, title, amount_cents, close_date, stage, probability, created_at, closed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?6 IN ('won', 'lost') THEN ?8 END) RETURNING id
                """,
                [
                    .integer(draft.customerID.rawValue), .integer(ctx.repID.rawValue), SQLValue(draft.title),
                    .integer(draft.amount.cents), SQLValue(draft.closeDate?.iso), .text(draft.stage.rawValue),
                    .integer(Int64(probability)), .text(ctx.at.iso),
                ])
            try rec.inserted(.deals, id)
            return try found(try db.fetchDeal(DealID(id)), "deal", id).deal
        }
    }

    public func deal(id: DealID) async throws -> DealSummary? {
        try await reading { db in try db.fetchDeal(id) }
    }

    public func changeDeal(_ id: DealID, _ changes: [DealChange], _ ctx: WriteContext) async throws -> Deal {
        var assignments: [(String, SQLValue)] = []
        var stageGiven = false
        var probabilityGiven = false
        for change in changes {
            switch change {
            case .stage(let s):
                stageGiven = true
                assignments.append(("stage", .text(s.rawValue)))
                if s.isClosed { assignments.append(("closed_at", .text(ctx.at.iso))) }
            case .probability(let p):
                probabilityGiven = true
                assignments.append(("probability", .integer(Int64(try Self.probability(p)))))
            case .amount(let m):
                try InputLimits.money(m, "amount")
                assignments.append(("amount_cents", .integer(m.cents)))
            case .closeDate(let d):
                assignments.append(("close_date", .text(d.iso)))
            case .won(let note), .lost(let note):
                try InputLimits.text(note, "reason")
                let stage: DealStage = if case .won = change { .won } else { .lost }
                stageGiven = true
                probabilityGiven = true
                assignments += [
                    ("stage", .text(stage.rawValue)), ("probability", .integer(Int64(stage.defaultProbability))),
                    ("closed_at", .text(ctx.at.iso)), ("reason", SQLValue(note)),
                ]
            }
        }
        if stageGiven && !probabilityGiven, case .stage(let s)? = changes.first(where: { if case .stage = $0 { true } else { false } }) {
            assignments.append(("probability", .integer(Int64(s.defaultProbability))))
        }
        guard !assignments.isEmpty else {
            throw StoreError(.invalid, "Nothing to change.", context: "deal id \(id)")
        }
        let settings = assignments
        return try await writing { db in
            let before = try found(try db.fetchDeal(id), "deal", id.rawValue).deal
            guard before.stage.isClosed == false else {
                throw StoreError(.invalid, "That deal is already \(before.stage.rawValue).", context: "deal id \(id)")
            }
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(before.customerID))
            try rec.willUpdate(.deals, id.rawValue)
            // Column names come only from the literals above, never from input.
            let sets = settings.map { "\($0.0) = ?" }.joined(separator: ", ")
            try db.execute("UPDATE deals SET \(sets) WHERE id = ?", settings.map(\.1) + [.integer(id.rawValue)])
            return try found(try db.fetchDeal(id), "deal", id.rawValue).deal
        }
    }

    public func deals(in scope: AccessScope, customer: CustomerID?, openOnly: Bool, limit: Int) async throws -> [DealSummary] {
        try await reading { db in
            try db.rows(
                """
                SELECT d.*, c.name AS customer_name, c.owner_id FROM deals d JOIN customers c ON c.id = d.customer_id
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1))) AND (?2 IS NULL OR d.customer_id = ?2)
                AND (?3 = 0 OR d.closed_at IS NULL)
                ORDER BY d.id DESC LIMIT ?4
                """,
                [scopeValue(scope), SQLValue(customer?.rawValue), .integer(openOnly ? 1 : 0), .integer(InputLimits.limit(limit))]
            ).map(DealSummary.init(row:))
        }
    }

    public func forecastDeals(in scope: AccessScope, from: CivilDate, through: CivilDate) async throws -> [DealSummary] {
        try await reading { db in
            // `closed_at` is ISO text: every moment of `through` sorts before the next day.
            try db.rows(
                """
                SELECT d.*, c.name AS customer_name, c.owner_id FROM deals d JOIN customers c ON c.id = d.customer_id
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
                AND ((d.closed_at IS NULL AND (d.close_date IS NULL OR d.close_date <= ?3))
                    OR (d.closed_at >= ?2 AND d.closed_at < ?4))
                ORDER BY d.id
                """,
                [scopeValue(scope), .text(from.iso), .text(through.iso), .text(through.adding(days: 1).iso)]
            ).map(DealSummary.init(row:))
        }
    }

    public func setQuota(_ quota: Quota, _ ctx: WriteContext) async throws -> Quota {
        try InputLimits.money(quota.amount, "quota")
        let month = CivilDate(year: quota.month.year, month: quota.month.month, day: 1) ?? quota.month
        return try await writing { db in
            guard let rep = try db.fetchRep(quota.repID) else {
                throw StoreError(.notFound, "No such rep.", context: "rep id \(quota.repID)")
            }
            let rec = try ChangeRecorder(db, ctx, label: rep.name)
            let key: [SQLValue] = [.integer(quota.repID.rawValue), .text(month.iso)]
            if let existing = try db.row("SELECT id FROM quotas WHERE rep_id = ? AND month = ?", key) {
                let id = try existing.int64("id")
                try rec.willUpdate(.quotas, id)
                try db.execute("UPDATE quotas SET amount_cents = ? WHERE id = ?", [.integer(quota.amount.cents), .integer(id)])
            } else {
                let id = try db.insertReturningID(
                    "INSERT INTO quotas (rep_id, month, amount_cents) VALUES (?, ?, ?) RETURNING id",
                    key + [.integer(quota.amount.cents)])
                try rec.inserted(.quotas, id)
            }
            return Quota(repID: quota.repID, month: month, amount: quota.amount)
        }
    }

    public func quotas(from: CivilDate, through: CivilDate) async throws -> [Quota] {
        let first = CivilDate(year: from.year, month: from.month, day: 1) ?? from
        return try await reading { db in
            try db.rows(
                "SELECT rep_id, month, amount_cents FROM quotas WHERE month >= ? AND month <= ? ORDER BY month, rep_id",
                [.text(first.iso), .text(through.iso)]
            ).map { r in
                Quota(repID: try r.id("rep_id"), month: try r.civilDate("month"), amount: Money(cents: try r.int64("amount_cents")))
            }
        }
    }

    private static func probability(_ p: Int) throws(StoreError) -> Int {
        guard (0...100).contains(p) else {
            throw StoreError(.invalid, "A probability is a percentage from 0 to 100.", context: "probability \(p)")
        }
        return p
    }
}

extension Connection {
    func fetchDeal(_ id: DealID) throws -> DealSummary? {
        try row(
            """
            SELECT d.*, c.name AS customer_name, c.owner_id FROM deals d JOIN customers c ON c.id = d.customer_id
            WHERE d.id = ?
            """, [.integer(id.rawValue)]
        ).map(DealSummary.init(row:))
    }
}

extension DealSummary {
    init(row: Row) throws {
        self.init(
            deal: Deal(
                id: try row.id("id"), customerID: try row.id("customer_id"), repID: try row.id("rep_id"),
                title: try row.optionalString("title"), amount: Money(cents: try row.int64("amount_cents")),
                closeDate: try row.optionalCivilDate("close_date"), stage: try row.decode(DealStage.self, "stage"),
                probability: Int(try row.int64("probability")), reason: try row.optionalString("reason"),
                createdAt: try row.localDateTime("created_at"), closedAt: try row.optionalLocalDateTime("closed_at")),
            customerName: try row.string("customer_name"), ownerID: try row.id("owner_id"))
    }
}
