import CSQLite

/// Typed reads of the current row's columns by position, without copying the row into a
/// ``Row`` — for bulk reads (100,000 rows) where that copy would dominate.
///
/// Like ``Row``'s accessors they throw ``RowDecodingError`` on an unexpected type, never trap.
extension Statement {
    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }

    func int64(_ i: Int32) throws -> Int64 {
        guard sqlite3_column_type(handle, i) == SQLITE_INTEGER else { throw columnError(i, "not an integer") }
        return sqlite3_column_int64(handle, i)
    }

    func optionalInt64(_ i: Int32) throws -> Int64? {
        // One type call per value: each sqlite3_column_* call has a fixed cost that shows at 100,000 rows.
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, i)
        default: throw columnError(i, "not an integer")
        }
    }

    func optionalDouble(_ i: Int32) throws -> Double? {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER, SQLITE_FLOAT: return sqlite3_column_double(handle, i)
        default: throw columnError(i, "not a number")
        }
    }

    func text(_ i: Int32) throws -> String {
        guard sqlite3_column_type(handle, i) == SQLITE_TEXT, let p = sqlite3_column_text(handle, i) else {
            throw columnError(i, "not text")
        }
        let count = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }

    func optionalText(_ i: Int32) throws -> String? {
        try withTextBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    func columnError(_ i: Int32, _ reason: String) -> RowDecodingError {
        RowDecodingError(column: columns.names.indices.contains(Int(i)) ? columns.names[Int(i)] : "#\(i)", reason: reason)
    }
}

extension Connection {
    /// Runs one statement and calls `body` with the statement positioned on each row.
    /// `body` must read what it needs before returning (the row is gone at the next step).
    func each(_ sql: String, _ values: [SQLValue] = [], _ body: (Statement) throws -> Void) throws {
        try withStatement(sql, values) { s in
            while try s.step() { try body(s) }
        }
    }
}

extension Statement {
    /// The column's text bytes, without making a String (nil for NULL).
    func withTextBytes<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(handle, i) else { return nil }
            return try body(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i))))
        default: throw columnError(i, "not text")
        }
    }
}
