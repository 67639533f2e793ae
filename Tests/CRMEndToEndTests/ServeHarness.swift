import CRMTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A running `crmbot serve` on a temporary database, Unix socket, loopback
/// port and token file.
final class ServeHarness {
    static let relayToken = "relay-token-0123456789abcdef"
    static let liToken = "li-ming-token-0123456789abcdef"
    /// A token that may act as an admin (`role=admin`); the relay token may not.
    static let adminToken = "admin-token-0123456789abcdef"

    let dir: TempDir
    let process: CrmbotProcess
    let unix: String
    let tcp: String
    var socketPath: String { String(unix.dropFirst(5)) }
    var database: String { dir.file("crm.sqlite").path }

    init(extra: [String] = [], now: String = "2026-11-22T09:00", dir existing: TempDir? = nil) throws {
        dir = try existing ?? TempDir()
        let tokens = dir.file("tokens").path
        let text = "# test tokens\n\(Self.relayToken) relay\n\(Self.liToken) li-phone Li Ming\n"
            + "\(Self.adminToken) ops role=admin\n"
        guard FileManager.default.createFile(atPath: tokens, contents: Data(text.utf8)) else {
            throw E2EError("cannot write \(tokens)")
        }
        chmod(tokens, 0o600)
        let path = dir.file("s.sock").path
        process = try CrmbotProcess(
            arguments: ["serve", "--db", dir.file("crm.sqlite").path, "--unix", path, "--tcp", "127.0.0.1:0",
                "--tokens", tokens, "--now", now,
                // A login deadline no busy machine misses (tests of the deadline set their own).
                "--login-timeout", "120"] + extra)
        unix = "unix:" + path
        var port: String?
        let deadline = Date().addingTimeInterval(CrmbotProcess.defaultTimeout)  // a hang detector
        while Date() < deadline {
            if let range = process.stderrSoFar.range(of: "listening on tcp 127.0.0.1:") {
                let rest = process.stderrSoFar[range.upperBound...].prefix { $0.isNumber }
                if !rest.isEmpty, process.stderrSoFar[range.upperBound...].dropFirst(rest.count).first == "\n" {
                    port = String(rest)
                    break
                }
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        guard let port else { throw E2EError("crmbot serve did not start; stderr: \(process.stderrSoFar)") }
        tcp = "tcp:127.0.0.1:\(port)"
    }

    /// The `--http` listener's `HOST:PORT`, read from what the server printed.
    func httpAddress() throws -> String {
        let deadline = Date().addingTimeInterval(CrmbotProcess.defaultTimeout)  // a hang detector
        while Date() < deadline {
            let text = process.stderrSoFar
            if let range = text.range(of: "listening on http 127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if text[range.upperBound...].dropFirst(digits.count).first == "\n" { return "tcp:127.0.0.1:" + digits }
            }
            usleep(20_000)
        }
        throw E2EError("no HTTP listener; stderr: \(process.stderrSoFar)")
    }

    /// A client on `address` that has logged in with `token` (JSON Lines).
    /// `acks`: the client acknowledges reminders (they are pushed again until it does).
    static func login(_ address: String, token: String = ServeHarness.relayToken, acks: Bool = false) throws -> SocketClient {
        let c = try SocketClient(address)
        try c.send("{\"auth\":\"\(token)\"\(acks ? ",\"acks\":true" : "")}\n")
        guard let reply = try c.readLine(), reply.contains("\"ok\":true") else { throw E2EError("login failed") }
        return c
    }

    /// SIGTERM, then the exit status.
    func terminate() throws -> Int32 {
        kill(process.pid, SIGTERM)
        return try process.waitForExit(timeout: 60)
    }

    deinit {
        if process.isRunning { process.kill9() }
        dir.remove()
    }
}

/// `{"id":…,"user":…,"text":…}` with the text escaped.
func request(_ id: Int, _ user: String, _ text: String) -> String {
    let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "{\"id\":\(id),\"user\":\"\(user)\",\"text\":\"\(escaped)\"}\n"
}
