import CRMDomain
import CRMSupport

/// Deleting, restoring and merging customers, and moving a contact.
///
/// A delete removes the customer's rows for real, so every list, search, warning and
/// report stays exactly as without it and no query needs a "deleted" test; the rows live
/// on as the before images the change log saves, and `deleted_customers` points at the
/// deleting change so `restore` can put them back with their ids. Each is one recorded
/// change that `undo` reverts, and deletes, restores and merges are audited.
extension SQLiteStore {
    public func moveContact(_ id: ContactID, to customer: CustomerID, _ ctx: WriteContext) async throws -> Contact {
        try await writing { db in
            let before = try found(try db.fetchContact(id), "contact", id.rawValue)
            _ = try db.requireCustomer(customer)
            let rec = try ChangeRecorder(db, ctx, label: before.name)
            guard before.customerID != customer else { return before }
            try rec.willUpdate(.contacts, id.rawValue)
            try db.execute(
                "UPDATE contacts SET customer_id = ? WHERE id = ?", [.integer(customer.rawValue), .integer(id.rawValue)])
            return try found(try db.fetchContact(id), "contact", id.rawValue)
        }
    }

    public func footprint(of id: CustomerID) async throws -> CustomerFootprint? {
        try await reading { db in
            guard try db.fetchCustomer(id) != nil else { return nil }
            return try db.footprint(of: id)
        }
    }

    public func deleteCustomer(_ id: CustomerID, reason: String?, _ ctx: WriteContext) async throws -> DeletedCustomer {
        try InputLimits.text(reason, "reason")
        return try await writing { db in
            let customer = try db.requireCustomer(id)
            let rec = try ChangeRecorder(db, ctx, label: customer.name)
            let records = try db.deleteDependents(of: id, rec)
            try rec.willDelete(.customers, id.rawValue)
            try db.execute("DELETE FROM customers WHERE id = ?", [.integer(id.rawValue)])
            let trashID = try db.insertReturningID(
                """
                INSERT INTO deleted_customers (customer_id, name, owner_id, deleted_by, deleted_at, change_id, records)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                [
                    .integer(id.rawValue), .text(customer.name), .integer(customer.ownerID.rawValue),
                    .integer(ctx.repID.rawValue), .text(ctx.at.iso), .integer(rec.changeID), .integer(Int64(records)),
                ])
            try rec.inserted(.deletedCustomers, trashID)
            _ = try db.insertAudit(NewAuditEntry(
                at: ctx.at, kind: .delete, actor: try db.repLabel(ctx.repID), repID: customer.ownerID,
                detail: "\(customer.name) (customer #\(id.rawValue)) with \(records) records: change #\(rec.changeID)"
                    + (reason.map { "; reason: \($0)" } ?? "")))
            return DeletedCustomer(
                id: trashID, customerID: id, name: customer.name, ownerID: customer.ownerID, deletedBy: ctx.repID,
                deletedAt: ctx.at, records: records)
        }
    }

    public func deletedCustomers(in scope: AccessScope, limit: Int) async throws -> [DeletedCustomer] {
        try await reading { db in
            try db.rows(
                """
                SELECT * FROM deleted_customers
                WHERE restored_at IS NULL AND (?1 IS NULL OR owner_id IN (SELECT value FROM json_each(?1)))
                ORDER BY id DESC LIMIT ?2
                """, [scopeValue(scope), .integer(InputLimits.limit(limit))]
            ).map(DeletedCustomer.init(row:))
        }
    }

    public func restoreCustomer(_ deletion: Int64, _ ctx: WriteContext) async throws -> Customer {
        let result = await writingResult { db -> Customer in
            let trash = try DeletedCustomer(
                row: try found(try db.row("SELECT * FROM deleted_customers WHERE id = ?", [.integer(deletion)]), "deleted customer", deletion))
            guard try db.scalarInt("SELECT restored_at IS NULL FROM deleted_customers WHERE id = ?", [.integer(deletion)]) == 1,
                let changeID = try db.scalarInt("SELECT change_id FROM deleted_customers WHERE id = ?", [.integer(deletion)]),
                try db.scalarInt("SELECT undone_at IS NULL FROM change_log WHERE id = ?", [.integer(changeID)]) == 1
            else {
                throw StoreError(.invalid, "\(trash.name) was already restored.", context: "deletion \(deletion)")
            }
            let rec = try ChangeRecorder(db, ctx, label: trash.name)
            // The deleting change deleted children first: put back parents first.
            for step in try db.rows(
                "SELECT id, table_name, row_id FROM change_rows WHERE change_id = ? AND op = 'delete' ORDER BY seq DESC",
                [.integer(changeID)])
            {
                let name = try step.string("table_name")
                guard let table = TrackedTable(rawValue: name) else {
                    throw StoreError(.corrupt, "The change log names a table crmbot does not know.", context: "table \(name)")
                }
                let rowID = try step.int64("row_id")
                try Self.reinsert(changeRowID: try step.int64("id"), table: table, rowID: rowID, db)
                try rec.inserted(table, rowID)
            }
            try rec.willUpdate(.deletedCustomers, deletion)
            try db.execute("UPDATE deleted_customers SET restored_at = ? WHERE id = ?", [.text(ctx.at.iso), .integer(deletion)])
            _ = try db.insertAudit(NewAuditEntry(
                at: ctx.at, kind: .restore, actor: try db.repLabel(ctx.repID), repID: trash.ownerID,
                detail: "\(trash.name) (customer #\(trash.customerID.rawValue)) with \(trash.records) records: change #\(rec.changeID)"))
            return try db.requireCustomer(trash.customerID)
        }
        switch result {
        case .success(let customer): return customer
        case .failure(let error) where error.code == .constraint:
            throw StoreError(
                .constraint,
                "That customer cannot be restored: a record it refers to (a customer it referred, a rep) is gone. Restore that first.",
                context: error.context)
        case .failure(let error): throw error
        }
    }

    public func mergeCustomer(_ from: CustomerID, into: CustomerID, _ ctx: WriteContext) async throws -> MergeOutcome {
        guard from != into else {
            throw StoreError(.invalid, "A customer cannot be merged into itself.", context: "customer \(from.rawValue)")
        }
        return try await writing { db in
            let source = try db.requireCustomer(from)
            let kept = try db.requireCustomer(into)
            let rec = try ChangeRecorder(db, ctx, label: kept.name)
            let moved = try db.footprint(of: from)
            try db.moveDependents(of: from, to: into, rec)
            let filled = try db.fillBlanks(of: kept, from: source, rec)
            // The name merged away finds the customer kept from now on.
            if TextMatching.fold(source.name) != TextMatching.fold(kept.name),
                try db.scalarInt(
                    "SELECT 1 FROM customer_aliases WHERE customer_id = ? AND name_folded = ?",
                    [.integer(into.rawValue), .text(TextMatching.fold(source.name))]) == nil
            {
                try db.addCustomerAlias(into, source.name, rec)
            }
            try rec.willDelete(.customers, from.rawValue)
            try db.execute("DELETE FROM customers WHERE id = ?", [.integer(from.rawValue)])
            let after = try db.requireCustomer(into)
            if after.stage != kept.stage { try db.recordStageChange(into, from: kept.stage, to: after.stage, ctx, rec) }
            _ = try db.insertAudit(NewAuditEntry(
                at: ctx.at, kind: .merge, actor: try db.repLabel(ctx.repID), repID: kept.ownerID,
                detail: "\(source.name) (customer #\(from.rawValue), owner \(try db.repLabel(source.ownerID))) merged into "
                    + "\(kept.name) (customer #\(into.rawValue)) with \(moved.total) records: change #\(rec.changeID)"))
            return MergeOutcome(customer: after, moved: moved, filled: filled)
        }
    }
}

extension DeletedCustomer {
    init(row: Row) throws {
        self.init(
            id: try row.int64("id"), customerID: CustomerID(try row.int64("customer_id")), name: try row.string("name"),
            ownerID: RepID(try row.int64("owner_id")), deletedBy: RepID(try row.int64("deleted_by")),
            deletedAt: try row.localDateTime("deleted_at"), records: Int(try row.int64("records")))
    }
}

extension Connection {
    /// The tables whose rows hang on a customer (or on one of its contacts), children of
    /// contacts first: deleted in this order, moved in any.
    private static let dependentTables: [TrackedTable] = {
        let contactChildren = TrackedTable.allCases.filter { $0.customerColumns.isEmpty && !$0.contactColumns.isEmpty }
        let others = TrackedTable.allCases.filter {
            !$0.customerColumns.isEmpty && ![.customers, .contacts, .deletedCustomers].contains($0)
        }
        return contactChildren + others
    }()

    /// The ids of the rows of `table` about `customer` or one of its contacts.
    private func dependentRows(_ table: TrackedTable, of customer: CustomerID) throws -> [Int64] {
        // Column names come from TrackedTable's literals, never from input.
        let tests =
            table.customerColumns.map { "\($0) = ?1" }
            + table.contactColumns.map { "\($0) IN (SELECT id FROM contacts WHERE customer_id = ?1)" }
        return try rows(
            "SELECT id FROM \(table.rawValue) WHERE \(tests.joined(separator: " OR ")) ORDER BY id", [.integer(customer.rawValue)]
        ).map { try $0.int64("id") }
    }

    func footprint(of customer: CustomerID) throws -> CustomerFootprint {
        var f = CustomerFootprint()
        f.contacts = try dependentRows(.contacts, of: customer).count
        f.activities = try dependentRows(.activities, of: customer).count
        f.orders = try dependentRows(.orders, of: customer).count
        f.payments = try dependentRows(.payments, of: customer).count
        f.tasks = try dependentRows(.tasks, of: customer).count
        f.complaints = try dependentRows(.complaints, of: customer).count
        f.deals = try dependentRows(.deals, of: customer).count
        f.referrals = try dependentRows(.referrals, of: customer).count
        f.objections = try dependentRows(.objections, of: customer).count
        return f
    }

    /// Deletes every row about `customer` but its own, recording each; returns how many
    /// records (contacts and what a rep logged) went.
    fileprivate func deleteDependents(of customer: CustomerID, _ rec: ChangeRecorder) throws -> Int {
        let counted = try footprint(of: customer).total
        for table in Self.dependentTables {
            for id in try dependentRows(table, of: customer) {
                try rec.willDelete(table, id)
                try execute("DELETE FROM \(table.rawValue) WHERE id = ?", [.integer(id)])
            }
        }
        for id in try dependentRows(.contacts, of: customer) {
            try rec.willDelete(.contacts, id)
            try execute("DELETE FROM contacts WHERE id = ?", [.integer(id)])
        }
        return counted
    }

    /// Points every row about `from` at `to` instead (an alias `to` already has is dropped).
    fileprivate func moveDependents(of from: CustomerID, to: CustomerID, _ rec: ChangeRecorder) throws {
        let target: SQLValue = .integer(to.rawValue)
        for table in Self.dependentTables + [.contacts] where !table.customerColumns.isEmpty {
            for id in try dependentRows(table, of: from) {
                if table == .customerAliases,
                    let folded = try scalarText("SELECT name_folded FROM customer_aliases WHERE id = ?", [.integer(id)]),
                    try scalarInt(
                        "SELECT 1 FROM customer_aliases WHERE customer_id = ? AND name_folded = ?", [target, .text(folded)])
                        != nil
                {
                    try rec.willDelete(table, id)
                    try execute("DELETE FROM customer_aliases WHERE id = ?", [.integer(id)])
                    continue
                }
                try rec.willUpdate(table, id)
                for column in table.customerColumns {
                    try execute(
                        "UPDATE \(table.rawValue) SET \(column) = ?1 WHERE id = ?2 AND \(column) = ?3",
                        [target, .integer(id), .integer(from.rawValue)])
                }
            }
        }
    }

    /// The funnel's order, for keeping the further stage of two merged customers (`lost`
    /// never wins over a live stage).
    private static let stageRank: [Stage: Int] = [.lost: 0, .lead: 1, .prospect: 2, .customer: 3, .key: 4, .won: 5]

    /// Gives `kept`'s empty fields `source`'s values, and the further funnel stage; returns
    /// the fields filled.
    fileprivate func fillBlanks(of kept: Customer, from source: Customer, _ rec: ChangeRecorder) throws -> [String] {
        let columns = [
            "industry", "region", "phone", "email", "address", "title", "birthday", "grade", "credit_limit_cents",
            "sales_plan_cents", "expense_budget_cents", "cost_cents", "payday", "consumption_rate", "note", "money",
            "authority", "need",
        ]
        let key: [SQLValue] = [.integer(kept.id.rawValue), .integer(source.id.rawValue)]
        var filled: [String] = []
        for column in columns {
            let empty = ["money", "authority", "need"].contains(column) ? "k.\(column) = 'unknown'" : "k.\(column) IS NULL"
            let given = ["money", "authority", "need"].contains(column) ? "s.\(column) <> 'unknown'" : "s.\(column) IS NOT NULL"
            if try scalarInt(
                "SELECT 1 FROM customers k, customers s WHERE k.id = ?1 AND s.id = ?2 AND \(empty) AND \(given)", key) != nil
            {
                filled.append(column)
            }
        }
        let stage = (Self.stageRank[source.stage] ?? 0) > (Self.stageRank[kept.stage] ?? 0) ? source.stage : kept.stage
        guard !filled.isEmpty || stage != kept.stage else { return [] }
        try rec.willUpdate(.customers, kept.id.rawValue)
        for column in filled {
            try execute("UPDATE customers SET \(column) = (SELECT \(column) FROM customers WHERE id = ?2) WHERE id = ?1", key)
        }
        if stage != kept.stage {
            try execute("UPDATE customers SET stage = ? WHERE id = ?", [.text(stage.rawValue), .integer(kept.id.rawValue)])
        }
        return filled.map { $0.hasSuffix("_cents") ? String($0.dropLast(6)) : $0 }
    }

    /// Removes the alias of a customer or contact that folds like `alias`; `invalid` when
    /// there is none.
    func removeAlias(_ table: TrackedTable, owner: Int64, _ alias: String, _ rec: ChangeRecorder) throws {
        let ownerColumn = table == .customerAliases ? "customer_id" : "contact_id"
        guard
            let id = try scalarInt(
                "SELECT id FROM \(table.rawValue) WHERE \(ownerColumn) = ? AND name_folded = ?",
                [.integer(owner), .text(TextMatching.fold(alias))])
        else {
            throw StoreError(.invalid, "There is no alias “\(alias)” to remove.", context: "\(table.rawValue) of #\(owner)")
        }
        try rec.willDelete(table, id)
        try execute("DELETE FROM \(table.rawValue) WHERE id = ?", [.integer(id)])
    }

    /// A rep's name for audit details (the id when the rep is gone).
    func repLabel(_ id: RepID) throws -> String {
        try scalarText("SELECT name FROM reps WHERE id = ?", [.integer(id.rawValue)]) ?? "rep \(id.rawValue)"
    }
}
