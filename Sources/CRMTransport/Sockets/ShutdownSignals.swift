import Foundation
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into a call, so an executable can shut down
/// gracefully instead of dying.
///
/// A `sigaction` handler writes the signal number to a private pipe (the
/// only thing it does, and async-signal-safe); a dedicated thread reads the
/// pipe and calls every installed action for that signal. (A dispatch
/// signal source is not used: on Linux it sees only signals blocked in the
/// thread the kernel picks, which a multi-threaded process cannot arrange.)
/// A caller may treat a second signal as "stop now".
///
/// Usage:
/// ```swift
/// let signals = ShutdownSignals.install { signal in server.beginShutdown() }
/// await server.waitUntilStopped()
/// signals.cancel()
/// ```
public final class ShutdownSignals: Sendable {
    private let key: Int
    private let signals: [Int32]

    private init(key: Int, signals: [Int32]) {
        self.key = key
        self.signals = signals
    }

    /// Installs `action` for `signals`; the signals' previous dispositions
    /// are replaced until ``cancel()``.
    public static func install(
        _ signals: [Int32] = [SIGTERM, SIGINT], action: @escaping @Sendable (Int32) -> Void
    ) -> ShutdownSignals {
        let key = SignalRelay.shared.add(signals: signals, action: action)
        return ShutdownSignals(key: key, signals: signals)
    }

    /// Stops calling the action; when no action is left for a signal, its
    /// default disposition comes back.
    public func cancel() {
        SignalRelay.shared.remove(key: key)
    }
}

/// The write end of the pipe, read by the signal handler. Set once, before
/// any handler is installed, and never changed.
nonisolated(unsafe) private var signalPipeWriteFD: Int32 = -1

/// Owns the pipe, the reader thread and the table of actions.
private final class SignalRelay: Sendable {
    static let shared = SignalRelay()

    private struct Table {
        var nextKey = 1
        var actions: [Int: (signals: [Int32], action: @Sendable (Int32) -> Void)] = [:]
        var installed: Set<Int32> = []
    }

    private let table = Mutex(Table())
    private let readFD: Int32

    private init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        for fd in fds where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readFD = fds[0]
        signalPipeWriteFD = fds[1]
        if fds[1] >= 0 { _ = fcntl(fds[1], F_SETFL, O_NONBLOCK) }
        let readFD = fds[0]
        let thread = Thread { [unowned self] in self.readLoop(readFD) }
        thread.name = "crmbot-signals"
        if readFD >= 0 { thread.start() }
    }

    func add(signals: [Int32], action: @escaping @Sendable (Int32) -> Void) -> Int {
        table.withLock { t in
            let key = t.nextKey
            t.nextKey += 1
            t.actions[key] = (signals, action)
            for number in signals where t.installed.insert(number).inserted {
                var handler = sigaction()
                handler.__sigaction_handler.sa_handler = { number in
                    let saved = errno
                    var byte = UInt8(truncatingIfNeeded: number)
                    _ = write(signalPipeWriteFD, &byte, 1)
                    errno = saved
                }
                sigemptyset(&handler.sa_mask)
                handler.sa_flags = SA_RESTART
                _ = sigaction(number, &handler, nil)
            }
            return key
        }
    }

    func remove(key: Int) {
        table.withLock { t in
            t.actions[key] = nil
            let wanted = Set(t.actions.values.flatMap(\.signals))
            for number in t.installed.subtracting(wanted) {
                _ = signal(number, SIG_DFL)
                t.installed.remove(number)
            }
        }
    }

    private func readLoop(_ fd: Int32) {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            guard n == 1 else { return }
            let number = Int32(byte)
            let actions = table.withLock { t in t.actions.values.filter { $0.signals.contains(number) }.map(\.action) }
            for action in actions { action(number) }
        }
    }
}
