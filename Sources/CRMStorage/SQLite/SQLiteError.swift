import CSQLite

/// A failure reported by SQLite: the extended result code, the engine's message
/// (`sqlite3_errmsg`, read right after the failing call) and the SQL that failed.
///
/// Bound values (customer data) are never kept, so the description is safe to log:
/// "SQLite error 19 (extended 2067): UNIQUE constraint failed: reps.name - while executing `INSERT …`".
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code.
    var code: ResultCode
    var message: String
    var sql: String?
    /// The `errno` of the last failing system call, when SQLite recorded one.
    var systemErrno: Int32 = 0

    init(code: ResultCode, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.sql = sql
        self.systemErrno = systemErrno
    }

    /// Builds the error for `code` from the connection's current error state.
    init(code: Int32, db: OpaquePointer?, sql: String?) {
        let text = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        self.init(code: ResultCode(rawValue: code), message: text, sql: sql, systemErrno: db.map { sqlite3_system_errno($0) } ?? 0)
    }

    var description: String {
        var s = "SQLite error \(code.primary.rawValue)"
        if !code.isPrimary { s += " (extended \(code.rawValue))" }
        s += ": \(message)"
        if systemErrno != 0 { s += " [errno \(systemErrno)]" }
        if let sql { s += " - while executing `\(sql)`" }
        return s
    }
}

/// A value read from a row had an unexpected type or content.
struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    var column: String
    var reason: String
    var description: String { "cannot decode column \(column): \(reason)" }
}
