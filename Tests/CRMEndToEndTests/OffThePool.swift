import Foundation
import Testing

/// Runs each job on a thread of its own, outside Swift's cooperative pool.
///
/// The end-to-end tests block while they wait — for a child process, a pipe,
/// a pseudo-terminal. On the cooperative pool (as many threads as cores: two
/// here) two such tests would hold every thread, and the in-process socket
/// servers of the transport and relay tests, whose work runs on that pool,
/// would stop answering: on a loaded machine for longer than any hang
/// detector (issue 8, defect 10). Tests are coarse, so a thread per job costs
/// nothing that matters.
final class DedicatedThreadExecutor: TaskExecutor {
    static let shared = DedicatedThreadExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { job.runSynchronously(on: executor) }
        thread.start()
    }
}

/// A suite trait: the suite's tests run on ``DedicatedThreadExecutor`` (task
/// executor preference), so that their blocking waits never hold a thread of
/// the cooperative pool. `#expect` works as anywhere (same task).
struct OffThePool: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(DedicatedThreadExecutor.shared) { try await function() }
    }
}

extension Trait where Self == OffThePool {
    /// Blocking waits in these tests do not hold the cooperative pool's threads.
    static var offThePool: Self { OffThePool() }
}
