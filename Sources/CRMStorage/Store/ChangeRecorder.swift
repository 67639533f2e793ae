import CRMDomain
import CRMSupport

/// Records one write in `change_log` / `change_rows` / `change_values`, inside the
/// write's own transaction.
///
/// Call ``inserted(_:_:)`` after inserting a row, ``willUpdate(_:_:)`` and
/// ``willDelete(_:_:)`` before changing one (they save the row's before image).
/// Not Sendable: lives inside one transaction closure.
final class ChangeRecorder {
    let db: Connection
    let changeID: Int64
    private var seq: Int64 = 0
    private var imaged: Set<String> = []

    init(_ db: Connection, _ ctx: WriteContext, label: String) throws {
        self.db = db
        if let key = ctx.requestKey,
            try db.requestHandledElsewhere(rep: ctx.repID, key: key, attempt: ctx.requestAttempt, at: ctx.at)
        {
            throw StoreError(.requestHandled, "That request was already handled.", context: "request key used by another attempt")
        }
        self.changeID = try db.insertReturningID(
            "INSERT INTO change_log (rep_id, at, action, label, request_key, request_attempt) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [
                .integer(ctx.repID.rawValue), .text(ctx.at.iso), .text(ctx.action), .text(label), SQLValue(ctx.requestKey),
                SQLValue(ctx.requestAttempt),
            ])
    }

    /// Sets the label once the final name is known (an update that renames).
    func relabel(_ label: String) throws {
        try db.execute("UPDATE change_log SET label = ? WHERE id = ?", [.text(label), .integer(changeID)])
    }

    func inserted(_ table: TrackedTable, _ id: Int64) throws {
        _ = try addRow(.insert, table, id)
    }

    func willUpdate(_ table: TrackedTable, _ id: Int64) throws {
        let key = "\(table.rawValue)#\(id)"
        guard !imaged.contains(key) else { return }
        imaged.insert(key)
        let rowID = try addRow(.update, table, id)
        try saveImage(rowID, table, id)
    }

    func willDelete(_ table: TrackedTable, _ id: Int64) throws {
        let rowID = try addRow(.delete, table, id)
        try saveImage(rowID, table, id)
    }

    private func addRow(_ op: RowOperation, _ table: TrackedTable, _ id: Int64) throws -> Int64 {
        seq += 1
        return try db.insertReturningID(
            "INSERT INTO change_rows (change_id, seq, table_name, row_id, op) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [.integer(changeID), .integer(seq), .text(table.rawValue), .integer(id), .text(op.rawValue)])
    }

    private func saveImage(_ changeRowID: Int64, _ table: TrackedTable, _ id: Int64) throws {
        guard let row = try db.row("SELECT * FROM \(table.rawValue) WHERE id = ?", [.integer(id)]) else {
            throw StoreError(.notFound, "That record no longer exists.", context: "\(table.rawValue) id \(id)")
        }
        for (i, column) in row.columns.names.enumerated() where column != "id" {
            try db.execute(
                "INSERT INTO change_values (change_row_id, column_name, value) VALUES (?, ?, ?)",
                [.integer(changeRowID), .text(column), row[i]])
        }
    }
}

extension Connection {
    /// Runs an `INSERT … RETURNING id` and returns the id.
    func insertReturningID(_ sql: String, _ values: [SQLValue]) throws -> Int64 {
        // `RETURNING` makes SQLite gather the rows in a temporary table it opens and closes
        // for every statement; a plain insert and `sqlite3_last_insert_rowid` give the same id
        // (the outer insert's: rows inserted by its triggers do not count once they are done)
        // at about half the cost, which a bulk import pays per row.
        let suffix = " RETURNING id"
        guard sql.hasSuffix(suffix) else {
            guard let id = try scalarInt(sql, values) else {
                throw SQLiteError(code: .error, message: "insert returned no id", sql: sql)
            }
            return id
        }
        let plain = String(sql.dropLast(suffix.count))
        try execute(plain, values)
        guard changes == 1 else { throw SQLiteError(code: .error, message: "insert wrote \(changes) rows, not 1", sql: plain) }
        return lastInsertRowID
    }

    /// The column names of a tracked table (from the schema, for generic undo SQL).
    func columnNames(of table: TrackedTable) throws -> Set<String> {
        Set(try rows("PRAGMA table_info(\(table.rawValue))").compactMap { r -> String? in
            if case .text(let n) = r["name"] { return n }
            return nil
        })
    }
}
