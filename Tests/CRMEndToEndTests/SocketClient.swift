import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A blocking socket client for end-to-end tests, with a generous receive
/// timeout (only to prevent hangs, never to assert speed).
final class SocketClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// `address` is `unix:PATH` or `tcp:HOST:PORT`.
    init(_ address: String, timeoutSeconds: Int = 30) throws {
        fd = try Self.connect(address)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    private static func connect(_ address: String) throws -> Int32 {
        if address.hasPrefix("unix:") {
            let path = String(address.dropFirst(5))
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
                throw E2EError("connect \(path): errno \(e)")
            }
            return fd
        }
        let spec = address.hasPrefix("tcp:") ? String(address.dropFirst(4)) : address
        guard let colon = spec.lastIndex(of: ":") else { throw E2EError("bad address \(address)") }
        let host = String(spec[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = String(spec[spec.index(after: colon)...])
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &result) == 0, let info = result else {
            throw E2EError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let e = errno
            close(fd)
            throw E2EError("connect \(host):\(port): errno \(e)")
        }
        return fd
    }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw E2EError("send: errno \(errno)")
            }
            bytes.removeFirst(n)
        }
    }

    /// The next line; nil at end of input or when the server reset the connection.
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
                throw E2EError("recv: errno \(e) (timeout?)")
            }
            buffer += chunk[0..<n]
        }
    }

    func readLines(_ count: Int) throws -> [String] {
        var lines: [String] = []
        for _ in 0..<count {
            guard let line = try readLine() else { throw E2EError("end of input after \(lines) of \(count) lines") }
            lines.append(line)
        }
        return lines
    }

    /// Lines until the first one `stop` accepts (included).
    func readUntil(max: Int = 10_000, _ stop: (String) -> Bool) throws -> [String] {
        var lines: [String] = []
        while lines.count < max {
            guard let line = try readLine() else { throw E2EError("end of input; read so far: \(lines)") }
            lines.append(line)
            if stop(line) { return lines }
        }
        throw E2EError("no expected line within \(max) lines")
    }

    func readToEnd(limit: Int = 100_000) throws -> [String] {
        var lines: [String] = []
        while lines.count < limit, let line = try readLine() { lines.append(line) }
        return lines
    }

    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }
}

/// Runs blocking client code on its own thread (never on the test's cooperative threads).
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
        }
        thread.start()
    }
}
