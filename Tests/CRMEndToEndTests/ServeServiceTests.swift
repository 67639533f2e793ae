import CRMTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `crmbot serve` as a service: sockets handed over by systemd, SIGHUP to reopen the
/// log and reload tokens.
@Suite(.serialized, .offThePool) struct ServeServiceTests {
    /// A listening socket on a free loopback port, and the port.
    static func listeningTCP() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw E2EError("socket: errno \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw E2EError("bind/listen: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, UInt16(bigEndian: addr.sin_port))
    }

    /// A listening Unix socket at `path`.
    static func listeningUnix(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw E2EError("unix bind/listen: errno \(errno)") }
        return fd
    }

    static func tokenFile(_ dir: TempDir, _ text: String) throws -> String {
        let path = dir.file("tokens").path
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { throw E2EError("cannot write tokens") }
        chmod(temporary, 0o600)
        guard rename(temporary, path) == 0 else { throw E2EError("rename: errno \(errno)") }
        return path
    }

    static func waitFor(_ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(CrmbotProcess.defaultTimeout)  // a hang detector
        while Date() < deadline {
            if try condition() { return }
            usleep(20_000)
        }
        throw E2EError("timed out waiting for \(what)")
    }

    @Test func socketsHandedOverBySystemdAreServedAndLeftInPlace() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let tokens = try Self.tokenFile(dir, "\(ServeHarness.relayToken) relay\n")
        let http = try Self.listeningTCP()
        let unixPath = dir.file("activated.sock").path
        let unix = try Self.listeningUnix(unixPath)
        let process = try CrmbotProcess(
            arguments: ["serve", "--db", dir.file("crm.sqlite").path, "--tokens", tokens, "--now", "2026-11-22T09:00"],
            sockets: [(http.fd, "http"), (unix, "relays")])
        close(http.fd)
        close(unix)
        try Self.waitFor("the listeners") {
            process.stderrSoFar.contains("listening on http 127.0.0.1:\(http.port)\n")
                && process.stderrSoFar.contains("listening on unix \(unixPath)\n") || !process.isRunning
        }
        let (health, reply) = try await onThread { () -> (HTTPTestResponse?, String?) in
            let web = try SocketClient("tcp:127.0.0.1:\(http.port)")
            try web.send(httpRequest("GET", "/healthz"))
            let relay = try ServeHarness.login("unix:" + unixPath)
            try relay.send(request(1, "Li Ming", "help"))
            return (try web.readHTTPResponse(), try relay.readLine())
        }
        #expect(health?.status == 200, "\(process.stderrSoFar)")
        #expect(reply?.contains(#""id":1,"ok":true"#) == true)
        kill(process.pid, SIGTERM)
        #expect(try process.waitForExit(timeout: 60) == 0)
        // The socket file is systemd's: a server that did not make it does not remove it.
        #expect(FileManager.default.fileExists(atPath: unixPath))
    }

    @Test func sighupReopensTheLogAndReloadsTokensClosingConnectionsWhoseTokenIsGone() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let newToken = "new-phone-token-0123456789abcdef"
        let tokens = try Self.tokenFile(dir, "\(ServeHarness.relayToken) relay\n\(ServeHarness.liToken) li-phone Li Ming\n")
        let logPath = dir.file("crmbot.log").path
        let socketPath = dir.file("s.sock").path
        let process = try CrmbotProcess(arguments: [
            "serve", "--db", dir.file("crm.sqlite").path, "--unix", socketPath, "--tokens", tokens, "--log", logPath,
            "--now", "2026-11-22T09:00",
        ])
        try Self.waitFor("the listener") { process.stderrSoFar.contains("listening on unix") || !process.isRunning }
        let address = "unix:" + socketPath
        let (relay, phone) = try await onThread { () -> (SequentialClient, SequentialClient) in
            (SequentialClient(try ServeHarness.login(address)), SequentialClient(try ServeHarness.login(address, token: ServeHarness.liToken)))
        }
        #expect(try String(contentsOfFile: logPath, encoding: .utf8).contains("listening on unix \(socketPath)"))

        // logrotate moves the log away; the phone's token is replaced by a new one granting the same
        // (a leaked token rotated): connections that logged in with the old one are closed.
        #expect(rename(logPath, logPath + ".1") == 0)
        _ = try Self.tokenFile(dir, "\(ServeHarness.relayToken) relay\n\(newToken) li-phone Li Ming\n")
        kill(process.pid, SIGHUP)
        try Self.waitFor("the reload") {
            (try? String(contentsOfFile: logPath, encoding: .utf8))?.contains("tokens reloaded") == true
        }
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("2 tokens reloaded") && log.contains("1 connection(s) whose token is gone closed"), "\(log)")
        let (phoneEnd, relayReply, oldToken, newLogin) = try await onThread { () -> (String?, String?, String?, String?) in
            let phoneEnd = try phone.client.readLine()
            try relay.client.send(request(2, "Li Ming", "help"))
            let old = try SocketClient(address)
            try old.send("{\"auth\":\"\(ServeHarness.liToken)\"}\n")
            let fresh = try SocketClient(address)
            try fresh.send("{\"auth\":\"\(newToken)\"}\n")
            return (phoneEnd, try relay.client.readLine(), try old.readLine(), try fresh.readLine())
        }
        #expect(phoneEnd == nil, "the phone's token is gone: its connection is closed")
        #expect(relayReply?.contains(#""id":2,"ok":true"#) == true)
        #expect(oldToken?.contains("bad_token") == true)
        #expect(newLogin?.contains(#""ok":true"#) == true)

        // A token file that no longer reads keeps the tokens in force.
        _ = try Self.tokenFile(dir, "short relay\n")
        kill(process.pid, SIGHUP)
        try Self.waitFor("the refused reload") {
            (try? String(contentsOfFile: logPath, encoding: .utf8))?.contains("tokens in force are kept") == true
        }
        let still = try await onThread { () -> String? in
            let c = try SocketClient(address)
            try c.send("{\"auth\":\"\(newToken)\"}\n")
            return try c.readLine()
        }
        #expect(still?.contains(#""ok":true"#) == true)
        kill(process.pid, SIGTERM)
        #expect(try process.waitForExit(timeout: 60) == 0)
    }
}

/// A client used by one task at a time, handed between the test's thread hops.
final class SequentialClient: @unchecked Sendable {
    let client: SocketClient
    init(_ client: SocketClient) { self.client = client }
}
