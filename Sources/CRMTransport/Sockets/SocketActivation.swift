import CLinuxSockets
import Glibc

/// A listening socket the process was given already bound (systemd socket
/// activation), and the address it listens on.
public struct InheritedListener: Sendable, Hashable {
    public let fd: Int32
    public let address: ListenAddress

    public init(fd: Int32, address: ListenAddress) {
        self.fd = fd
        self.address = address
    }
}

/// systemd's socket activation (`sd_listen_fds(3)`): the sockets of a
/// `.socket` unit arrive as file descriptors 3, 4, … with `LISTEN_PID`,
/// `LISTEN_FDS` and `LISTEN_FDNAMES` in the environment.
///
/// A TCP socket named `http` (`FileDescriptorName=http` in the unit) speaks
/// HTTP; other TCP sockets and Unix sockets speak the line protocols. The
/// variables are removed once read, so that no child inherits them.
public enum SocketActivation {
    /// Why the inherited sockets cannot be used.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The sockets passed to this process, nil when none were (no `LISTEN_FDS`,
    /// or `LISTEN_PID` names another process).
    public static func listeners(environment: [String: String]) throws(Failure) -> [InheritedListener]? {
        guard let count = environment["LISTEN_FDS"], let pid = environment["LISTEN_PID"] else { return nil }
        guard Int32(pid) == getpid() else { return nil }
        defer {
            for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { unsetenv(name) }
        }
        guard let n = Int(count), n > 0, n < 1024 else {
            throw Failure(description: "LISTEN_FDS is '\(count)', not a number of sockets")
        }
        let names = environment["LISTEN_FDNAMES"].map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) } ?? []
        var found: [InheritedListener] = []
        for i in 0..<n {
            let fd = Int32(3 + i)
            let name = i < names.count ? names[i] : ""
            found.append(try adopt(fd, name: name))
        }
        return found
    }

    /// Checks that `fd` is a listening stream socket and makes it non-blocking and close-on-exec.
    static func adopt(_ fd: Int32, name: String) throws(Failure) -> InheritedListener {
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0, listening != 0 else {
            throw Failure(description: "inherited file descriptor \(fd) (\(name.isEmpty ? "unnamed" : name)) is not a listening socket")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var storage = sockaddr_storage()
        var size = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        guard named == 0 else { throw Failure(description: "inherited file descriptor \(fd): getsockname failed") }
        if Int32(storage.ss_family) == AF_UNIX {
            let path = withUnsafeBytes(of: &storage) { raw -> String in
                let sun = raw.load(as: sockaddr_un.self)
                return withUnsafeBytes(of: sun.sun_path) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            }
            return InheritedListener(fd: fd, address: .unix(path: path))
        }
        guard let (host, port) = SocketAddressText.describe(storage) else {
            throw Failure(description: "inherited file descriptor \(fd) is neither a Unix nor a TCP socket")
        }
        SocketAddressText.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        let http = name.lowercased().hasPrefix("http")
        return InheritedListener(fd: fd, address: http ? .http(host: host, port: port) : .tcp(host: host, port: port))
    }
}
