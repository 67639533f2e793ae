import Dispatch

/// Owns the store's one connection and runs every use of it on a private serial
/// `DispatchQueue` (the actor's executor, as GRDB's `DispatchQueueActor`), so blocking
/// `sqlite3_step` calls never run on Swift's cooperative thread pool.
actor DatabaseActor {
    private let executor: QueueExecutor
    let connection: Connection

    init(connection: sending Connection, label: String) {
        self.executor = QueueExecutor(queue: DispatchQueue(label: label))
        self.connection = connection
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Runs `body` in a DEFERRED transaction: one consistent snapshot for all its reads.
    func read<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try connection.transaction(.deferred, body)
    }

    /// Runs `body` in an IMMEDIATE transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try connection.transaction(.immediate, body)
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
