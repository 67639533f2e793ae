import Dispatch
import Synchronization

/// The store's connections in GRDB's `DatabasePool` shape: one writer and a pool of
/// WAL readers.
///
/// - Writes run in an IMMEDIATE transaction on the one writer connection, behind a lock.
///   A write that finds the writer free runs at once on the calling thread (a piped
///   session never hops); one that finds it busy suspends and queues on ``WriterActor``'s
///   serial queue, so concurrent writers take turns (SQLite allows only one anyway)
///   without holding a thread each.
/// - Reads run in a DEFERRED transaction (one WAL snapshot) on a reader connection
///   checked out of the pool, on the calling thread (no hop): a long read (a manager's
///   "who is at risk") never waits behind the writer or behind another read, and never
///   stalls them. Readers are opened read-only, on demand, up to ``maximumReaders``; a
///   read that finds them all busy waits for one.
/// - A database in memory has no readers: its reads run on the writer too.
///
/// Every body is synchronous and never awaits, so a thread that holds a reader always
/// runs to the end of its transaction: waiting for one is bounded by the longest read,
/// never a deadlock.
final class DatabasePool: Sendable {
    /// At most this many reader connections are open at once.
    let maximumReaders: Int
    private let writer: WriterSlot
    private let writerQueue: WriterActor
    private let idleReaders: Mutex<[PooledConnection]>
    /// Counts the readers not checked out (idle or not yet opened).
    private let readerSlots: DispatchSemaphore
    /// Opens one reader connection; nil for a database in memory (no readers).
    private let openReader: (@Sendable () throws -> PooledConnection)?
    /// Syncs the log after commits, for ``SQLiteStore/Durability/full``; nil for `normal`.
    let syncer: WALSyncer?

    /// - Parameters:
    ///   - writer: the connection that writes (already migrated).
    ///   - maximumReaders: the pool's size.
    ///   - syncer: makes each commit durable before `write` returns (group commit).
    ///   - openReader: opens a reader connection on the same file; nil when the
    ///     database cannot be shared between connections (`:memory:`).
    init(
        writer: sending Connection, maximumReaders: Int, syncer: WALSyncer? = nil,
        openReader: (@Sendable () throws -> Connection)?
    ) {
        self.syncer = syncer
        let slot = WriterSlot(writer)
        self.writer = slot
        self.writerQueue = WriterActor(slot: slot, label: "crmbot.store.writer")
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
    func read<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        guard let openReader else { return try await writerQueue.read(body) }
        return try readHere(openReader, body)
    }

    /// A read on the calling thread, on a pooled reader.
    private func readHere<T: Sendable>(
        _ openReader: @Sendable () throws -> PooledConnection, _ body: (Connection) throws -> T
    ) throws -> T {
        readerSlots.wait()
        defer { readerSlots.signal() }
        let reader = try idleReaders.withLock { $0.popLast() } ?? openReader()
        defer { idleReaders.withLock { $0.append(reader) } }
        return try reader.connection.transaction(.deferred, body)
    }

    /// A read on the calling thread, for callers that cannot await (tests); nil for a
    /// database in memory, which has no readers.
    func readSynchronously<T: Sendable>(_ body: (Connection) throws -> T) throws -> T? {
        guard let openReader else { return nil }
        return try readHere(openReader, body)
    }

    /// Runs `body` in one IMMEDIATE write transaction on the writer: committed when it
    /// returns, rolled back when it throws.
    ///
    /// With a ``WALSyncer`` (``SQLiteStore/Durability/full``) it returns only once the
    /// commit is on disk, waiting — without the writer's lock — for a sync that may cover
    /// other writers' commits too (group commit).
    func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        guard let syncer else {
            if let done = try writer.lock.withLockIfAvailable({ w in try w.connection.transaction(.immediate, body) }) {
                return done
            }
            return try await writerQueue.write(body)
        }
        let (value, commit) =
            if let done = try writer.lock.withLockIfAvailable({ w in
                (try w.connection.transaction(.immediate, body), syncer.noteCommit())
            }) {
                done
            } else {
                try await writerQueue.run { db in (try db.transaction(.immediate, body), syncer.noteCommit()) }
            }
        try await syncer.waitDurable(commit)
        return value
    }

    /// Runs `body` on the writer outside any transaction (checkpoints).
    func withWriter<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        try await writerQueue.run(body)
    }
}

/// The writer connection behind its lock, shared by ``DatabasePool`` (which tries it
/// without waiting) and ``WriterActor`` (which waits for it, on its own queue).
final class WriterSlot: Sendable {
    let lock: Mutex<PooledConnection>
    init(_ connection: sending Connection) { lock = Mutex(PooledConnection(connection)) }
}

/// The queue of writes that found the writer busy: runs each on a private serial
/// `DispatchQueue` (the actor's executor, as GRDB's `DispatchQueueActor`), where it waits
/// for the writer's lock — one thread waiting, however many writes are queued — and
/// never on Swift's cooperative thread pool.
actor WriterActor {
    private let executor: QueueExecutor
    let slot: WriterSlot

    init(slot: WriterSlot, label: String) {
        self.executor = QueueExecutor(queue: DispatchQueue(label: label))
        self.slot = slot
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Runs `body` in a DEFERRED transaction (a database in memory has no readers).
    func read<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try slot.lock.withLock { w in try w.connection.transaction(.deferred, body) }
    }

    /// Runs `body` in an IMMEDIATE transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try slot.lock.withLock { w in try w.connection.transaction(.immediate, body) }
    }

    /// Runs `body` outside any transaction.
    func run<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try slot.lock.withLock { w in try body(w.connection) }
    }
}

/// A `SerialExecutor` that runs jobs on one serial dispatch queue.
private final class QueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(queue: DispatchQueue) { self.queue = queue }

    func enqueue(_ job: UnownedJob) {
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    func checkIsolated() { dispatchPrecondition(condition: .onQueue(queue)) }
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
