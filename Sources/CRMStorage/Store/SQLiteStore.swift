import CRMDomain
import CRMSupport
import Foundation

/// The embedded SQLite implementation of ``CRMStore``.
///
/// One write connection (on its own queue) and a pool of read connections used on the
/// calling thread (``DatabasePool``): every write is one IMMEDIATE transaction that also
/// records the change log; every read is one snapshot on a reader, so reads never wait
/// behind writes. The
/// file is in WAL mode, so other processes (or other `SQLiteStore` instances) can read
/// and write the same file; a writer waits up to the busy timeout for another one.
///
/// Usage:
/// ```swift
/// let store = try SQLiteStore.open(path: "/var/lib/crmbot/crm.sqlite")
/// let rep = try await store.ensureRep(named: "Li Lei", role: .rep)
/// ```
///
/// Sendable: it holds only immutable values and the pool that guards the connections.
public final class SQLiteStore: CRMStore {
    /// How the file is opened.
    public struct Options: Sendable, Hashable {
        /// Open without writing anything (no migrations, no WAL switch).
        public var readOnly: Bool
        /// How long a write waits for another writer before failing with `.busy`.
        public var busyTimeoutMilliseconds: Int
        /// What an acknowledged write survives (``Durability``).
        public var durability: Durability
        /// At most this many read connections (WAL snapshots) are open at once.
        public var maximumReaders: Int

        public init(
            readOnly: Bool = false, busyTimeoutMilliseconds: Int = 5_000, durability: Durability = .normal,
            maximumReaders: Int = 8
        ) {
            self.readOnly = readOnly
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.durability = durability
            self.maximumReaders = maximumReaders
        }
    }

    /// What a write that returned survives.
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// WAL with `synchronous = NORMAL`: survives the process's end (`kill -9`, a crash)
        /// but not the machine's (power loss, a kernel panic), which may lose the last
        /// writes — never corrupt the file. No sync on the per-message path. The default.
        case normal
        /// Also survives power loss: a write returns only once the log is synced to disk.
        /// Concurrent writes share one sync (group commit, ``WALSyncer``), so under load it
        /// costs far less than a sync a write; a single writer pays one sync a write.
        case full
    }

    /// The database file (`:memory:` for ``inMemory()``).
    public let path: String
    let database: DatabasePool
    /// How names are keyed across scripts (pinyin, traditional characters): the tables of
    /// `Intents/names/`, or ``NameScripts/empty``.
    public let nameScripts: NameScripts
    /// Opened read-only (``Options/readOnly``).
    let readOnly: Bool

    private init(path: String, database: DatabasePool, nameScripts: NameScripts, readOnly: Bool) {
        self.path = path
        self.database = database
        self.nameScripts = nameScripts
        self.readOnly = readOnly
    }

    /// Opens the crmbot database at `path`, creating the file (not its directory) when
    /// missing — whole, see ``create(path:directory:configuration:)`` — and brings its
    /// schema up to date.
    ///
    /// Refuses, without changing the file or creating any beside it: a missing parent
    /// directory (`.cannotOpen`), an empty file (`.corrupt`; see
    /// ``checkNotEmpty(path:)``), a read-only directory, database file or journal file
    /// (`.readOnly`, checked before SQLite opens anything; see
    /// ``checkWritable(path:directory:)``), a file that is not a crmbot database or is
    /// damaged (`.corrupt`), a file written by a newer crmbot (`.tooNew`).
    ///
    /// `nameScripts` keys names for lookup across scripts (migration 007); a file keyed with
    /// other tables is re-keyed (unless read-only).
    public static func open(path: String, options: Options = .init(), nameScripts: NameScripts = .empty)
        throws(StoreError) -> SQLiteStore
    {
        try open(path: path, options: options, nameScripts: nameScripts, syncer: nil)
    }

    /// ``open(path:options:nameScripts:)`` with the syncer of ``Durability/full`` given (tests).
    static func open(path: String, options: Options, nameScripts: NameScripts, syncer given: WALSyncer?)
        throws(StoreError) -> SQLiteStore
    {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(
                .cannotOpen, "The folder \(directory) does not exist; create it or choose another database path.",
                context: "path \(path)")
        }
        try checkNotEmpty(path: path)
        if !options.readOnly { try checkWritable(path: path, directory: directory) }
        let configuration = Connection.Configuration(
            readOnly: options.readOnly,
            busyTimeoutMilliseconds: Int32(clamping: options.busyTimeoutMilliseconds),
            synchronous: .normal)
        do {
            if !options.readOnly, access(path, F_OK) != 0 {
                try create(path: path, directory: directory, configuration: configuration)
            }
            let connection = try Connection(path: path, configuration: configuration)
            connection.nameScripts = nameScripts
            try prepare(connection, path: path, readOnly: options.readOnly, wal: true)
            let readerConfiguration = Connection.Configuration(
                readOnly: true, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds,
                synchronous: configuration.synchronous)
            let syncer: WALSyncer? =
                if options.durability == .full, !options.readOnly, let wal = connection.walPath {
                    given ?? WALSyncer(walPath: wal)
                } else {
                    nil
                }
            let pool = DatabasePool(writer: connection, maximumReaders: options.maximumReaders, syncer: syncer) {
                let reader = try Connection(path: path, configuration: readerConfiguration)
                try reader.execute("PRAGMA synchronous = \(readerConfiguration.synchronous.rawValue)")
                reader.nameScripts = nameScripts
                return reader
            }
            return SQLiteStore(path: path, database: pool, nameScripts: nameScripts, readOnly: options.readOnly)
        } catch {
            throw openError(error, path: path, directory: directory)
        }
    }

    /// A fresh private database in memory, for tests.
    public static func inMemory(nameScripts: NameScripts = .empty) throws(StoreError) -> SQLiteStore {
        do {
            let connection = try Connection(path: ":memory:")
            connection.nameScripts = nameScripts
            try prepare(connection, path: ":memory:", readOnly: false, wal: false)
            return SQLiteStore(
                path: ":memory:", database: DatabasePool(writer: connection, maximumReaders: 0, openReader: nil),
                nameScripts: nameScripts, readOnly: false)
        } catch {
            throw StoreError(mapping: error)
        }
    }

    /// Checks what the file is (reading only), then enables WAL (when `wal`) and migrates.
    static func prepare(_ db: Connection, path: String, readOnly: Bool, wal: Bool) throws {
        let migrator = Migrator()
        let applied: Set<String>
        switch try Migrator.identify(db) {
        case .foreign(let reason):
            throw StoreError(
                .corrupt, "The file \(path) is not a crmbot database; it was not changed.", context: reason)
        case .fresh:
            applied = []
        case .crmbot(let a):
            applied = a
        }
        let unknown = migrator.unknown(in: applied)
        guard unknown.isEmpty else {
            throw StoreError(
                .tooNew, "The database \(path) was written by a newer crmbot; please upgrade crmbot.",
                context: "unknown migrations: \(unknown.joined(separator: ", "))")
        }
        if readOnly {
            guard migrator.pending(given: applied).isEmpty else {
                throw StoreError(
                    .readOnly, "The database \(path) needs an upgrade, which a read-only open cannot do.",
                    context: "pending migrations")
            }
            return
        }
        if wal { try db.enableWAL() }
        try migrator.migrate(db, at: ISO8601DateFormatter().string(from: Date()))
        // Names another program inserted without their folded form (see migration 004).
        if try db.hasMissingFoldedNames() {
            try db.transaction(.immediate) { db in try db.foldMissingNames() }
        }
        // Keys from other tables than this store's, or missing (see migration 007).
        if let all = try db.pendingNameKeys() {
            try db.transaction(.immediate) { db in try db.keyNames(all: all) }
        }
        // Records to index for search: all of them after migration 010 or a migration that
        // changed what is indexed, or another program's writes. In transactions of 20,000
        // records, so the log stays bounded and a start that is interrupted keeps what it
        // indexed (re-indexing records already in a large index is slow: replacing 100,000
        // contacts' documents among 1.1 million took more than 15 minutes on a 2-core VM,
        // most of it FTS5 reading and merging its segments).
        while try db.hasPendingSearch() {
            try db.transaction(.immediate) { db in _ = try db.indexPendingSearch(limit: 20_000) }
        }
    }

    /// The error for a failed open, naming the file or folder.
    private static func openError(_ error: any Error, path: String, directory: String) -> StoreError {
        guard let e = error as? SQLiteError else { return StoreError(mapping: error) }
        let context = e.description
        switch e.code {
        case .corrupt, .notADatabase:
            return StoreError(
                .corrupt, "The file \(path) is not a crmbot database or is damaged; it was not changed.",
                context: context)
        case .busy, .locked:
            return StoreError(.busy, "The database \(path) is locked by another program; please try again.", context: context)
        case .cantOpen, .readOnly, .ioError, .permission:
            if access(directory, W_OK) != 0 {
                return StoreError(
                    .readOnly,
                    "The folder \(directory) is read-only; crmbot needs to write the database and its journal there.",
                    context: context)
            }
            if ResultCode.readOnly ~= e.code || (FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0) {
                return StoreError(.readOnly, "The database file \(path) is read-only.", context: context)
            }
            if ResultCode.ioError ~= e.code { return StoreError(.io, "The database \(path) could not be read or written.", context: context) }
            return StoreError(.cannotOpen, "The database file \(path) cannot be opened.", context: context)
        default:
            return StoreError(sqlite: e)
        }
    }

    // MARK: Running work

    /// The group-commit syncer of ``Durability/full`` (nil for `normal`).
    var syncer: WALSyncer? { database.syncer }

    /// Runs `body` in one read transaction (a WAL snapshot) on a reader connection.
    func reading<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws(StoreError) -> T {
        do { return try await database.read(body) } catch { throw StoreError(mapping: error) }
    }

    /// Runs `body` in one IMMEDIATE write transaction on the writer connection; the records
    /// it changed are indexed for search in the same transaction.
    func writing<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws(StoreError) -> T {
        do { return try await database.write { db in try Self.indexed(db, body) } } catch { throw StoreError(mapping: error) }
    }

    /// ``writing(_:)`` with the outcome as a value, for callers that refine the error.
    func writingResult<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async -> Result<T, StoreError> {
        do { return .success(try await database.write { db in try Self.indexed(db, body) }) } catch {
            return .failure(StoreError(mapping: error))
        }
    }

    private static func indexed<T>(_ db: Connection, _ body: (Connection) throws -> T) throws -> T {
        let result = try body(db)
        try db.indexPendingSearch()
        return result
    }
}

/// `.null` for everything, else a JSON array of owner ids for `json_each(?)`.
func scopeValue(_ scope: AccessScope) -> SQLValue {
    switch scope {
    case .everything: return .null
    case .owners(let ids): return .text("[" + ids.map { String($0.rawValue) }.sorted().joined(separator: ",") + "]")
    }
}

/// Throws `.notFound` for a missing record.
func found<T>(_ value: T?, _ what: String, _ id: Int64) throws(StoreError) -> T {
    guard let value else { throw StoreError(.notFound, "That \(what) does not exist.", context: "\(what) id \(id)") }
    return value
}
