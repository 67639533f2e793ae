import Foundation
import Glibc

/// Why a test socket operation failed, with the errno when there was one.
public struct SocketTestError: Error, CustomStringConvertible {
    public let description: String
    public let errno: Int32?
    public init(_ description: String, errno: Int32? = nil) {
        self.description = errno.map { "\(description): \(String(cString: strerror($0))) (errno \($0))" } ?? description
        self.errno = errno
    }
}

/// A blocking line-oriented socket client for tests of `crmbot serve` and the
/// socket server, with a generous receive/send timeout (``hangSeconds``: only
/// so that a hang fails a test instead of blocking it, never to assert speed;
/// a loaded machine can take seconds to schedule a reply).
///
/// Not Sendable: one test thread uses it (see ``onThread(_:)``).
public final class LineClient {
    public let fd: Int32
    private var buffer: [UInt8] = []

    /// How long one blocking receive or send may wait before the test fails.
    public static let hangSeconds = 60

    /// Connects to a Unix socket.
    public init(unixPath path: String, timeoutSeconds: Int = hangSeconds) throws {
        // Connect before the object exists: a failed init must not close twice.
        fd = try Self.connectUnix(path)
        Self.setTimeouts(fd, timeoutSeconds)
    }

    /// Connects over TCP (`host` may be `::1` or `[::1]`), from the local
    /// address `source` when given (e.g. `127.0.0.2`, another loopback address).
    public init(host: String, port: UInt16, from source: String? = nil, timeoutSeconds: Int = hangSeconds) throws {
        fd = try Self.connectTCP(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), String(port), from: source)
        Self.setTimeouts(fd, timeoutSeconds)
    }

    /// `unix:PATH`, `tcp:HOST:PORT` or `HOST:PORT`.
    public convenience init(_ address: String, timeoutSeconds: Int = hangSeconds) throws {
        if address.hasPrefix("unix:") {
            try self.init(unixPath: String(address.dropFirst(5)), timeoutSeconds: timeoutSeconds)
            return
        }
        let spec = address.hasPrefix("tcp:") ? String(address.dropFirst(4)) : address
        guard let colon = spec.lastIndex(of: ":"), let port = UInt16(spec[spec.index(after: colon)...]) else {
            throw SocketTestError("bad address \(address)")
        }
        try self.init(host: String(spec[..<colon]), port: port, timeoutSeconds: timeoutSeconds)
    }

    private init(adopting fd: Int32, timeoutSeconds: Int) {
        self.fd = fd
        Self.setTimeouts(fd, timeoutSeconds)
    }

    /// A second client reading the same connection (a `dup` of `fd`).
    public static func reading(_ fd: Int32, timeoutSeconds: Int = hangSeconds) throws -> LineClient {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw SocketTestError("dup", errno: Glibc.errno) }
        return LineClient(adopting: copy, timeoutSeconds: timeoutSeconds)
    }

    deinit { close(fd) }

    private static func setTimeouts(_ fd: Int32, _ seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func connectUnix(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
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
            let e = Glibc.errno
            close(fd)
            throw SocketTestError("connect \(path)", errno: e)
        }
        return fd
    }

    private static func connectTCP(_ host: String, _ port: String, from source: String?) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &result) == 0, let info = result else {
            throw SocketTestError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            guard inet_pton(AF_INET, source, &local.sin_addr) == 1 else {
                close(fd)
                throw SocketTestError("bad source address \(source)")
            }
            let rc = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if rc != 0 {
                let e = Glibc.errno
                close(fd)
                throw SocketTestError("bind \(source)", errno: e)
            }
        }
        if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let e = Glibc.errno
            close(fd)
            throw SocketTestError("connect \(host):\(port)", errno: e)
        }
        return fd
    }

    /// Sends all of `text` (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE).
    public func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Sends all of `bytes`, which need not be UTF-8.
    public func send(bytes all: [UInt8]) throws {
        var bytes = all[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                let e = Glibc.errno
                if e == EINTR { continue }
                throw SocketTestError("send", errno: e)
            }
            bytes = bytes.dropFirst(n)
        }
    }

    /// The next line without its newline; nil at end of input or when the peer reset.
    public func readLine() throws -> String? {
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
                let e = Glibc.errno
                if e == EINTR { continue }
                if e == ECONNRESET { return nil }
                if e == EAGAIN || e == EWOULDBLOCK {
                    throw SocketTestError("no data within the \(Self.hangSeconds) s hang detector; read so far: \(String(decoding: buffer, as: UTF8.self).debugDescription)")
                }
                throw SocketTestError("recv", errno: e)
            }
            buffer += chunk[0..<n]
        }
    }

    /// Exactly `count` bytes (fewer only at end of input).
    public func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            if n < 0 {
                let e = Glibc.errno
                if e == EINTR { continue }
                if e == ECONNRESET { break }
                throw SocketTestError("recv", errno: e)
            }
            buffer += chunk[0..<n]
        }
        let taken = Array(buffer.prefix(count))
        buffer.removeFirst(taken.count)
        return taken
    }

    /// One HTTP response (head and `Content-Length` body); nil at end of input.
    /// Header names are lower-cased.
    public func readHTTPResponse(headOnly: Bool = false) throws -> HTTPTestResponse? {
        guard var statusLine = try readLine() else { return nil }
        if statusLine.hasSuffix("\r") { statusLine.removeLast() }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw SocketTestError("not an HTTP status line: \(statusLine.debugDescription)")
        }
        var headers: [String: String] = [:]
        while var line = try readLine() {
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw SocketTestError("bad header line \(line.debugDescription)") }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = headOnly ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        let body = try readBytes(length)
        return HTTPTestResponse(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    public func readLines(_ count: Int) throws -> [String] {
        var lines: [String] = []
        for _ in 0..<count {
            guard let line = try readLine() else {
                throw SocketTestError("end of input after \(lines.count) of \(count) lines: \(lines)")
            }
            lines.append(line)
        }
        return lines
    }

    /// Lines until the first one `stop` accepts (included).
    public func readUntil(max: Int = 10_000, _ stop: (String) -> Bool) throws -> [String] {
        var lines: [String] = []
        while lines.count < max {
            guard let line = try readLine() else { throw SocketTestError("end of input; read so far: \(lines)") }
            lines.append(line)
            if stop(line) { return lines }
        }
        throw SocketTestError("no expected line within \(max) lines")
    }

    /// Every line until the peer closes.
    public func readToEnd(limit: Int = 100_000) throws -> [String] {
        var lines: [String] = []
        while lines.count < limit, let line = try readLine() { lines.append(line) }
        return lines
    }

    public func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Whether a line, the end of input or an error can be read now or within
    /// `milliseconds` (a poll, not a read).
    public func isReadable(withinMilliseconds milliseconds: Int32) -> Bool {
        if buffer.contains(0x0A) { return true }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, milliseconds) > 0
    }
}

@available(*, unavailable)
extension LineClient: Sendable {}

/// Waits until `condition` holds, checking every few milliseconds; false
/// after `seconds` (a hang detector, not a speed check).
public func eventually(seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

/// Like ``eventually(seconds:_:)`` for a plain thread (inside ``onThread(_:)``).
public func waitUntil(seconds: Double = 60, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        usleep(5_000)
    }
    return true
}

/// Runs blocking client code on its own thread, so that it never holds one of
/// the few cooperative threads a server under test needs.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
        }
        thread.start()
    }
}

/// A fresh directory for socket files, short enough for `sun_path`; removed with its files.
public final class TempSocketDir: Sendable {
    public let path: String
    public init() {
        var template = Array("/tmp/crmsock-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { buffer -> String in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp" }
            return String(cString: made)
        }
    }
    public func file(_ name: String) -> String { "\(path)/\(name)" }
    deinit {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for n in names { _ = unlink("\(path)/\(n)") }
        }
        _ = rmdir(path)
    }
}

/// A response as ``LineClient/readHTTPResponse(headOnly:)`` read it.
public struct HTTPTestResponse: Sendable, CustomStringConvertible {
    public let status: Int
    /// Lower-cased names.
    public let headers: [String: String]
    public let body: String

    public var description: String { "\(status) \(headers) \(body)" }
}

/// An HTTP/1.1 request as bytes on the wire.
public func httpRequest(
    _ method: String, _ target: String, headers: [String: String] = [:], body: String = "", host: String = "crmbot.test"
) -> String {
    var s = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
    for (k, v) in headers.sorted(by: { $0.key < $1.key }) { s += "\(k): \(v)\r\n" }
    if !body.isEmpty || method == "POST" { s += "Content-Length: \(body.utf8.count)\r\n" }
    return s + "\r\n" + body
}
