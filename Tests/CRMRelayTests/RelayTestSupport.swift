import CRMDomain
import CRMRelay
import CRMStorage
import CRMSupport
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

    private init(adopting fd: Int32) {
        self.fd = fd
    }

    /// A client over a descriptor obtained earlier (a `dup` of another client's).
    static func reading(_ fd: Int32) throws -> TestClient {
        let copy = dup(fd)
        guard copy >= 0 else { throw TransportError(errno: errno, operation: "dup") }
        var tv = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(copy, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return TestClient(adopting: copy)
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

/// Polls `condition` up to `attempts` times with short sleeps (only to bound the wait).
func eventually(attempts: Int = 400, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<attempts {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return condition()
}


/// Answers `echo: TEXT` as intent `echo`; `forbid` is refused as the bot refuses.
struct EchoResponder: RelayResponder {
    func respond(_ request: RelayRequest) async -> RelayReply {
        if request.text == "forbid" {
            return .failure(id: request.id, code: "forbidden", message: "Only an admin can do that.")
        }
        if request.text == "bulk" {
            let rows = (1...30).map { JSONValue.object([("id", .int(Int64($0)))]) }
            return .success(id: request.id, intent: "customer.list", text: "30 customers", data: .object([("customers", .array(rows))]))
        }
        let text = request.text == "dots" ? "first\n.hidden\n..two" : "echo \(request.user): \(request.text)"
        return .success(id: request.id, intent: "echo", text: text, data: .object([("user", .string(request.user))]))
    }
}

let relayToken = "relay-token-0123456789"
let liToken = "li-ming-token-0123456789"

/// A relay server on a fresh in-memory store, a Unix socket and a loopback port.
struct RelayFixture {
    let dir = TempSocketDir()
    let store: SQLiteStore
    let relay: RelayServer
    let unix: ListenAddress
    let tcp: ListenAddress

    init(configure: (inout SocketServerConfiguration) -> Void = { _ in }) throws {
        store = try SQLiteStore.inMemory()
        var configuration = SocketServerConfiguration(listeners: [.unix(path: dir.file("r.sock")), .tcp(host: "127.0.0.1", port: 0)])
        configure(&configuration)
        let tokens = try AccessTokens.parse(
            "\(relayToken) slack-bridge\n\(liToken) li-phone Li Ming\n", source: "test")
        guard let now = LocalDateTime(iso: "2026-11-22T09:00") else { throw TestFailure("bad date") }
        let clock = FixedClock(now)
        relay = try RelayServer(
            configuration: configuration, tokens: tokens, store: store, responder: EchoResponder(), clock: clock,
            reminderInterval: nil, log: { _ in })
        let bound = try relay.start()
        unix = bound[0]
        tcp = bound[1]
    }
}
