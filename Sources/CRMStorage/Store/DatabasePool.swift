import Dispatch
import Synchronization

/// The store's connections in GRDB's `DatabasePool` shape: one writer and a pool of
/// WAL readers, used on the calling thread (no hop to a queue per store call).
///
/// - Writes run in an IMMEDIATE transaction on the one writer connection, behind a lock:
///   writers take turns, as SQLite allows only one anyway.
/// - Reads run in a DEFERRED transaction (one WAL snapshot) on a reader connection
///   checked out of the pool, so a long read (a manager's "who is at risk") never waits
///   behind the writer or behind another read, and never stalls them. Readers are opened
///   read-only, on demand, up to ``maximumReaders``; a read that finds them all busy
///   waits for one.
/// - A database in memory has no readers: its reads take the writer's lock.
///
/// Every body is synchronous and never awaits, so a thread that holds a connection
/// always runs to the end of its transaction: waiting for a connection is bounded by the
/// longest transaction, never a deadlock.
final class DatabasePool: Sendable {
    /// At most this many reader connections are open at once.
    let maximumReaders: Int
    private let writer: Mutex<PooledConnection>
    private let idleReaders: Mutex<[PooledConnection]>
    /// Counts the readers not checked out (idle or not yet opened).
    private let readerSlots: DispatchSemaphore
    /// Opens one reader connection; nil for a database in memory (no readers).
    private let openReader: (@Sendable () throws -> PooledConnection)?

    /// - Parameters:
    ///   - writer: the connection that writes (already migrated).
    ///   - maximumReaders: the pool's size.
    ///   - openReader: opens a reader connection on the same file; nil when the
    ///     database cannot be shared between connections (`:memory:`).
    init(
        writer: sending Connection, maximumReaders: Int,
        openReader: (@Sendable () throws -> Connection)?
    ) {
        self.writer = Mutex(PooledConnection(writer))
        self.idleReaders = Mutex([])
        let size = openReader == nil ? 0 : max(1, maximumReaders)
        self.maximumReaders = size
        self.readerSlots = DispatchSemaphore(value: size)
        if let openReader {
            self.openReader = { @Sendable () throws -> PooledConnection in PooledConnection(try openReader()) }
        } else {
            self.openReader = nil
        }
    }

    /// Closes the readers before the writer: the last connection to close folds the WAL
    /// back and removes the `-wal` and `-shm` files, which only a writer may do.
    deinit {
        idleReaders.withLock { $0.removeAll() }
    }

    /// Runs `body` in one read transaction: a consistent snapshot of everything committed
    /// before it began.
    func read<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        guard let openReader else {
            return try writer.withLock { w in try w.connection.transaction(.deferred, body) }
        }
        readerSlots.wait()
        defer { readerSlots.signal() }
        let reader = try idleReaders.withLock { $0.popLast() } ?? openReader()
        defer { idleReaders.withLock { $0.append(reader) } }
        return try reader.connection.transaction(.deferred, body)
    }

    /// Runs `body` in one IMMEDIATE write transaction: committed when it returns, rolled
    /// back when it throws.
    func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withLock { w in try w.connection.transaction(.immediate, body) }
    }

    /// Runs `body` on the writer outside any transaction (checkpoints).
    func withWriter<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withLock { w in try body(w.connection) }
    }
}

/// A connection handed between threads by ``DatabasePool``.
///
/// `@unchecked Sendable`: the pool gives it to one thread at a time (the writer behind its
/// lock, a reader checked out of the idle list), so its statement cache and SQLite handle
/// (opened `NOMUTEX`) are never used from two threads at once.
final class PooledConnection: @unchecked Sendable {
    let connection: Connection
    init(_ connection: Connection) { self.connection = connection }
}
