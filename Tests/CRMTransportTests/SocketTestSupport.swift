import CRMTransport
import Foundation
import Glibc
import Synchronization

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs blocking client code on its own thread, so that it never holds one of
/// the few cooperative threads the server's delegate needs.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
        }
        thread.start()
    }
}

/// A fresh directory for socket files, short enough for `sun_path`.
final class TempSocketDir: Sendable {
    let path: String
    init() {
        var template = Array("/tmp/crmsock-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { buffer -> String in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp" }
            return String(cString: made)
        }
    }
    func file(_ name: String) -> String { "\(path)/\(name)" }
    deinit {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for n in names { _ = unlink("\(path)/\(n)") }
        }
        _ = rmdir(path)
    }
}

/// A blocking test client with a generous receive timeout (only to prevent hangs).
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(_ address: ListenAddress, timeoutSeconds: Int = 20) throws {
        // Connect before the object exists: a failed init must not close twice.
        fd = try Self.connect(address)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func connect(_ address: ListenAddress) throws -> Int32 {
        switch address {
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
            }
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if rc != 0 {
                let e = errno
                close(fd)
                throw TransportError(errno: e, operation: "connect \(path)")
            }
            return fd
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
                throw TestFailure("cannot resolve \(host)")
            }
            defer { freeaddrinfo(result) }
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                let e = errno
                close(fd)
                throw TransportError(errno: e, operation: "connect \(host):\(port)")
            }
            return fd
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        try FileDescriptorIO.writeAll(fd, Array(text.utf8))
    }

    /// The next line without its newline; nil at end of input.
    func readLine() throws -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeFirst(nl + 1)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                if e == ECONNRESET { return nil }
                throw TransportError(errno: e, operation: "recv (timeout?)")
            }
            buffer += chunk[0..<n]
        }
    }

    func readLines(_ count: Int) throws -> [String] {
        var lines: [String] = []
        for _ in 0..<count {
            guard let line = try readLine() else { throw TestFailure("end of input after \(lines.count) of \(count) lines") }
            lines.append(line)
        }
        return lines
    }

    /// Every line until the server closes.
    func readToEnd(limit: Int = 100_000) throws -> [String] {
        var lines: [String] = []
        while lines.count < limit, let line = try readLine() { lines.append(line) }
        return lines
    }

    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }
}

@available(*, unavailable)
extension TestClient: Sendable {}

/// A gate that tasks wait on until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let open = state.withLock { s in
                if s.open { return true }
                s.waiters.append(c)
                return false
            }
            if open { c.resume() }
        }
    }
    func open() {
        let waiters = state.withLock { s in
            s.open = true
            let w = s.waiters
            s.waiters = []
            return w
        }
        for w in waiters { w.resume() }
    }
}

/// Collects log lines.
final class LogBook: Sendable {
    private let lines = Mutex<[String]>([])
    var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}

/// An echo server for tests. Commands: `sleep MS` (replies after a pause),
/// `gate` (replies once the gate opens), `big N` (an N-byte reply),
/// anything else is echoed as `echo: TEXT`.
final class EchoDelegate: SocketServerDelegate {
    let gate = Gate()
    /// Set by the test that uses `quit` (the server to ask to disconnect).
    let server = Mutex<SocketServer?>(nil)
    private let state = Mutex<(connected: [ConnectionID], disconnected: [ConnectionID: DisconnectReason], started: Int)>(
        ([], [:], 0))

    var connected: [ConnectionID] { state.withLock { $0.connected } }
    var disconnected: [ConnectionID: DisconnectReason] { state.withLock { $0.disconnected } }
    var started: Int { state.withLock { $0.started } }

    func connected(_ connection: ConnectionID, peer: Peer) async -> String? {
        state.withLock { $0.connected.append(connection) }
        return nil
    }

    func received(_ frame: InboundFrame, on connection: ConnectionID) async -> String? {
        state.withLock { $0.started += 1 }
        switch frame {
        case .tooLong(let n, let prefix): return "error: line too long (\(n) bytes, starts \(String(decoding: prefix.prefix(3), as: UTF8.self)))\n"
        case .invalidEncoding: return "error: invalid UTF-8\n"
        case .line(let text):
            if text.hasPrefix("sleep "), let ms = Int(text.dropFirst(6)) {
                try? await Task.sleep(for: .milliseconds(ms))
                return "slept \(ms)\n"
            }
            if text == "quit" {
                server.withLock { $0 }?.disconnect(connection)
                return "bye\n"
            }
            if text == "gate" {
                await gate.wait()
                return "gate passed\n"
            }
            if text.hasPrefix("big "), let n = Int(text.dropFirst(4)) {
                return String(repeating: "x", count: n) + "\n"
            }
            return "echo: \(text)\n"
        }
    }

    func refused(_ refusal: Refusal, frame: InboundFrame?, on connection: ConnectionID) -> String {
        "refused \(refusal.code)\n"
    }

    func disconnected(_ connection: ConnectionID, reason: DisconnectReason) async {
        state.withLock { $0.disconnected[connection] = reason }
    }
}

/// Polls `condition` up to `attempts` times with short sleeps (only to bound the wait).
func eventually(attempts: Int = 400, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<attempts {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return condition()
}

/// Starts a server with the echo delegate on a Unix socket and a loopback port.
func startEchoServer(
    _ dir: TempSocketDir, delegate: EchoDelegate = EchoDelegate(), log: LogBook = LogBook(),
    configure: (inout SocketServerConfiguration) -> Void = { _ in }
) throws -> (server: SocketServer, unix: ListenAddress, tcp: ListenAddress) {
    var configuration = SocketServerConfiguration(listeners: [.unix(path: dir.file("s.sock")), .tcp(host: "127.0.0.1", port: 0)])
    configure(&configuration)
    let server = try SocketServer(configuration: configuration, delegate: delegate, log: log.sink)
    let bound = try server.start()
    return (server, bound[0], bound[bound.count > 1 ? 1 : 0])
}
