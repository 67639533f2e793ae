import CSQLite

/// A prepared statement (`sqlite3_prepare_v3`), finalized in `deinit`.
///
/// Not Sendable: it belongs to its ``Connection`` and is used on that
/// connection's queue only.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private let db: OpaquePointer
    private(set) lazy var columns: ColumnIndex = {
        let n = sqlite3_column_count(handle)
        return ColumnIndex(names: (0..<n).map { String(cString: sqlite3_column_name(handle, $0)) })
    }()

    init(db: OpaquePointer, sql: String, persistent: Bool) throws {
        var stmt: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        // The tail pointer is only valid while the C string lives, so check it inside.
        let (rc, hasMore) = sql.withCString { cSQL -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, cSQL, -1, flags, &stmt, &tail)
            let rest = tail.map { String(cString: $0) } ?? ""
            return (rc, !rest.allSatisfy(\.isWhitespace))
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(stmt)
            throw SQLiteError(code: rc, db: db, sql: sql)
        }
        guard let stmt else {
            throw SQLiteError(code: .misuse, message: "empty statement", sql: sql)
        }
        if hasMore {
            sqlite3_finalize(stmt)
            throw SQLiteError(code: .misuse, message: "more than one statement in a prepared statement", sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    /// Makes the statement ready for reuse: resets it and clears the bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to the parameters in order; the count must match exactly.
    func bind(_ values: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw SQLiteError(
                code: .range, message: "expected \(expected) arguments, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let i = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(handle, i)
            case .integer(let v):
                rc = sqlite3_bind_int64(handle, i, v)
            case .real(let v):
                rc = sqlite3_bind_double(handle, i, v)
            case .text(let s):
                var s = s
                // Explicit byte length: text may contain NUL bytes.
                rc = s.withUTF8 { buf -> Int32 in
                    guard let base = buf.baseAddress, buf.count > 0 else {
                        return sqlite3_bind_text(handle, i, "", 0, crmbot_sqlite_transient())
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                        sqlite3_bind_text(handle, i, $0, Int32(buf.count), crmbot_sqlite_transient())
                    }
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { buf -> Int32 in
                    guard let base = buf.baseAddress, buf.count > 0 else { return sqlite3_bind_zeroblob(handle, i, 0) }
                    return sqlite3_bind_blob(handle, i, base, Int32(buf.count), crmbot_sqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw SQLiteError(code: rc, db: db, sql: sql) }
        }
    }

    /// Steps once: true when a row is ready, false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: rc, db: db, sql: sql)
        }
    }

    /// Copies the current row out.
    func currentRow() -> Row {
        let n = sqlite3_column_count(handle)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(n))
        for i in 0..<n {
            switch sqlite3_column_type(handle, i) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(handle, i)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, i)))
            case SQLITE_TEXT:
                let p = sqlite3_column_text(handle, i)
                let count = Int(sqlite3_column_bytes(handle, i))
                values.append(.text(p.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""))
            case SQLITE_BLOB:
                let p = sqlite3_column_blob(handle, i)
                let count = Int(sqlite3_column_bytes(handle, i))
                values.append(.blob(p.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
            default: values.append(.null)
            }
        }
        return Row(values: values, columns: columns)
    }
}
