import CRMDomain
import CRMSupport

extension SQLiteStore: CRMExchangeStore {
    public func importRecords(_ items: [ImportItem], label: String, dryRun: Bool, _ ctx: WriteContext) async throws
        -> [ImportOutcome]
    {
        do {
            return try await database.write { db in
                let rec = try ChangeRecorder(db, ctx, label: label)
                var outcomes: [ImportOutcome] = []
                outcomes.reserveCapacity(items.count)
                for item in items {
                    // A savepoint per row, so a row the database refuses leaves nothing behind.
                    // There is no enclosing savepoint, so each row's (in-memory) journal is
                    // dropped at its release rather than growing for the whole batch.
                    try db.execute("SAVEPOINT import_row")
                    do {
                        outcomes.append(try db.importOne(item, ctx, rec))
                        try db.execute("RELEASE import_row")
                    } catch let error as StoreError {
                        try db.execute("ROLLBACK TO import_row")
                        try db.execute("RELEASE import_row")
                        outcomes.append(.refused(error.message))
                    } catch let error as SQLiteError where error.code ~= .constraint {
                        try db.execute("ROLLBACK TO import_row")
                        try db.execute("RELEASE import_row")
                        outcomes.append(.refused("the database refused it (\(error.message))"))
                    }
                }
                // A dry run, or a batch that added nothing, rolls the transaction back: no
                // change-log entry is left for undo to find.
                if dryRun || !outcomes.contains(where: { if case .added = $0 { true } else { false } }) {
                    throw DiscardedBatch(outcomes: outcomes)
                }
                try db.indexPendingSearch()
                return outcomes
            }
        } catch let discarded as DiscardedBatch {
            return discarded.outcomes
        } catch {
            throw StoreError(mapping: error)
        }
    }

    public func exportRows(_ kind: ExchangeKind, in scope: AccessScope) async throws -> [[String?]] {
        try await reading { db in
            try db.rows(Self.exportSQL(kind), [scopeValue(scope)]).map { row in
                row.values.map { value -> String? in
                    switch value {
                    case .null: return nil
                    case .integer(let i): return String(i)
                    case .real(let d): return String(d)
                    case .text(let s): return s
                    case .blob: return nil
                    }
                }
            }
        }
    }

    /// The export query of `kind`: the columns of ``ExchangeKind/columns``, money in
    /// units with two decimals where it has cents, customers in `?` (the scope).
    static func exportSQL(_ kind: ExchangeKind) -> String {
        let inScope = "(?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))"
        let money = "CASE WHEN x.amount_cents % 100 = 0 THEN CAST(x.amount_cents / 100 AS TEXT) ELSE printf('%.2f', x.amount_cents / 100.0) END"
        switch kind {
        case .customers:
            return """
                SELECT c.name, c.kind, c.stage, r.name, c.industry, c.region, c.phone, c.email, c.address
                FROM customers c JOIN reps r ON r.id = c.owner_id WHERE \(inScope) ORDER BY c.id
                """
        case .contacts:
            return """
                SELECT c.name, x.name, x.title, x.phone, x.email
                FROM contacts x JOIN customers c ON c.id = x.customer_id WHERE \(inScope) ORDER BY x.id
                """
        case .activities:
            return """
                SELECT c.name, k.name, x.type, replace(x.at, 'T', ' '), x.note, r.name
                FROM activities x JOIN customers c ON c.id = x.customer_id JOIN reps r ON r.id = x.rep_id
                LEFT JOIN contacts k ON k.id = x.contact_id WHERE \(inScope) ORDER BY x.id
                """
        case .orders:
            return """
                SELECT c.name, x.date, \(money), x.quantity, x.item, r.name
                FROM orders x JOIN customers c ON c.id = x.customer_id JOIN reps r ON r.id = x.rep_id
                WHERE \(inScope) ORDER BY x.id
                """
        case .payments:
            return """
                SELECT c.name, x.date, \(money), r.name
                FROM payments x JOIN customers c ON c.id = x.customer_id JOIN reps r ON r.id = x.rep_id
                WHERE \(inScope) ORDER BY x.id
                """
        case .tasks:
            // Tasks of reps in scope; one about a customer only while that customer is in
            // scope too (a handed-over customer's done tasks are left out).
            return """
                SELECT x.what, replace(x.due, 'T', ' '), c.name, coalesce(x.repeat_rule, x.recurrence),
                    CASE WHEN x.cancelled_at IS NOT NULL THEN 'cancelled' WHEN x.done_at IS NOT NULL THEN 'done' ELSE 'open' END, r.name
                FROM tasks x JOIN reps r ON r.id = x.rep_id LEFT JOIN customers c ON c.id = x.customer_id
                WHERE ?1 IS NULL OR (x.rep_id IN (SELECT value FROM json_each(?1))
                    AND (c.id IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1))))
                ORDER BY x.id
                """
        }
    }
}

/// Thrown out of an import's transaction to roll it back while keeping its outcomes.
private struct DiscardedBatch: Error, Sendable {
    let outcomes: [ImportOutcome]
}

extension Connection {
    /// Writes one import row, or finds it already there.
    func importOne(_ item: ImportItem, _ ctx: WriteContext, _ rec: ChangeRecorder) throws -> ImportOutcome {
        switch item.record {
        case .customer(let c):
            return try importCustomer(c, ctx, rec)
        case .contact(let c):
            return try importContact(c, rec)
        case .activity(let d):
            try InputLimits.text(d.note, "note")
            try requireContact(d.contactID, of: d.customerID)
            return try addUnlessPresent(
                item.occurrence, table: .activities,
                match: "customer_id = ? AND contact_id IS ? AND type = ? AND at = ? AND note IS ?",
                [.integer(d.customerID.rawValue), SQLValue(d.contactID?.rawValue), .text(d.type.rawValue), .text(d.at.iso), SQLValue(d.note)],
                insert: "INSERT INTO activities (customer_id, contact_id, type, at, note, rep_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                rep: item.repID, ctx, rec)
        case .order(let d):
            try InputLimits.money(d.amount, "amount")
            try InputLimits.text(d.item, "item")
            return try addUnlessPresent(
                item.occurrence, table: .orders,
                match: "customer_id = ? AND amount_cents = ? AND quantity IS ? AND item IS ? AND date = ?",
                [.integer(d.customerID.rawValue), .integer(d.amount.cents), SQLValue(d.quantity), SQLValue(d.item), .text(d.date.iso)],
                insert: "INSERT INTO orders (customer_id, amount_cents, quantity, item, date, rep_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                rep: item.repID, ctx, rec)
        case .payment(let d):
            try InputLimits.money(d.amount, "amount")
            return try addUnlessPresent(
                item.occurrence, table: .payments, match: "customer_id = ? AND amount_cents = ? AND date = ?",
                [.integer(d.customerID.rawValue), .integer(d.amount.cents), .text(d.date.iso)],
                insert: "INSERT INTO payments (customer_id, amount_cents, date, rep_id) VALUES (?, ?, ?, ?) RETURNING id",
                rep: item.repID, ctx, rec)
        }
    }

    private func importCustomer(_ c: ImportedCustomer, _ ctx: WriteContext, _ rec: ChangeRecorder) throws -> ImportOutcome {
        let d = c.draft
        try InputLimits.name(d.name, "customer name")
        try InputLimits.names(d.aliases, "alias")
        try InputLimits.text(d.industry, "industry")
        try InputLimits.text(d.region, "region")
        try InputLimits.text(d.phone, "phone")
        try InputLimits.text(c.email, "email")
        try InputLimits.text(c.address, "address")
        let owner = d.ownerID ?? ctx.repID
        let existing = try scalarInt(
            "SELECT id FROM customers WHERE name_folded = ? AND owner_id = ? ORDER BY id LIMIT 1",
            [.text(TextMatching.fold(d.name)), .integer(owner.rawValue)])
        if let existing { return .alreadyPresent(existing) }
        let id = try insertCustomer(d, owner: owner, stage: d.stage, at: ctx.at, email: c.email, address: c.address, rec)
        return .added(id.rawValue)
    }

    private func importContact(_ c: ImportedContact, _ rec: ChangeRecorder) throws -> ImportOutcome {
        let d = c.draft
        try InputLimits.name(d.name, "contact name")
        try InputLimits.text(d.title, "title")
        try InputLimits.text(c.phone, "phone")
        try InputLimits.text(c.email, "email")
        let existing = try scalarInt(
            "SELECT id FROM contacts WHERE customer_id = ? AND name_folded = ? ORDER BY id LIMIT 1",
            [.integer(d.customerID.rawValue), .text(TextMatching.fold(d.name))])
        if let existing { return .alreadyPresent(existing) }
        let id = try insertReturningID(
            "INSERT INTO contacts (customer_id, name, title, phone, email, name_folded, name_key) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                .integer(d.customerID.rawValue), .text(d.name), SQLValue(d.title), SQLValue(c.phone), SQLValue(c.email),
                .text(TextMatching.fold(d.name)), .text(nameScripts.key(of: d.name)),
            ])
        try rec.inserted(.contacts, id)
        return .added(id)
    }

    /// Inserts a record (its `values`, then `rep` or the writing rep) unless more than `occurrence`
    /// identical ones (matching `match` on the same values) are there already.
    private func addUnlessPresent(
        _ occurrence: Int, table: TrackedTable, match: String, _ values: [SQLValue], insert: String, rep: RepID?,
        _ ctx: WriteContext, _ rec: ChangeRecorder
    ) throws -> ImportOutcome {
        let existing = try rows("SELECT id FROM \(table.rawValue) WHERE \(match) ORDER BY id LIMIT ?", values + [.integer(Int64(occurrence + 1))])
        if existing.count > occurrence, case .integer(let id) = existing[occurrence][0] {
            return .alreadyPresent(id)
        }
        let id = try insertReturningID(insert, values + [.integer((rep ?? ctx.repID).rawValue)])
        try rec.inserted(table, id)
        return .added(id)
    }
}
