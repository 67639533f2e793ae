import CLinuxSockets
import Glibc
import Synchronization

/// Commands for the I/O thread from other threads, and the state those
/// threads may read. Posting wakes the thread through an eventfd.
final class Mailbox: Sendable {
    enum Command: Sendable {
        /// The delegate finished with a connection's current event.
        case completed(ConnectionID, reply: String?)
        /// The delegate finished `disconnected`.
        case finalized(ConnectionID)
        /// An unsolicited line; `done` learns whether it was written.
        case push(ConnectionID, String, done: CheckedContinuation<Bool, Never>?)
        /// Close after the reply in flight (if any) is written.
        case close(ConnectionID)
        /// The client logged in.
        case authenticated(ConnectionID)
        case shutdown(grace: Duration)
    }

    private struct State {
        var commands: [Command] = []
        var open: Set<ConnectionID> = []
        var stopped = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The eventfd the I/O thread polls; closed on deinit, after the thread is gone.
    let wakeFD: Int32
    private let state = Mutex(State())

    init() throws(TransportError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw TransportError(errno: errno, operation: "eventfd") }
        wakeFD = fd
    }

    deinit { _ = close(wakeFD) }

    /// Queues a command; false (and nothing queued) once the I/O thread stopped.
    @discardableResult
    func post(_ command: Command) -> Bool {
        let accepted = state.withLock { s in
            guard !s.stopped else { return false }
            s.commands.append(command)
            return true
        }
        if accepted {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        } else if case .push(_, _, let done?) = command {
            done.resume(returning: false)
        }
        return accepted
    }

    /// Takes every queued command (I/O thread).
    func take() -> [Command] {
        var counter: UInt64 = 0
        _ = read(wakeFD, &counter, 8)
        return state.withLock { s in
            let c = s.commands
            s.commands = []
            return c
        }
    }

    func isOpen(_ id: ConnectionID) -> Bool { state.withLock { $0.open.contains(id) } }
    func opened(_ id: ConnectionID) { state.withLock { _ = $0.open.insert(id) } }
    func closed(_ id: ConnectionID) { state.withLock { _ = $0.open.remove(id) } }
    var openCount: Int { state.withLock { $0.open.count } }

    /// Marks the I/O thread as gone: refuses later posts, fails pending
    /// pushes, and wakes everyone waiting for the stop.
    func stop() {
        let (left, waiters) = state.withLock { s in
            s.stopped = true
            s.open = []
            let r = (s.commands, s.waiters)
            s.commands = []
            s.waiters = []
            return r
        }
        for case .push(_, _, let done?) in left { done.resume(returning: false) }
        for w in waiters { w.resume() }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Returns once ``stop()`` has been called.
    func waitUntilStopped() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let already = state.withLock { s in
                if s.stopped { return true }
                s.waiters.append(c)
                return false
            }
            if already { c.resume() }
        }
    }
}
