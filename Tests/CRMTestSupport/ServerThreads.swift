import Foundation

/// A few threads of their own for the in-process socket servers under test
/// (``CRMTransport/SocketServerConfiguration/taskExecutor``).
///
/// Swift's cooperative pool has as many threads as cores — two here — and the
/// test run shares it with CPU-heavy tests (the corpus, the trained model).
/// On a loaded machine those can hold both threads for longer than any hang
/// detector, and a server whose replies wait for the pool stops answering.
/// The delegate's work blocks while the store runs a database call on its thread
/// (``SQLiteStore`` has no queue of its own), so there are threads enough for many
/// test servers' requests at once.
public final class ServerThreads: TaskExecutor, @unchecked Sendable {
    /// The executor every test server uses.
    public static let shared = ServerThreads(count: 16)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0

    private init(count: Int) {
        for _ in 0..<count {
            Thread { [unowned self] in self.work() }.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count || next > 4096 {
                jobs.removeFirst(next)
                next = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
