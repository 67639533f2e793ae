import Dispatch

/// A task executor for work that blocks its thread (SQLite calls, file I/O): jobs run on
/// a concurrent dispatch queue, whose threads the system adds when some are blocked, so
/// blocking work never holds Swift's cooperative pool (one thread a core) and starves
/// every other task of the process — a socket server's other clients, say.
///
/// Used with `withTaskExecutorPreference(_:operation:)`: everything the operation runs,
/// actor-free code and default actors alike, runs here until it returns.
public final class BlockingWorkExecutor: TaskExecutor {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    /// One executor for the whole process.
    public static let shared = BlockingWorkExecutor(label: "crmbot.blocking-work")
}
