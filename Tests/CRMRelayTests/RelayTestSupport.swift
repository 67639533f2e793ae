import CRMDomain
import CRMRelay
import CRMStorage
import CRMSupport
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


/// Collects log lines.
final class LogBook: Sendable {
    private let lines = Mutex<[String]>([])
    var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
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
let adminToken = "admin-token-0123456789"
let repOnlyToken = "rep-only-token-0123456789"

/// A relay server on a fresh in-memory store, a Unix socket and a loopback port.
struct RelayFixture {
    let dir = TempSocketDir()
    let store: SQLiteStore
    let relay: RelayServer
    let unix: ListenAddress
    let tcp: ListenAddress

    init(
        configure: (inout SocketServerConfiguration) -> Void = { _ in },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        store = try SQLiteStore.inMemory()
        var configuration = SocketServerConfiguration(listeners: [.unix(path: dir.file("r.sock")), .tcp(host: "127.0.0.1", port: 0)])
        configuration.taskExecutor = ServerThreads.shared
        configure(&configuration)
        let tokens = try AccessTokens.parse(
            """
            \(relayToken) slack-bridge
            \(liToken) li-phone Li Ming
            \(adminToken) ops role=admin
            \(repOnlyToken) sales-desk role=rep *
            """, source: "test")
        guard let now = LocalDateTime(iso: "2026-11-22T09:00") else { throw TestFailure("bad date") }
        let clock = FixedClock(now)
        relay = try RelayServer(
            configuration: configuration, tokens: tokens, store: store, responder: EchoResponder(), clock: clock,
            reminderInterval: nil, log: log)
        let bound = try relay.start()
        unix = bound[0]
        tcp = bound[1]
    }
}
