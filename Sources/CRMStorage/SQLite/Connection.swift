import CRMSupport
import CSQLite

/// One SQLite connection (`sqlite3_open_v2`), closed with `close_v2` in `deinit`.
///
/// Not Sendable: a connection is used by one thread at a time (see
/// ``DatabasePool``). Statements are prepared once and cached by SQL text.
final class Connection {
    /// How `synchronous` is set: NORMAL is durable in WAL mode except on power loss; FULL also then.
    enum Synchronous: String, Sendable { case normal = "NORMAL", full = "FULL" }

    /// Settings applied when the connection opens.
    struct Configuration: Sendable {
        var readOnly = false
        var busyTimeoutMilliseconds: Int32 = 5_000
        var synchronous: Synchronous = .normal
    }

    let handle: OpaquePointer
    let path: String
    let configuration: Configuration
    /// How the store keys names across scripts (`name_key`, migration 007); set before migrating.
    var nameScripts: NameScripts = .empty
    private var cache: [String: Statement] = [:]

    /// Opens (creating when writable) the file at `path`; applies extended codes, the busy
    /// timeout and `foreign_keys=ON`. Does not touch the file's contents: WAL is enabled
    /// separately by ``enableWAL()`` once the caller has checked what the file is.
    init(path: String, configuration: Configuration = .init()) throws {
        var db: OpaquePointer?
        var flags = configuration.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(code: rc, db: db, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
        self.configuration = configuration
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, configuration.busyTimeoutMilliseconds)
        try execute("PRAGMA foreign_keys = ON")
        // Pages read through a memory map rather than a read(2) per page: a reader drops
        // its page cache whenever another connection commits, and reads them all again.
        try execute("PRAGMA mmap_size = 268435456")
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Switches to WAL (checking SQLite answered `wal`) and sets `synchronous`.
    func enableWAL() throws {
        let mode = try scalarText("PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(
                code: .readOnly, message: "journal_mode is \(mode ?? "unknown"), not wal", sql: "PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
        // 32 MiB of page cache (the default is 2 MiB): a bulk import's transaction dirties
        // more pages than that, and SQLite would spill them to the WAL mid-transaction and
        // write them again at commit.
        try execute("PRAGMA cache_size = -32768")
        // Statement and savepoint journals in memory, not in temporary files: a bulk import
        // keeps a savepoint per row, and the file-backed journal cost a pwrite per page.
        try execute("PRAGMA temp_store = MEMORY")
    }

    // MARK: Statements

    /// The cached prepared statement for `sql`, reset and with bindings cleared.
    func cachedStatement(_ sql: String) throws -> Statement {
        if let s = cache[sql] {
            s.reset()
            return s
        }
        let s = try Statement(db: handle, sql: sql, persistent: true)
        cache[sql] = s
        return s
    }

    /// Runs `body` with the prepared statement; a failure evicts it from the cache.
    func withStatement<T>(_ sql: String, _ values: [SQLValue], _ body: (Statement) throws -> T) throws -> T {
        let s = try cachedStatement(sql)
        do {
            try s.bind(values)
            let result = try body(s)
            s.reset()
            return result
        } catch {
            cache[sql] = nil
            throw error
        }
    }

    /// Runs one statement to completion.
    func execute(_ sql: String, _ values: [SQLValue] = []) throws {
        try withStatement(sql, values) { s in while try s.step() {} }
    }

    /// All rows of one statement.
    func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [Row] {
        try withStatement(sql, values) { s in
            var out: [Row] = []
            while try s.step() { out.append(s.currentRow()) }
            return out
        }
    }

    /// The first row, if any.
    func row(_ sql: String, _ values: [SQLValue] = []) throws -> Row? {
        try withStatement(sql, values) { s in try s.step() ? s.currentRow() : nil }
    }

    /// The first column of the first row, as an integer (nil when no row or NULL).
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        guard let r = try row(sql, values), case .integer(let v) = r[0] else { return nil }
        return v
    }

    func scalarText(_ sql: String, _ values: [SQLValue] = []) throws -> String? {
        guard let r = try row(sql, values), case .text(let v) = r[0] else { return nil }
        return v
    }

    /// Runs several statements of fixed schema text (migrations only; never user text).
    func executeScript(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let text = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw SQLiteError(
                code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: text, sql: sql)
        }
    }

    /// The write-ahead log's path as SQLite names it (symbolic links resolved, as SQLite
    /// resolves them); nil for a database in memory.
    var walPath: String? {
        guard let name = sqlite3_db_filename(handle, "main"), name.pointee != 0, let wal = sqlite3_filename_wal(name)
        else { return nil }
        let path = String(cString: wal)
        return path.isEmpty ? nil : path
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}
