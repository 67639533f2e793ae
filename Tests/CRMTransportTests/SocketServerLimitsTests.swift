import CRMTestSupport
import CRMTransport
import Foundation
import Glibc
import Testing

@Suite struct SocketServerLimitsTests {
    @Test func refusesConnectionsOverTheLimitWithAnErrorLine() async throws {
        let dir = TempSocketDir()
        let log = LogBook()
        let (server, unix, tcp) = try startEchoServer(dir, log: log) { $0.maximumConnections = 2 }
        let (third, first, fourth) = try await onThread { () -> ([String], String?, String?) in
            let a = try TestClient(unix)
            let b = try TestClient(tcp)
            try a.send("a\n")
            try b.send("b\n")
            _ = try a.readLine()
            _ = try b.readLine()
            let c = try TestClient(tcp)
            let refused = try c.readToEnd()
            try a.send("still\n")
            let first = try a.readLine()
            // A place frees up: the next client is served.
            try b.send("bye\n")
            _ = try b.readLine()
            b.shutdownWrite()
            _ = try b.readToEnd()
            guard waitUntil({ server.connectionCount == 1 }) else { throw TestFailure("the close was not seen") }
            let d = try TestClient(unix)
            try d.send("d\n")
            return (refused, first, try d.readLine())
        }
        #expect(third == ["refused too_many_connections"])
        #expect(first == "echo: still")
        #expect(fourth == "echo: d")
        #expect(log.contains("maximum of 2 connections"))
        await server.shutdown()
    }

    @Test func refusesRequestsOverTheRateInOrder() async throws {
        let dir = TempSocketDir()
        let (server, unix, tcp) = try startEchoServer(dir) {
            $0.requestsPerSecond = 0.001
            $0.burst = 3
        }
        let (fast, other) = try await onThread {
            let c = try TestClient(unix)
            try c.send((1...6).map { "r\($0)\n" }.joined())
            let fast = try c.readLines(6)
            let d = try TestClient(tcp)
            try d.send("calm\n")
            return (fast, try d.readLine())
        }
        #expect(fast == ["echo: r1", "echo: r2", "echo: r3"] + Array(repeating: "refused rate_limited", count: 3))
        #expect(other == "echo: calm")
        await server.shutdown()
    }

    @Test func closesAnIdleConnectionWithAnErrorLine() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate) { $0.idleTimeout = .milliseconds(200) }
        let lines = try await onThread {
            // A client descheduled for 200 ms between connecting and sending is
            // rightly timed out before its line: it tries again.
            try retryWhileTimedOutEarly {
                let c = try TestClient(unix)
                try c.send("one\n")
                return try c.readToEnd()
            }
        }
        #expect(lines == ["echo: one", "refused idle_timeout"])
        #expect(await eventually { delegate.disconnected.values.contains(.idleTimeout) })
        await server.shutdown()
    }

    @Test func aBusyConnectionIsNotIdle() async throws {
        let dir = TempSocketDir()
        let (server, unix, _) = try startEchoServer(dir) { $0.idleTimeout = .milliseconds(100) }
        let lines = try await onThread {
            try retryWhileTimedOutEarly {
                let c = try TestClient(unix)
                try c.send("sleep 400\n")
                return try c.readToEnd()
            }
        }
        #expect(lines == ["slept 400", "refused idle_timeout"])
        await server.shutdown()
    }

    @Test func disconnectsAClientWhoseOutputOverflows() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let log = LogBook()
        let (server, unix, tcp) = try startEchoServer(dir, delegate: delegate, log: log) {
            $0.maximumOutboundBytes = 256 * 1024
            $0.outboundHighWater = 64 * 1024
        }
        let stuck = try await onThread { () -> Int32 in
            let c = try TestClient(unix)
            try c.send("hi\n")
            return dup(c.fd)  // keep the socket open, never read again
        }
        defer { close(stuck) }
        #expect(await eventually { !delegate.connected.isEmpty })
        let id = try #require(delegate.connected.first)
        let line = String(repeating: "p", count: 32 * 1024) + "\n"
        var pushes = 0
        while server.push(line, to: id), pushes < 10_000 {
            pushes += 1
            if pushes % 16 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(await eventually { !server.isOpen(id) })
        #expect(await eventually { log.contains("not reading") })
        let other = try await onThread {
            let c = try TestClient(tcp)
            try c.send("fine\n")
            return try c.readLine()
        }
        #expect(other == "echo: fine")
        await server.shutdown()
    }

    @Test func disconnectsAClientWhoseOutputStalls() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let log = LogBook()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate, log: log) {
            $0.writeStallTimeout = .milliseconds(300)
        }
        let stuck = try await onThread { () -> Int32 in
            let c = try TestClient(unix)
            try c.send(String(repeating: "big 1000000\n", count: 4))
            return dup(c.fd)
        }
        defer { close(stuck) }
        #expect(await eventually { delegate.disconnected.values.contains(.writeStalled(.milliseconds(300))) })
        #expect(log.contains("no output accepted"))
        await server.shutdown()
    }
}
