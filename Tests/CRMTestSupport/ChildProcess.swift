import Foundation
import Glibc
import Synchronization

/// A child process for tests, started with `posix_spawn` and reaped by a
/// thread of its own.
///
/// Not Foundation's `Process`: on this toolchain (Swift 6.3.1) `Process.run()`
/// reads `/proc/self/fd` copying 256 bytes of every directory entry, past the
/// end of the entry, and crashes now and then when the test process has many
/// descriptors open — as it does while a socket test holds a thousand clients
/// (swiftlang/swift-corelibs-foundation#5472, fixed after 6.3.1). Like
/// `Process`, the child gets its own process group and inherits the signal
/// dispositions (so an ignored SIGPIPE stays ignored); every descriptor but
/// its standard input, output and error is closed in it.
public final class ChildProcess: Sendable {
    /// How a child ended.
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signalled(Int32)
    }

    public let pid: pid_t
    private let ended = Mutex<Termination?>(nil)
    private let condition = NSCondition()

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `executable` with `arguments` (not including argv[0]) and exactly
    /// `environment`, its standard streams on `stdin`, `stdout` and `stderr`
    /// (descriptors of this process; the caller closes its copies).
    /// `passing` descriptors become the child's 3, 4, … (listening sockets for systemd-style
    /// socket activation); every other descriptor is closed in the child.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], stdin: Int32, stdout: Int32,
        stderr: Int32, passing: [Int32] = []
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Through a descriptor above 2 first, so that one of 0...2 given for
        // another stream is not overwritten before it is copied.
        let given = [stdin, stdout, stderr] + passing
        let staged = given.map { fd -> Int32 in
            let copy = fcntl(fd, F_DUPFD_CLOEXEC, 10 + Int32(given.count))
            return copy >= 0 ? copy : fd
        }
        defer { for (copy, fd) in zip(staged, given) where copy != fd { close(copy) } }
        for (target, fd) in staged.enumerated() { posix_spawn_file_actions_adddup2(&actions, fd, Int32(target)) }
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3 + Int32(passing.count)) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { for p in argv + envp { free(p) } }
        var spawned = pid_t()
        var argvList = argv + [nil]
        var envpList = envp + [nil]
        let rc = argvList.withUnsafeMutableBufferPointer { a in
            envpList.withUnsafeMutableBufferPointer { e in
                guard let a = a.baseAddress, let e = e.baseAddress else { return EINVAL }
                return posix_spawn(&spawned, executable, &actions, &attributes, a, e)
            }
        }
        guard rc == 0 else { throw SocketTestError("posix_spawn \(executable)", errno: rc) }
        let pid = spawned
        let child = ChildProcess(pid: pid)
        let reaper = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else { break }
            }
            let low = status & 0x7f
            child.finish(low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low))
        }
        reaper.start()
        return child
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), which Swift's
    /// Glibc module does not show; nil where the C library lacks it.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    private func finish(_ how: Termination) {
        condition.lock()
        ended.withLock { $0 = how }
        condition.broadcast()
        condition.unlock()
    }

    /// How it ended; nil while it runs.
    public var termination: Termination? { ended.withLock { $0 } }

    public var isRunning: Bool { termination == nil }

    /// Waits until it ends; nil when it is still running after `seconds`.
    public func wait(seconds: Double) -> Termination? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while termination == nil {
            if !condition.wait(until: deadline) { break }
        }
        return termination
    }

    /// Sends `signal` unless it has ended (its pid may then belong to another process).
    public func send(_ signal: Int32) {
        if isRunning { _ = kill(pid, signal) }
    }
}
