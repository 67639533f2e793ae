import CRMTestSupport
import CRMTransport
import Foundation
import Glibc
import Synchronization
import Testing

@Suite struct SocketServerTests {
    @Test func echoesOnAUnixSocketAndATCPPortAtOnce() async throws {
        let dir = TempSocketDir()
        let (server, unix, tcp) = try startEchoServer(dir)
        if case .tcp(_, let port) = tcp { #expect(port != 0) } else { Issue.record("expected a TCP address, got \(tcp)") }
        let replies = try await onThread {
            let a = try TestClient(unix)
            let b = try TestClient(tcp)
            try a.send("hello\n")
            try b.send("王芳\r\n")
            return [try a.readLine(), try b.readLine()]
        }
        #expect(replies == ["echo: hello", "echo: 王芳"])
        #expect(server.isRunning)
        await server.shutdown()
        #expect(!server.isRunning)
    }

    @Test func listensOnIPv6Loopback() async throws {
        var configuration = SocketServerConfiguration(listeners: [try ListenAddress(tcp: "[::1]:0")])
        configuration.taskExecutor = ServerThreads.shared
        let server = try SocketServer(configuration: configuration, delegate: EchoDelegate())
        let bound: [ListenAddress]
        do {
            bound = try server.start()
        } catch let error as ListenError where error.code == .invalidAddress || error.errno == EADDRNOTAVAIL {
            return  // no IPv6 loopback on this machine
        }
        guard case .tcp("::1", let port) = bound[0], port != 0 else {
            Issue.record("unexpected bound address \(bound)")
            return
        }
        #expect(bound[0].description == "tcp [::1]:\(port)")
        let reply = try await onThread {
            let c = try TestClient(bound[0])
            try c.send("six\n")
            return try c.readLine()
        }
        #expect(reply == "echo: six")
        await server.shutdown()
    }

    @Test func repliesKeepTheOrderOfRequestsOnEachConnection() async throws {
        let dir = TempSocketDir()
        let (server, unix, tcp) = try startEchoServer(dir)
        let clients = 16
        let perClient = 40
        let ok = try await withThrowingTaskGroup(of: Bool.self) { group in
            for k in 0..<clients {
                group.addTask {
                    try await onThread {
                        let c = try TestClient(k % 2 == 0 ? unix : tcp)
                        // Pipelined, with replies that take different times.
                        var batch = ""
                        for i in 0..<perClient { batch += i % 3 == 0 ? "sleep \(i % 7)\n" : "\(k)-\(i)\n" }
                        try c.send(batch)
                        let lines = try c.readLines(perClient)
                        let expected = (0..<perClient).map { i in i % 3 == 0 ? "slept \(i % 7)" : "echo: \(k)-\(i)" }
                        return lines == expected
                    }
                }
            }
            var all = true
            for try await result in group { all = all && result }
            return all
        }
        #expect(ok)
        await server.shutdown()
    }

    @Test func holdsAThousandConcurrentClients() async throws {
        let dir = TempSocketDir()
        let (server, unix, tcp) = try startEchoServer(dir) { $0.maximumConnectionsPerAddress = nil }
        let count = 1000
        ProcessLimits.raiseOpenFileLimit()
        let (replies, open) = try await onThread {
            var clients: [TestClient] = []
            for i in 0..<count { clients.append(try TestClient(i % 2 == 0 ? unix : tcp)) }
            for (i, c) in clients.enumerated() { try c.send("sleep 5\nn\(i)\n") }
            var good = 0
            for (i, c) in clients.enumerated() where try c.readLines(2) == ["slept 5", "echo: n\(i)"] { good += 1 }
            return (good, server.connectionCount)
        }
        #expect(replies == count)
        #expect(open == count)
        await server.shutdown()
    }

    @Test func aClientThatNeverReadsDoesNotDelayOthers() async throws {
        let dir = TempSocketDir()
        let (server, unix, tcp) = try startEchoServer(dir)
        let reply = try await onThread {
            let stuck = try TestClient(tcp)
            // Ask for far more output than the socket buffers hold, never read it.
            try stuck.send(String(repeating: "big 200000\n", count: 40))
            var replies: [String?] = []
            for _ in 0..<5 {
                let other = try TestClient(unix)
                try other.send("still here\n")
                replies.append(try other.readLine())
            }
            _ = stuck
            return replies
        }
        #expect(reply == Array(repeating: "echo: still here", count: 5))
        await server.shutdown()
    }

    @Test func anOversizedLineGetsAnErrorAndTheConnectionGoesOn() async throws {
        let dir = TempSocketDir()
        let (server, unix, _) = try startEchoServer(dir) { $0.maximumLineBytes = 100 }
        let lines = try await onThread {
            let c = try TestClient(unix)
            try c.send(String(repeating: "a", count: 5000) + "\nafter\n")
            return try c.readLines(2)
        }
        #expect(lines == ["error: line too long (5000 bytes, starts aaa)", "echo: after"])
        await server.shutdown()
    }

    @Test func aHalfClosedClientGetsEveryReplyThenTheConnectionCloses() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, _, tcp) = try startEchoServer(dir, delegate: delegate)
        let lines = try await onThread {
            let c = try TestClient(tcp)
            try c.send("sleep 30\none\nlast without newline")
            c.shutdownWrite()
            return try c.readToEnd()
        }
        #expect(lines == ["slept 30", "echo: one", "echo: last without newline"])
        #expect(await eventually { delegate.disconnected.values.contains(.peerClosed) })
        await server.shutdown()
    }

    /// A reminder pushed because a request named its rep came before that
    /// request's reply (CI, stop 16): a push made while a request runs now
    /// waits for the reply.
    @Test func aPushMadeWhileARequestRunsFollowsItsReply() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, tcp) = try startEchoServer(dir, delegate: delegate)
        delegate.server.withLock { $0 = server }
        let lines = try await onThread {
            let a = try TestClient(unix)
            let b = try TestClient(tcp)
            try a.send("push one\npush two\n")
            try b.send("push three\n")
            return (try a.readLines(4), try b.readLines(2))
        }
        #expect(lines.0 == ["answered: one", "pushed: one", "answered: two", "pushed: two"])
        #expect(lines.1 == ["answered: three", "pushed: three"])
        await server.shutdown()
    }

    @Test func pushesAnUnsolicitedLineToOneConnection() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate)
        let client = try await onThread { () -> Int32 in
            let c = try TestClient(unix)
            try c.send("hi\n")
            _ = try c.readLine()
            return dup(c.fd)
        }
        defer { close(client) }
        let id = try #require(delegate.connected.first)
        #expect(server.isOpen(id))
        #expect(await server.deliver("{\"event\":\"reminder\"}\n", to: id))
        #expect(server.push("second\n", to: id))
        #expect(!server.push("nobody\n", to: ConnectionID(rawValue: 999_999)))
        #expect(await server.deliver("x\n", to: ConnectionID(rawValue: 999_999)) == false)
        let lines = try await onThread {
            var out: [String] = []
            var buffer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1024)
            var tv = timeval(tv_sec: LineClient.hangSeconds, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            while out.count < 2 {
                let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { break }
                buffer += chunk[0..<n]
                while let nl = buffer.firstIndex(of: 0x0A) {
                    out.append(String(decoding: buffer[..<nl], as: UTF8.self))
                    buffer.removeFirst(nl + 1)
                }
            }
            return out
        }
        #expect(lines == ["{\"event\":\"reminder\"}", "second"])
        await server.shutdown()
    }

    @Test func tellsTheDelegateInOrderAndOnlyOnce() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate)
        try await onThread {
            for _ in 0..<3 {
                let c = try TestClient(unix)
                try c.send("x\n")
                _ = try c.readLine()
            }
        }
        #expect(await eventually { delegate.disconnected.count == 3 })
        #expect(Set(delegate.connected) == Set(delegate.disconnected.keys))
        #expect(delegate.connected.count == 3)
        await server.shutdown()
    }

    @Test func theDelegateCanCloseAConnectionAfterItsReply() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate)
        delegate.server.withLock { $0 = server }
        let lines = try await onThread {
            let c = try TestClient(unix)
            try c.send("one\nquit\nnever answered\n")
            return try c.readToEnd()
        }
        #expect(lines == ["echo: one", "bye"])
        #expect(await eventually { delegate.disconnected.values.contains(.closedByServer) })
        delegate.server.withLock { $0 = nil }
        await server.shutdown()
    }
}
