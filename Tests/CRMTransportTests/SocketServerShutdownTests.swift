import CRMTestSupport
import CRMTransport
import Foundation
import Glibc
import Testing

@Suite struct SocketServerShutdownTests {
    @Test func inFlightWorkFinishesQueuedWorkIsRefusedThenConnectionsClose() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let (server, unix, tcp) = try startEchoServer(dir, delegate: delegate)
        let clientFDs = try await onThread { () -> [Int32] in
            let a = try TestClient(unix)
            let b = try TestClient(tcp)
            try a.send("gate\nqueued\n")
            try b.send("gate\n")
            return [dup(a.fd), dup(b.fd)]
        }
        defer { for fd in clientFDs { close(fd) } }
        #expect(await eventually { delegate.started == 2 })
        server.beginShutdown(grace: .seconds(120))  // a hang detector
        // New clients are turned away once the listeners are closed.
        #expect(await eventually { access(dir.file("s.sock"), F_OK) != 0 })
        delegate.gate.open()
        await server.waitUntilStopped()
        let outputs = try await onThread {
            clientFDs.map { fd -> [String] in
                var tv = timeval(tv_sec: LineClient.hangSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n <= 0 { break }
                    bytes += chunk[0..<n]
                }
                return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
            }
        }
        #expect(outputs[0] == ["gate passed", "refused shutting_down"])
        #expect(outputs[1] == ["gate passed"])
        #expect(delegate.disconnected.count == 2)
        #expect(delegate.disconnected.values.allSatisfy { $0 == .serverShutdown })
        #expect(server.connectionCount == 0)
    }

    @Test func theGracePeriodBoundsAStuckRequest() async throws {
        let dir = TempSocketDir()
        let delegate = EchoDelegate()
        let log = LogBook()
        let (server, unix, _) = try startEchoServer(dir, delegate: delegate, log: log)
        let fd = try await onThread { () -> Int32 in
            let c = try TestClient(unix)
            try c.send("gate\n")
            return dup(c.fd)
        }
        defer { close(fd) }
        #expect(await eventually { delegate.started == 1 })
        await server.shutdown(grace: .milliseconds(100))
        #expect(log.contains("grace period over"))
        delegate.gate.open()
    }

    @Test func shutdownOfAServerNeverStartedReturns() async throws {
        let server = try SocketServer(configuration: .init(listeners: []), delegate: EchoDelegate())
        await server.shutdown()
        #expect(server.listeningAddresses.isEmpty)
    }

    @Test func aSignalTriggersTheShutdownCall() async throws {
        let dir = TempSocketDir()
        let (server, _, _) = try startEchoServer(dir)
        let signals = ShutdownSignals.install([SIGUSR2]) { _ in server.beginShutdown() }
        defer { signals.cancel() }
        kill(getpid(), SIGUSR2)
        await server.waitUntilStopped()
        #expect(access(dir.file("s.sock"), F_OK) != 0)
    }
}
