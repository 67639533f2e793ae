import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func addCustomer(_ draft: NewCustomer, _ ctx: WriteContext) async throws -> Customer {
        try Self.validate(draft)
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: draft.name)
            let id = try db.insertCustomer(draft, owner: draft.ownerID ?? ctx.repID, stage: draft.stage, at: ctx.at, rec)
            return try db.requireCustomer(id)
        }
    }

    public func customer(id: CustomerID) async throws -> Customer? {
        try await reading { db in try db.fetchCustomer(id) }
    }

    public func updateCustomer(_ id: CustomerID, _ changes: [CustomerChange], _ ctx: WriteContext) async throws
        -> Customer
    {
        var assignments: [(column: String, value: SQLValue)] = []
        var aliases: [String] = []
        var removedAliases: [String] = []
        for change in changes {
            switch change {
            case .name(let s):
                try InputLimits.name(s, "customer name")
                assignments.append(("name", .text(s)))
                assignments.append(("name_folded", .text(TextMatching.fold(s))))
                assignments.append(("name_key", .text(nameScripts.key(of: s))))
            case .addAlias(let s):
                try InputLimits.name(s, "alias")
                aliases.append(s)
            case .removeAlias(let s):
                try InputLimits.name(s, "alias")
                removedAliases.append(s)
            case .phone(let s): try InputLimits.text(s, "phone"); assignments.append(("phone", SQLValue(s)))
            case .email(let s): try InputLimits.text(s, "email"); assignments.append(("email", SQLValue(s)))
            case .address(let s): try InputLimits.text(s, "address"); assignments.append(("address", SQLValue(s)))
            case .region(let s): try InputLimits.text(s, "region"); assignments.append(("region", SQLValue(s)))
            case .industry(let s): try InputLimits.text(s, "industry"); assignments.append(("industry", SQLValue(s)))
            case .title(let s): try InputLimits.text(s, "title"); assignments.append(("title", SQLValue(s)))
            case .birthday(let d): assignments.append(("birthday", SQLValue(d?.iso)))
            case .creditLimit(let m):
                try InputLimits.money(m, "credit limit")
                assignments.append(("credit_limit_cents", SQLValue(m?.cents)))
            case .salesPlan(let m):
                try InputLimits.money(m, "sales plan")
                assignments.append(("sales_plan_cents", SQLValue(m?.cents)))
            case .expenseBudget(let m):
                try InputLimits.money(m, "expense budget")
                assignments.append(("expense_budget_cents", SQLValue(m?.cents)))
            case .cost(let m):
                try InputLimits.money(m, "cost")
                assignments.append(("cost_cents", SQLValue(m?.cents)))
            case .payday(let d):
                if let d, !(1...31).contains(d) {
                    throw StoreError(.invalid, "The payday must be a day of the month (1–31).", context: "payday \(d)")
                }
                assignments.append(("payday", SQLValue(d)))
            case .consumptionRate(let r):
                if let r, !(r.isFinite && r >= 0) {
                    throw StoreError(.invalid, "The consumption rate must be a positive number.", context: "rate")
                }
                assignments.append(("consumption_rate", SQLValue(r)))
            case .owner(let rep): assignments.append(("owner_id", .integer(rep.rawValue)))
            case .note(let s): try InputLimits.text(s, "note"); assignments.append(("note", SQLValue(s)))
            case .stage(let s): assignments.append(("stage", .text(s.rawValue)))
            case .grade(let g): assignments.append(("grade", SQLValue(g)))
            case .tierOverride(let t): assignments.append(("tier_override", SQLValue(t)))
            case .money(let t): assignments.append(("money", .text(t.rawValue)))
            case .authority(let t): assignments.append(("authority", .text(t.rawValue)))
            case .need(let t): assignments.append(("need", .text(t.rawValue)))
            }
        }
        let updates = assignments
        let newAliases = aliases, oldAliases = removedAliases
        return try await writing { db in
            let before = try db.requireCustomer(id)
            let rec = try ChangeRecorder(db, ctx, label: before.name)
            if !updates.isEmpty { try rec.willUpdate(.customers, id.rawValue) }
            for (column, value) in updates {
                // `column` is one of the literals above, never input text.
                try db.execute("UPDATE customers SET \(column) = ? WHERE id = ?", [value, .integer(id.rawValue)])
            }
            for alias in oldAliases { try db.removeAlias(.customerAliases, owner: id.rawValue, alias, rec) }
            for alias in newAliases { try db.addCustomerAlias(id, alias, rec) }
            let after = try db.requireCustomer(id)
            if after.stage != before.stage {
                try db.recordStageChange(id, from: before.stage, to: after.stage, ctx, rec)
            }
            if after.name != before.name { try rec.relabel(after.name) }
            try db.auditOwnerMoves(since: [id.rawValue: before.ownerID.rawValue], actor: ctx.repID, at: ctx.at)
            return after
        }
    }

    /// Sorted by revenue (orders dated on or after `revenueSince`, summed in SQL), highest
    /// first, then by name. `orderCount` counts the orders in that window; `lastOrder` and
    /// `lastActivity` are over all time.
    public func listCustomers(_ filter: CustomerFilter, in scope: AccessScope, revenueSince: CivilDate) async throws
        -> [CustomerSummary]
    {
        try InputLimits.text(filter.region, "region")
        let arguments: [SQLValue] = [
            scopeValue(scope), SQLValue(filter.stage), SQLValue(filter.region), SQLValue(filter.ownerID?.rawValue),
            SQLValue(filter.kind), .text(revenueSince.iso), .integer(InputLimits.limit(filter.limit)),
        ]
        return try await reading { db in
            let rows = try db.rows(
                """
                SELECT c.*,
                    -- Per customer in scope, through the covering index (customer_id, date,
                    -- amount): not a GROUP BY over every order since ?6 of every book,
                    -- materialised and indexed anew for each question.
                    COALESCE((SELECT SUM(o.amount_cents) FROM orders o
                        WHERE o.customer_id = c.id AND o.date >= ?6), 0) AS revenue_cents,
                    (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.date >= ?6) AS window_order_count,
                    (SELECT MAX(o.date) FROM orders o WHERE o.customer_id = c.id) AS last_order,
                    (SELECT MAX(a.at) FROM activities a WHERE a.customer_id = c.id) AS last_activity
                FROM customers c
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
                    AND (?2 IS NULL OR c.stage = ?2)
                    AND (?3 IS NULL OR c.region = ?3 COLLATE NOCASE)
                    AND (?4 IS NULL OR c.owner_id = ?4)
                    AND (?5 IS NULL OR c.kind = ?5)
                ORDER BY revenue_cents DESC, c.name COLLATE NOCASE, c.id
                LIMIT ?7
                """, arguments)
            // The listed customers' aliases in one query, not one per customer.
            let aliases = try db.customerAliases(of: try rows.map { try $0.int64("id") })
            return try rows.map { r in
                let id: CustomerID = try r.id("id")
                return CustomerSummary(
                    customer: try Customer(row: r, aliases: aliases[id.rawValue] ?? []),
                    revenue: Money(cents: try r.int64("revenue_cents")),
                    orderCount: Int(try r.int64("window_order_count")),
                    lastOrder: try r.optionalCivilDate("last_order"),
                    lastActivity: try r.optionalLocalDateTime("last_activity"))
            }
        }
    }

    static func validate(_ d: NewCustomer) throws(StoreError) {
        try InputLimits.name(d.name, "customer name")
        try InputLimits.names(d.aliases, "alias")
        try InputLimits.text(d.industry, "industry")
        try InputLimits.text(d.region, "region")
        try InputLimits.text(d.phone, "phone")
    }
}
