import CRMTestSupport
import CRMTransport
import Foundation
import Glibc
import Synchronization
import Testing

/// Clients that never log in, or dribble bytes, cannot hold the server's
/// connection slots (issue 8, defect 2).
@Suite struct SocketServerLoginTests {
    @Test func aConnectionThatNeverLogsInIsClosedAtTheLoginDeadline() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let log = LogBook()
        let (server, unix, tcp) = try startEchoServer(dir, delegate: delegate, log: log) {
            $0.login = LoginLimits(timeout: .milliseconds(300))
        }
        delegate.server.withLock { $0 = server }
        let (stranger, member) = try await onThread { () -> ([String], [String]) in
            // A member logs in (a machine too busy to log in within 300 ms tries again).
            var member: TestClient?
            for _ in 0..<20 {
                let c = try TestClient(unix)
                try c.send("login\n")
                if try c.readLine() == "logged in" {
                    member = c
                    break
                }
            }
            guard let member else { throw TestFailure("no login within the deadline in 20 tries") }
            // A stranger sends half a line and never logs in.
            let stranger = try TestClient(tcp)
            try stranger.send("{")
            let closed = try stranger.readToEnd()
            // The member's deadline passed before the stranger's: it is still served.
            try member.send("still here\n")
            return (closed, try member.readLines(1))
        }
        #expect(stranger == ["refused login_timeout"])
        #expect(member == ["echo: still here"])
        #expect(await eventually { delegate.disconnected.values.contains(.loginTimeout) })
        #expect(log.contains("closed: no login in time"))
        delegate.server.withLock { $0 = nil }
        await server.shutdown()
    }

    @Test func bytesThatNeverEndALineDoNotKeepAConnectionOpen() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate) { $0.idleTimeout = .milliseconds(500) }
        let lines = try await onThread { () -> [String] in
            let c = try TestClient(unix)
            // One byte every 50 ms, never a newline: the idle time must run out
            // anyway. (The 60 s are a hang detector.)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                _ = try? c.send("x")
                if c.isReadable(withinMilliseconds: 50) { return try c.readToEnd() }
            }
            throw TestFailure("still open after 60 s of single bytes with a 0.5 s idle timeout")
        }
        #expect(lines == ["refused idle_timeout"])
        #expect(await eventually { delegate.disconnected.values.contains(.idleTimeout) })
        await server.shutdown()
    }

    @Test func oneAddressCannotTakeEveryConnection() async throws {
        let dir = TempSocketDir()
        let log = LogBook()
        let (server, unix, tcp) = try startEchoServer(dir, log: log) { $0.maximumConnectionsPerAddress = 2 }
        guard case .tcp(let host, let port) = tcp else { throw TestFailure("no TCP listener") }
        let (third, local, elsewhere, later) = try await onThread { () -> ([String], String?, String??, String?) in
            let a = try TestClient(tcp)
            let b = try TestClient(tcp)
            for c in [a, b] {
                try c.send("hi\n")
                _ = try c.readLine()
            }
            let third = try TestClient(tcp).readToEnd()
            // Unix-socket clients are not counted against an address.
            let u = try TestClient(unix)
            try u.send("local\n")
            let local = try u.readLine()
            // Another address (127.0.0.2 is loopback too) has its own allowance.
            var elsewhere: String??
            let other = try? TestClient(host: host, port: port, from: "127.0.0.2")
            if let other {
                try other.send("elsewhere\n")
                elsewhere = .some(try other.readLine())
            }
            // Once one of the two has closed, the address may connect again.
            let open = server.connectionCount
            a.shutdownWrite()
            _ = try a.readToEnd()
            guard waitUntil({ server.connectionCount == open - 1 }) else { throw TestFailure("the close was not seen") }
            let d = try TestClient(tcp)
            try d.send("later\n")
            let later = try d.readLine()
            _ = (b, u, other)  // open until here
            return (third, local, elsewhere, later)
        }
        #expect(third == ["refused too_many_from_address"])
        #expect(local == "echo: local")
        if let elsewhere { #expect(elsewhere == "echo: elsewhere") }
        #expect(later == "echo: later")
        #expect(log.contains("its address holds the maximum of 2 connections"))
        await server.shutdown()
    }

    @Test func clientsThatNeverLogInCannotLockOutOneThatDoes() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, tcp) = try startEchoServer(dir, delegate: delegate) {
            $0.maximumConnections = 10
            $0.maximumConnectionsPerAddress = nil
            $0.login = LoginLimits(timeout: nil)  // 9 of the 10 slots for clients not logged in
        }
        delegate.server.withLock { $0 = server }
        let result = try await onThread { () -> [String: [String]] in
            var out: [String: [String]] = [:]
            let first = try TestClient(unix)
            try first.send("login\n")
            out["first"] = try first.readLines(1)
            // Nine clients that never log in fill their share; each finished a
            // round trip (so the server is done with it) and then sends half a line.
            var flood: [TestClient] = []
            for i in 0..<9 {
                let c = try TestClient(tcp)
                try c.send("flood \(i)\n")
                _ = try c.readLine()
                try c.send("{")
                flood.append(c)
            }
            // The server is full, yet a client that logs in gets in: the oldest
            // connection not logged in makes room.
            let second = try TestClient(unix)
            try second.send("login\n")
            out["second"] = try second.readLines(1)
            out["oldest"] = try flood[0].readToEnd()
            // Another client that does not log in (yet) crowds out the next oldest.
            let late = try TestClient(tcp)
            try late.send("late\n")
            out["late"] = try late.readLines(1)
            out["next oldest"] = try flood[1].readToEnd()
            // Logged-in clients are never crowded out.
            for (name, c) in [("first again", first), ("second again", second)] {
                try c.send("still\n")
                out[name] = try c.readLines(1)
            }
            return out
        }
        #expect(result["first"] == ["logged in"])
        #expect(result["second"] == ["logged in"])
        #expect(result["oldest"] == ["refused crowded_out"])
        #expect(result["late"] == ["echo: late"])
        #expect(result["next oldest"] == ["refused crowded_out"])
        #expect(result["first again"] == ["echo: still"])
        #expect(result["second again"] == ["echo: still"])
        #expect(delegate.disconnected.values.filter { $0 == .crowdedOut }.count == 2)
        delegate.server.withLock { $0 = nil }
        await server.shutdown()
    }

    @Test func clientsNotLoggedInHoldAtMostTheirShareOfTheSlots() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, _, tcp) = try startEchoServer(dir, delegate: delegate) {
            $0.maximumConnections = 10
            $0.maximumConnectionsPerAddress = nil
            $0.login = LoginLimits(timeout: nil, unauthenticatedShare: 0.5)
        }
        let (oldest, sixth) = try await onThread { () -> ([String], [String]) in
            var clients: [TestClient] = []
            for i in 0..<5 {
                let c = try TestClient(tcp)
                try c.send("c\(i)\n")
                _ = try c.readLine()
                clients.append(c)
            }
            // Five of ten slots are open, but clients not logged in have their five.
            let sixth = try TestClient(tcp)
            try sixth.send("sixth\n")
            let result = (try clients[0].readToEnd(), try sixth.readLines(1))
            guard waitUntil({ server.connectionCount == 5 }) else {
                throw TestFailure("\(server.connectionCount) connections open, not 5")
            }
            return result
        }
        #expect(oldest == ["refused crowded_out"])
        #expect(sixth == ["echo: sixth"])
        await server.shutdown()
    }
}
