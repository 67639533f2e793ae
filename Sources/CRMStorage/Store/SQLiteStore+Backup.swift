import CRMDomain
import CSQLite
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What ``SQLiteStore/backup(to:)`` wrote and checked.
public struct BackupSummary: Sendable, Hashable {
    /// The backup file.
    public var path: String
    public var bytes: Int64
    /// Rows in the copy, by table (customers, contacts, activities, orders, payments, tasks),
    /// in that order.
    public var counts: [TableCount]

    /// The number of rows of one table.
    public struct TableCount: Sendable, Hashable {
        public var table: String
        public var rows: Int64
    }
}

extension SQLiteStore {
    /// The tables whose row counts a backup reports and checks against the source.
    static let backupCountedTables = ["customers", "contacts", "activities", "orders", "payments", "tasks"]

    /// Copies the database to a new file at `path`, online: SQLite's backup API copies one
    /// read snapshot while reps keep writing (WAL readers do not block the writer).
    ///
    /// The copy is made under a hidden temporary name beside `path`, checked
    /// (`PRAGMA integrity_check` and row counts equal to the snapshot's), synced to disk,
    /// and only then linked into place, so `path` is either a complete, checked backup
    /// or absent. An existing `path` is never overwritten.
    ///
    /// - Throws: `.constraint` when `path` exists; `.cannotOpen` or `.io` when it cannot
    ///   be written; `.corrupt` when the check fails (nothing is left at `path`).
    public func backup(to path: String) async throws(StoreError) -> BackupSummary {
        if access(path, F_OK) == 0 {
            throw StoreError(.constraint, "\(path) already exists; a backup never overwrites a file. Choose a new name.",
                context: "backup target exists")
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".backup-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        defer { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) } }
        let counts: [BackupSummary.TableCount] = try await reading { source in
            // Counted first: this starts the read transaction's snapshot, which the backup
            // step then reuses (it would otherwise open, and close, a read of its own).
            var expected: [String: Int64] = [:]
            for table in Self.backupCountedTables {
                expected[table] = try source.scalarInt("SELECT count(*) FROM \(table)") ?? -2
            }
            let copy: Connection
            do { copy = try Connection(path: temporary) } catch {
                throw StoreError(.cannotOpen, "The backup cannot be written in \(directory).", context: "\(error)")
            }
            try Self.copy(from: source, to: copy, temporary)
            let check = try copy.scalarText("PRAGMA integrity_check") ?? ""
            guard check == "ok" else {
                throw StoreError(.corrupt, "The backup did not pass SQLite's integrity check; nothing was written to \(path).",
                    context: "integrity_check: \(check.prefix(200))")
            }
            var counts: [BackupSummary.TableCount] = []
            for table in Self.backupCountedTables {
                let there = try copy.scalarInt("SELECT count(*) FROM \(table)") ?? -1
                let here = expected[table] ?? -2
                guard there == here else {
                    throw StoreError(.corrupt, "The backup's \(table) do not match the database; nothing was written to \(path).",
                        context: "\(table): \(here) in the database, \(there) in the copy")
                }
                counts.append(.init(table: table, rows: there))
            }
            return counts
        }
        try Self.syncAndPlace(temporary, at: path, directory: directory)
        var st = stat()
        let bytes = stat(path, &st) == 0 ? Int64(st.st_size) : 0
        return BackupSummary(path: path, bytes: bytes, counts: counts)
    }

    /// Runs `sqlite3_backup` from `source` (inside its read snapshot) into `copy`, all pages at once.
    private static func copy(from source: Connection, to copy: Connection, _ temporary: String) throws {
        guard let backup = sqlite3_backup_init(copy.handle, "main", source.handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(copy.handle), db: copy.handle, sql: "sqlite3_backup_init → \(temporary)")
        }
        let step = sqlite3_backup_step(backup, -1)
        let finish = sqlite3_backup_finish(backup)
        guard step == SQLITE_DONE, finish == SQLITE_OK else {
            throw SQLiteError(code: step == SQLITE_DONE ? finish : step, db: copy.handle, sql: "sqlite3_backup_step → \(temporary)")
        }
        // A single file, not WAL: a backup is copied, mailed and opened read-only elsewhere.
        try copy.execute("PRAGMA journal_mode = DELETE")
    }

    /// fsyncs the finished copy, hard-links it to `path` (failing if `path` appeared
    /// meanwhile), and fsyncs the directory so the new name survives a crash.
    private static func syncAndPlace(_ temporary: String, at path: String, directory: String) throws(StoreError) {
        let fd = Glibc.open(temporary, O_RDONLY)
        guard fd >= 0, fsync(fd) == 0 else {
            let e = errno
            if fd >= 0 { close(fd) }
            throw StoreError(.io, "The backup could not be written to disk.", context: "fsync \(temporary): \(String(cString: strerror(e)))")
        }
        close(fd)
        if link(temporary, path) != 0 {
            let e = errno
            if e == EEXIST {
                throw StoreError(.constraint, "\(path) appeared while the backup was made; it was not overwritten.",
                    context: "backup target exists")
            }
            guard access(path, F_OK) != 0, rename(temporary, path) == 0 else {
                throw StoreError(.io, "The backup could not be moved into place at \(path).",
                    context: "link: \(String(cString: strerror(e)))")
            }
        }
        let dfd = Glibc.open(directory, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}
