import CRMTransport
import CRMTestSupport
import Foundation
import Glibc
import Synchronization

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The shared test client, connected to a server's bound address.
typealias TestClient = LineClient

extension LineClient {
    convenience init(_ address: ListenAddress, timeoutSeconds: Int = LineClient.hangSeconds) throws {
        switch address {
        case .unix(let path): try self.init(unixPath: path, timeoutSeconds: timeoutSeconds)
        case .tcp(let host, let port), .http(let host, let port): try self.init(host: host, port: port, timeoutSeconds: timeoutSeconds)
        }
    }
}

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
/// `gate` (replies once the gate opens), `big N` (an N-byte reply), `login`
/// (the connection counts as logged in; needs ``server``), `quit`, `push
/// TEXT` (pushes `pushed: TEXT` while the request is running, then replies
/// `answered: TEXT`; needs ``server``), anything
/// else is echoed as `echo: TEXT`.
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
        case .http(let request):
            return HTTPResponse(status: 200, body: "\(request.method) \(request.target) \(request.body.count)", closes: !request.keepAlive).rendered()
        case .badHTTP(let error): return HTTPResponse(status: error.status, body: error.message, closes: true).rendered()
        case .line(let text):
            if text.hasPrefix("sleep "), let ms = Int(text.dropFirst(6)) {
                try? await Task.sleep(for: .milliseconds(ms))
                return "slept \(ms)\n"
            }
            if text == "login" {
                server.withLock { $0 }?.authenticated(connection)
                return "logged in\n"
            }
            if text == "quit" {
                server.withLock { $0 }?.disconnect(connection)
                return "bye\n"
            }
            if text.hasPrefix("push ") {
                let what = text.dropFirst(5)
                server.withLock { $0 }?.push("pushed: \(what)\n", to: connection)
                return "answered: \(what)\n"
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

/// Runs `attempt` again (up to 20 times) while it was answered only
/// `refused idle_timeout`: with a short idle timeout, a client that the
/// machine does not schedule in time is timed out before its first line.
func retryWhileTimedOutEarly(_ attempt: () throws -> [String]) throws -> [String] {
    var lines: [String] = []
    for _ in 0..<20 {
        lines = try attempt()
        if lines != ["refused idle_timeout"] { return lines }
    }
    return lines
}

/// Starts a server with the echo delegate on a Unix socket and a loopback port.
func startEchoServer(
    _ dir: TempSocketDir, delegate: EchoDelegate = EchoDelegate(), log: LogBook = LogBook(),
    configure: (inout SocketServerConfiguration) -> Void = { _ in }
) throws -> (server: SocketServer, unix: ListenAddress, tcp: ListenAddress) {
    var configuration = SocketServerConfiguration(listeners: [.unix(path: dir.file("s.sock")), .tcp(host: "127.0.0.1", port: 0)])
    configuration.taskExecutor = ServerThreads.shared
    configure(&configuration)
    let server = try SocketServer(configuration: configuration, delegate: delegate, log: log.sink)
    let bound = try server.start()
    return (server, bound[0], bound[bound.count > 1 ? 1 : 0])
}
