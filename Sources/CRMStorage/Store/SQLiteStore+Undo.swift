import CRMDomain
import CRMSupport

extension SQLiteStore {
    /// Replays the change's rows newest first: an insert is deleted, an update gets its
    /// before image back, a delete is re-inserted; then the entry is marked undone. All in
    /// one transaction. Nothing changes, and `.constraint` explains why, when
    /// - a row it would touch was changed by a later change that is not undone (only
    ///   another rep's can be: the rep's own later ones are undone first);
    /// - it wrote a customer's or a contact's own row (an owner change, a handover, a
    ///   new contact …) and another rep has since written anything concerning that
    ///   customer or contact (see `Connection.laterDependent(of:by:steps:)`): undoing
    ///   it would hand the customer back together with that rep's records;
    /// - records added later depend on a row it would delete (a foreign key).
    ///
    /// An undo that moves customers between owners is audited like a handover.
    public func undoLastChange(by repID: RepID, at: LocalDateTime, requestKey: String?, within scope: AccessScope)
        async throws -> ChangeEntry?
    {
        try await writing { db in
            if let key = requestKey,
                try db.scalarInt(
                    "SELECT 1 FROM change_log WHERE rep_id = ? AND undone_by_key = ? AND undone_at >= ? LIMIT 1",
                    [.integer(repID.rawValue), .text(key), .text(at.adding(minutes: -60 * RequestKeys.retentionHours).iso)]) != nil
            {
                throw StoreError(.requestHandled, "That request was already handled.", context: "undo under a used request key")
            }
            guard
                let r = try db.row(
                    """
                    SELECT id, rep_id, at, action, label FROM change_log
                    WHERE rep_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1
                    """, [.integer(repID.rawValue)])
            else { return nil }
            let entry = try ChangeEntry(row: r)
            let steps = try db.rows(
                "SELECT id, table_name, row_id, op FROM change_rows WHERE change_id = ? ORDER BY seq DESC",
                [.integer(entry.id)])
            for step in steps {
                let touchedSince = try db.scalarInt(
                    """
                    SELECT COUNT(*) FROM change_rows r JOIN change_log l ON l.id = r.change_id
                    WHERE r.table_name = ? AND r.row_id = ? AND l.id > ? AND l.undone_at IS NULL
                    """, [try step.value("table_name"), try step.value("row_id"), .integer(entry.id)])
                if touchedSince ?? 0 > 0 {
                    throw StoreError(
                        .constraint,
                        "That change cannot be undone: the record was changed since by another rep.",
                        context: "change \(entry.id)")
                }
            }
            // A record of a customer handed to someone outside the rep's scope since is no
            // longer the rep's to change, undo included. (The customer's own row is not
            // looked at here: a change to it since, a handover above all, already stops the
            // undo, and undoing the rep's own owner change gives the customer back.)
            for step in steps {
                guard let table = TrackedTable(rawValue: try step.string("table_name")), table != .customers else { continue }
                for column in table.customerColumns {
                    let customer: Int64? =
                        column == "id"
                        ? try step.int64("row_id")
                        : try db.scalarInt(
                            "SELECT \(column) FROM \(table.rawValue) WHERE id = ?", [try step.value("row_id")])
                    guard let customer,
                        let owner = try db.scalarInt("SELECT owner_id FROM customers WHERE id = ?", [.integer(customer)])
                    else { continue }
                    guard scope.allows(owner: RepID(owner)) else {
                        throw StoreError(
                            .forbidden, "That change concerns a customer that is no longer in your book.",
                            context: "change \(entry.id), customer \(customer)")
                    }
                }
            }
            if let dependent = try db.laterDependent(of: entry.id, by: repID, steps: steps) {
                throw StoreError(
                    .constraint,
                    "That change cannot be undone: another rep has since recorded or changed something that depends on it.",
                    context: "change \(entry.id) is needed by \(dependent)")
            }
            let moved = try db.owners(of: try steps.compactMap { step in
                try step.string("table_name") == TrackedTable.customers.rawValue ? try step.int64("row_id") : nil
            })
            do {
                for step in steps { try Self.revert(step, db) }
            } catch let e as SQLiteError where ResultCode.constraint ~= e.code {
                throw StoreError(
                    .constraint,
                    "That change cannot be undone: records added since (possibly by another rep) depend on it.",
                    context: e.description)
            }
            try db.auditOwnerMoves(since: moved, actor: repID, at: at, cause: "undo of change #\(entry.id)")
            try db.execute(
                "UPDATE change_log SET undone_at = ?, undone_by_key = ? WHERE id = ?",
                [.text(at.iso), SQLValue(requestKey), .integer(entry.id)])
            return entry
        }
    }

    private static func revert(_ step: Row, _ db: Connection) throws {
        let tableName = try step.string("table_name")
        guard let table = TrackedTable(rawValue: tableName) else {
            throw StoreError(.corrupt, "The change log names a table crmbot does not know.", context: "table \(tableName)")
        }
        let opName = try step.string("op")
        guard let op = RowOperation(rawValue: opName) else {
            throw RowDecodingError(column: "op", reason: "unknown operation")
        }
        let rowID = try step.int64("row_id")
        switch op {
        case .insert:
            try db.execute("DELETE FROM \(table.rawValue) WHERE id = ?", [.integer(rowID)])
        case .update, .delete:
            if op == .update {
                let image = try beforeImage(changeRowID: try step.int64("id"), table: table, db)
                guard !image.isEmpty else { return }
                let sets = image.map { "\"\($0.column)\" = ?" }.joined(separator: ", ")
                try db.execute(
                    "UPDATE \(table.rawValue) SET \(sets) WHERE id = ?", image.map(\.value) + [.integer(rowID)])
                // An image saved before migration 004 has no folded name: recompute it.
                if let named = NamedTable(table) { try db.refoldName(named, rowID) }
            } else {
                try reinsert(changeRowID: try step.int64("id"), table: table, rowID: rowID, db)
            }
        }
    }

    /// Inserts a deleted row again, with its id, from the before image the change log saved
    /// when it was deleted (undo of a delete, and restoring a deleted customer).
    static func reinsert(changeRowID: Int64, table: TrackedTable, rowID: Int64, _ db: Connection) throws {
        let image = try beforeImage(changeRowID: changeRowID, table: table, db)
        guard !image.isEmpty else { return }
        let columns = (["id"] + image.map(\.column)).map { "\"\($0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: image.count + 1).joined(separator: ", ")
        try db.execute(
            "INSERT INTO \(table.rawValue) (\(columns)) VALUES (\(marks))", [.integer(rowID)] + image.map(\.value))
        // An image saved before migration 004 has no folded name: recompute it.
        if let named = NamedTable(table) { try db.refoldName(named, rowID) }
    }

    /// The saved column values, keeping only columns the table really has (so the
    /// generated SQL names nothing but the fixed schema's columns).
    private static func beforeImage(changeRowID: Int64, table: TrackedTable, _ db: Connection) throws
        -> [(column: String, value: SQLValue)]
    {
        let allowed = try db.columnNames(of: table)
        return try db.rows(
            "SELECT column_name, value FROM change_values WHERE change_row_id = ? ORDER BY column_name",
            [.integer(changeRowID)]
        ).compactMap { r in
            let column = try r.string("column_name")
            guard allowed.contains(column), column != "id" else { return nil }
            return (column, try r.value("value"))
        }
    }
}
