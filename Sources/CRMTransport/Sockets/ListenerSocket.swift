import CLinuxSockets
import Glibc

/// A bound, listening, non-blocking socket and what it takes to undo it.
struct ListenerSocket: Sendable {
    let fd: Int32
    /// The address as bound (the real port for TCP port 0).
    let address: ListenAddress
    /// For a Unix socket: the file's device and inode, so that shutdown
    /// removes the file only if it is still ours.
    let unixFileIdentity: (dev: UInt64, ino: UInt64)?

    /// Closes the socket and removes a Unix socket file that is still ours.
    func close() {
        _ = Glibc.close(fd)
        if case .unix(let path) = address, let identity = unixFileIdentity {
            var st = stat()
            if lstat(path, &st) == 0, UInt64(st.st_dev) == identity.dev, UInt64(st.st_ino) == identity.ino {
                _ = unlink(path)
            }
        }
    }

    /// Binds and listens on `address`.
    ///
    /// - Parameters:
    ///   - unixMode: permission bits of a Unix socket file (0600 by default).
    ///   - unixGroup: a group to own a Unix socket file, usually with mode 0660.
    ///   - note: told about recoverable events, e.g. a stale socket file removed.
    static func open(
        _ address: ListenAddress, unixMode: mode_t, unixGroup: gid_t?, note: (String) -> Void
    ) throws(ListenError) -> ListenerSocket {
        switch address {
        case .unix(let path): return try openUnix(path, mode: unixMode, group: unixGroup, note: note)
        case .tcp(let host, let port): return try openTCP(host: host, port: port, spec: address.description, http: false)
        case .http(let host, let port): return try openTCP(host: host, port: port, spec: address.description, http: true)
        }
    }

    private static func openUnix(
        _ path: String, mode: mode_t, group: gid_t?, note: (String) -> Void
    ) throws(ListenError) -> ListenerSocket {
        func fail(_ code: ListenError.Code, _ e: Int32?, _ message: String) -> ListenError {
            ListenError(code: code, address: path, errno: e, message: message)
        }
        guard var addr = SocketAddressText.unixAddress(path) else {
            throw fail(.cannotBind, nil, "cannot bind \(path): a Unix socket path must be 1 to 107 bytes without NUL")
        }
        var st = stat()
        if lstat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFSOCK else {
                throw fail(.notASocket, nil, "cannot bind \(path): the path exists and is not a socket; remove it or choose another path")
            }
            // Probe: a live server accepts; a file left by a crash refuses.
            let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard probe >= 0 else { throw fail(.cannotBind, errno, "cannot probe \(path): socket failed: \(ListenError.reason(errno))") }
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            let e = errno
            _ = Glibc.close(probe)
            if rc == 0 || e == EAGAIN {
                throw fail(.alreadyListening, nil, "another crmbot is listening on \(path)")
            }
            switch e {
            case ECONNREFUSED:
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw fail(.cannotBind, errno, "cannot remove the stale socket file \(path): \(ListenError.reason(errno))")
                }
                note("removed a stale socket file \(path) (left by a server that is gone)")
            case ENOENT:
                break
            default:
                throw fail(.cannotBind, e, "cannot bind \(path): connect to the existing socket failed: \(ListenError.reason(e))")
            }
        }
        let fd = socket(AF_UNIX, SocketAddressText.streamFlags, 0)
        guard fd >= 0 else { throw fail(.cannotBind, errno, "cannot bind \(path): socket failed: \(ListenError.reason(errno))") }
        // The file takes the socket inode's mode (less the umask) at bind, so
        // there is no moment when it is more open than asked.
        _ = fchmod(fd, mode)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 {
            let e = errno
            _ = Glibc.close(fd)
            if e == EADDRINUSE { throw fail(.alreadyListening, e, "another crmbot is listening on \(path)") }
            throw fail(.cannotBind, e, "cannot bind \(path): \(ListenError.reason(e))")
        }
        var failure: ListenError?
        if chmod(path, mode) != 0 {
            failure = fail(.cannotBind, errno, "cannot set mode \(String(mode, radix: 8)) on \(path): \(ListenError.reason(errno))")
        } else if let group, chown(path, uid_t.max, group) != 0 {
            failure = fail(.cannotBind, errno, "cannot give \(path) to group \(group): \(ListenError.reason(errno))")
        } else if listen(fd, SOMAXCONN) != 0 {
            failure = fail(.cannotBind, errno, "cannot listen on \(path): \(ListenError.reason(errno))")
        } else if lstat(path, &st) != 0 {
            failure = fail(.cannotBind, errno, "cannot stat \(path) after bind: \(ListenError.reason(errno))")
        }
        if let failure {
            _ = Glibc.close(fd)
            _ = unlink(path)
            throw failure
        }
        return ListenerSocket(fd: fd, address: .unix(path: path), unixFileIdentity: (UInt64(st.st_dev), UInt64(st.st_ino)))
    }

    private static func openTCP(host: String, port: UInt16, spec: String, http: Bool) throws(ListenError) -> ListenerSocket {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let gai = getaddrinfo(host, String(port), &hints, &result)
        guard gai == 0, let info = result else {
            throw ListenError(
                code: .invalidAddress, address: spec, errno: nil,
                message: "cannot resolve the host '\(host)': \(String(cString: gai_strerror(gai)))")
        }
        defer { freeaddrinfo(result) }
        let family = info.pointee.ai_family
        let fd = socket(family, SocketAddressText.streamFlags, 0)
        guard fd >= 0 else {
            throw ListenError(code: .cannotBind, address: spec, errno: errno, message: "cannot listen on \(spec): socket failed: \(ListenError.reason(errno))")
        }
        SocketAddressText.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        if family == AF_INET6 { SocketAddressText.setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) }
        if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let e = errno
            _ = Glibc.close(fd)
            if e == EADDRINUSE {
                throw ListenError(
                    code: .addressInUse, address: spec, errno: e,
                    message: "cannot listen on \(spec): port \(port) on \(host) is in use (EADDRINUSE); stop the other server or choose another port")
            }
            throw ListenError(code: .cannotBind, address: spec, errno: e, message: "cannot listen on \(spec): \(ListenError.reason(e))")
        }
        guard listen(fd, SOMAXCONN) == 0 else {
            let e = errno
            _ = Glibc.close(fd)
            throw ListenError(code: .cannotBind, address: spec, errno: e, message: "cannot listen on \(spec): \(ListenError.reason(e))")
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        let bound = named == 0 ? SocketAddressText.describe(storage) : nil
        let (boundHost, boundPort) = (bound?.host ?? host, bound?.port ?? port)
        return ListenerSocket(
            fd: fd, address: http ? .http(host: boundHost, port: boundPort) : .tcp(host: boundHost, port: boundPort),
            unixFileIdentity: nil)
    }
}
