import CRMTestSupport
import CRMTransport
import Foundation
import Glibc
import Testing

@Suite struct ListenerSocketTests {
    @Test func theUnixSocketFileIsPrivateAndRemovedAtShutdown() async throws {
        let dir = TempSocketDir()
        let (server, unix, _) = try startEchoServer(dir)
        var st = stat()
        #expect(lstat(dir.file("s.sock"), &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(st.st_mode & S_IFMT == S_IFSOCK)
        await server.shutdown()
        #expect(lstat(dir.file("s.sock"), &st) != 0 && errno == ENOENT)
        #expect(throws: SocketTestError.self) { try TestClient(unix) }
    }

    @Test func aConfiguredModeIsApplied() async throws {
        let dir = TempSocketDir()
        let (server, _, _) = try startEchoServer(dir) { $0.unixSocketMode = 0o660 }
        var st = stat()
        #expect(lstat(dir.file("s.sock"), &st) == 0)
        #expect(st.st_mode & 0o777 == 0o660)
        await server.shutdown()
    }

    @Test func aStaleSocketFileIsReplaced() async throws {
        let dir = TempSocketDir()
        let path = dir.file("s.sock")
        // A socket file whose server is gone: bound, then closed without unlink.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(rc == 0)
        close(fd)
        let log = LogBook()
        let (server, unix, _) = try startEchoServer(dir, log: log)
        #expect(log.contains("removed a stale socket file \(path)"))
        let reply = try await onThread {
            let c = try TestClient(unix)
            try c.send("alive\n")
            return try c.readLine()
        }
        #expect(reply == "echo: alive")
        await server.shutdown()
    }

    @Test func aLiveSocketIsNotTakenOver() async throws {
        let dir = TempSocketDir()
        let (first, unix, _) = try startEchoServer(dir)
        let second = try SocketServer(configuration: .init(listeners: [unix]), delegate: EchoDelegate())
        #expect {
            try second.start()
        } throws: { error in
            guard let e = error as? ListenError else { return false }
            return e.code == .alreadyListening && e.message == "another crmbot is listening on \(dir.file("s.sock"))"
        }
        let reply = try await onThread {
            let c = try TestClient(unix)
            try c.send("first\n")
            return try c.readLine()
        }
        #expect(reply == "echo: first")
        await first.shutdown()
    }

    @Test func aPortInUseIsReportedClearly() async throws {
        let dir = TempSocketDir()
        let (first, _, tcp) = try startEchoServer(dir)
        guard case .tcp(_, let port) = tcp else { throw TestFailure("no TCP address") }
        let second = try SocketServer(
            configuration: .init(listeners: [.unix(path: dir.file("other.sock")), tcp]), delegate: EchoDelegate())
        #expect {
            try second.start()
        } throws: { error in
            guard let e = error as? ListenError else { return false }
            return e.code == .addressInUse && e.errno == EADDRINUSE
                && e.message.contains("port \(port) on 127.0.0.1 is in use (EADDRINUSE)")
        }
        // Nothing of the failed start is left behind.
        var st = stat()
        #expect(lstat(dir.file("other.sock"), &st) != 0)
        await first.shutdown()
    }

    @Test func aPathThatIsNotASocketIsLeftAlone() throws {
        let dir = TempSocketDir()
        let path = dir.file("notes.txt")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep me".utf8)))
        let server = try SocketServer(configuration: .init(listeners: [.unix(path: path)]), delegate: EchoDelegate())
        #expect {
            try server.start()
        } throws: { error in
            (error as? ListenError)?.code == .notASocket
        }
        #expect(FileManager.default.contents(atPath: path) == Data("keep me".utf8))
    }

    @Test func aPathThatCannotBeBoundSaysWhy() throws {
        let dir = TempSocketDir()
        let server = try SocketServer(
            configuration: .init(listeners: [.unix(path: dir.file("missing/dir/s.sock"))]), delegate: EchoDelegate())
        #expect {
            try server.start()
        } throws: { error in
            guard let e = error as? ListenError else { return false }
            return e.code == .cannotBind && e.errno == ENOENT && e.message.hasPrefix("cannot bind \(dir.file("missing/dir/s.sock")): ")
        }
        let tooLong = try SocketServer(
            configuration: .init(listeners: [.unix(path: "/tmp/" + String(repeating: "x", count: 200))]),
            delegate: EchoDelegate())
        #expect(throws: ListenError.self) { try tooLong.start() }
    }
}
