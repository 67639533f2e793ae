import CRMTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the end-to-end harness itself (binary missing, hang, early exit).
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Where the package and the built `crmbot` binary are.
enum CrmbotLocation {
    /// `<repo>/Tests/CRMEndToEndTests/CrmbotProcess.swift` → `<repo>`.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Candidates in order: `CRMBOT_BIN`; the directory of the test bundle
    /// (swift test puts products in the same `.build/<config>` directory);
    /// `<repo>/.build/debug/crmbot`.
    static func candidates() -> [URL] {
        var result: [URL] = []
        if let env = ProcessInfo.processInfo.environment["CRMBOT_BIN"], !env.isEmpty {
            result.append(URL(fileURLWithPath: env))
        }
        var dirs: [URL] = []
        if let exe = Bundle.main.executableURL { dirs.append(exe.deletingLastPathComponent()) }
        dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let arg0 = CommandLine.arguments.first, !arg0.isEmpty {
            dirs.append(URL(fileURLWithPath: arg0).deletingLastPathComponent())
        }
        for dir in dirs {
            // On Linux the test product is `<bin>/crmbotPackageTests.xctest`; on macOS
            // it is a bundle `<bin>/crmbotPackageTests.xctest/Contents/MacOS/…`.
            var d = dir.standardizedFileURL
            for _ in 0..<4 {
                result.append(d.appendingPathComponent("crmbot"))
                if d.pathExtension == "xctest" { break }
                d = d.deletingLastPathComponent()
                if d.path == "/" { break }
            }
        }
        result.append(repoRoot.appendingPathComponent(".build/debug/crmbot"))
        return result
    }

    static func binary() throws -> URL {
        let fm = FileManager.default
        let all = candidates()
        for url in all {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
                fm.isExecutableFile(atPath: url.path)
            {
                return url
            }
        }
        throw E2EError(
            "crmbot binary not found (build it with `swift build --product crmbot` or set CRMBOT_BIN); looked in: "
                + all.map(\.path).joined(separator: ", "))
    }
}

/// A fresh temporary directory; call `remove()` (usually in a `defer`).
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmbot-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Bytes read from a pipe by a background thread, handed out line by line.
final class LineBuffer: @unchecked Sendable {
    enum Next { case line(String), eof, timeout }

    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var everything: [UInt8] = []
    private var finished = false

    func append(_ bytes: ArraySlice<UInt8>) {
        condition.lock()
        everything.append(contentsOf: bytes)
        pending.append(contentsOf: bytes)
        var start = pending.startIndex
        while let nl = pending[start...].firstIndex(of: 0x0A) {
            lines.append(String(decoding: pending[start..<nl], as: UTF8.self))
            start = nl + 1
        }
        if start > pending.startIndex { pending.removeSubrange(pending.startIndex..<start) }
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        if !pending.isEmpty {
            lines.append(String(decoding: pending, as: UTF8.self))
            pending = []
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func next(deadline: Date) -> Next {
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty && !finished {
            if !condition.wait(until: deadline) { break }
        }
        if !lines.isEmpty { return .line(lines.removeFirst()) }
        return finished ? .eof : .timeout
    }

    /// Waits for end of file; returns false on timeout.
    func waitForEOF(deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            if !condition.wait(until: deadline) { return finished }
        }
        return true
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: everything, as: UTF8.self)
    }

    var bytes: [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        return everything
    }

    /// Starts a thread that reads `fd` until end of file into `buffer` (and
    /// then closes it when `closingIt`).
    static func startReading(fd: Int32, into buffer: LineBuffer, closingIt: Bool = false) {
        let thread = Thread {
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = chunk.withUnsafeMutableBytes { raw in
                    read(fd, raw.baseAddress, raw.count)
                }
                if n > 0 {
                    buffer.append(chunk[0..<n])
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            buffer.finish()
            if closingIt { close(fd) }
        }
        thread.start()
    }
}

/// Set once a watchdog has fired.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// One running `crmbot` process with piped stdin, stdout and stderr.
///
/// Every blocking operation has a timeout (default 120 s) so that a hung bot
/// fails the test instead of hanging the suite; timeouts are never used to
/// assert anything about speed (a loaded machine can take many seconds to
/// start a process and load the grammar and model). Started with
/// ``ChildProcess`` (posix_spawn), not Foundation's `Process`, whose `run()`
/// can crash on this toolchain when the test process has many descriptors open.
final class CrmbotProcess {
    static let defaultTimeout: TimeInterval = 120

    let executable: URL
    let arguments: [String]
    private let child: ChildProcess
    private let stdinFD: Int32
    private let stdoutBuffer = LineBuffer()
    private let stderrBuffer = LineBuffer()
    private var exitStatus: Int32?
    private var stdinClosed = false

    private static let ignoreSIGPIPE: Void = {
        // A bot that dies while we write must give EPIPE, not kill the test runner.
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Launches the binary with `arguments`; `environment` entries are added to
    /// (and override) the test runner's environment.
    /// `sockets`: listening sockets handed over as systemd does (descriptors 3, 4, … with
    /// `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_FDNAMES`, set through a shell that then
    /// becomes crmbot, so that `LISTEN_PID` is crmbot's own process id).
    init(
        arguments: [String], environment: [String: String] = [:], executable: URL? = nil,
        sockets: [(fd: Int32, name: String)] = []
    ) throws {
        _ = Self.ignoreSIGPIPE
        self.executable = try executable ?? CrmbotLocation.binary()
        self.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CRMBOT_NOW")
        for (k, v) in environment { env[k] = v }
        let input = try Self.pipe()
        let output = try Self.pipe()
        let errors = try Self.pipe()
        defer { for fd in [input.read, output.write, errors.write] { close(fd) } }
        do {
            if sockets.isEmpty {
                child = try ChildProcess.spawn(
                    self.executable.path, arguments: arguments, environment: env, stdin: input.read, stdout: output.write,
                    stderr: errors.write)
            } else {
                let names = sockets.map(\.name).joined(separator: ":")
                let script = "export LISTEN_PID=$$ LISTEN_FDS=\(sockets.count) LISTEN_FDNAMES='\(names)'; exec \"$0\" \"$@\""
                child = try ChildProcess.spawn(
                    "/bin/sh", arguments: ["-c", script, self.executable.path] + arguments, environment: env,
                    stdin: input.read, stdout: output.write, stderr: errors.write, passing: sockets.map(\.fd))
            }
        } catch {
            for fd in [input.write, output.read, errors.read] { close(fd) }
            throw error
        }
        stdinFD = input.write
        LineBuffer.startReading(fd: output.read, into: stdoutBuffer, closingIt: true)
        LineBuffer.startReading(fd: errors.read, into: stderrBuffer, closingIt: true)
    }

    /// A pipe whose ends are not inherited by other children.
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard Glibc.pipe(&fds) == 0 else { throw E2EError("pipe: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    deinit {
        child.send(SIGKILL)
        _ = child.wait(seconds: 10)
        if !stdinClosed { close(stdinFD) }
    }

    var pid: Int32 { child.pid }

    /// Writes raw bytes to the bot's stdin (a watchdog kills the bot if the write blocks too long).
    func sendBytes(_ bytes: [UInt8], timeout: TimeInterval = defaultTimeout) throws {
        guard !stdinClosed else { throw E2EError("stdin already closed") }
        let fd = stdinFD
        let fired = Flag()
        let pid = self.pid
        let watchdog = DispatchWorkItem {
            fired.set()
            _ = kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { raw in
                write(fd, raw.baseAddress, raw.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                if fired.isSet { throw E2EError("writing to crmbot timed out after \(timeout)s (bot killed)") }
                throw E2EError("writing to crmbot failed: errno \(code) (\(String(cString: strerror(code))))"
                    + "; stderr: \(stderrSoFar)")
            }
            offset += n
        }
    }

    /// Writes `line` plus a newline.
    func sendLine(_ line: String, timeout: TimeInterval = defaultTimeout) throws {
        try sendBytes(Array(line.utf8) + [0x0A], timeout: timeout)
    }

    /// The next stdout line, without its newline; throws on timeout or end of file.
    func readLine(timeout: TimeInterval = defaultTimeout) throws -> String {
        switch stdoutBuffer.next(deadline: Date(timeIntervalSinceNow: timeout)) {
        case .line(let line): return line
        case .eof:
            throw E2EError("crmbot closed stdout (exited?) while a reply was expected; stderr: \(stderrSoFar)")
        case .timeout:
            throw E2EError("no reply from crmbot within \(timeout)s; stderr: \(stderrSoFar)")
        }
    }

    /// Everything still unread on stdout once the bot closes it.
    func readRest(timeout: TimeInterval = defaultTimeout) throws -> [String] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        var result: [String] = []
        while true {
            switch stdoutBuffer.next(deadline: deadline) {
            case .line(let line): result.append(line)
            case .eof: return result
            case .timeout: throw E2EError("crmbot did not close stdout within \(timeout)s")
            }
        }
    }

    func closeStdin() {
        guard !stdinClosed else { return }
        stdinClosed = true
        close(stdinFD)
    }

    /// Waits for the process to exit (killing it after `timeout`) and returns its status.
    @discardableResult
    func waitForExit(timeout: TimeInterval = defaultTimeout) throws -> Int32 {
        if let exitStatus { return exitStatus }
        guard let ended = child.wait(seconds: timeout) else {
            kill9()
            _ = child.wait(seconds: 10)
            throw E2EError("crmbot did not exit within \(timeout)s (killed); stderr: \(stderrSoFar)")
        }
        // As Foundation's Process reports it: the exit code, or the signal's number.
        let status: Int32
        switch ended {
        case .exited(let code): status = code
        case .signalled(let number): status = number
        }
        exitStatus = status
        return status
    }

    /// Closes stdin and waits for a clean exit.
    @discardableResult
    func finish(timeout: TimeInterval = defaultTimeout) throws -> Int32 {
        closeStdin()
        return try waitForExit(timeout: timeout)
    }

    /// True when the process ended by a signal rather than exit().
    var wasSignalled: Bool {
        if case .signalled = child.termination { return true }
        return false
    }

    func kill9() { child.send(SIGKILL) }

    var isRunning: Bool { child.isRunning }

    /// stderr read so far (complete only after exit; see `stderrText`).
    var stderrSoFar: String { stderrBuffer.text }

    /// All of stderr; waits for the bot to close it.
    func stderrText(timeout: TimeInterval = defaultTimeout) -> String {
        _ = stderrBuffer.waitForEOF(deadline: Date(timeIntervalSinceNow: timeout))
        return stderrBuffer.text
    }

    /// Runs the bot to completion with `input` on stdin.
    static func run(
        _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:],
        timeout: TimeInterval = defaultTimeout
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = try CrmbotProcess(arguments: arguments, environment: environment)
        if !input.isEmpty { try p.sendBytes(input, timeout: timeout) }
        p.closeStdin()
        let out = try p.readRest(timeout: timeout)
        let status = try p.waitForExit(timeout: timeout)
        return (status, out.joined(separator: "\n"), p.stderrText(timeout: timeout))
    }
}
