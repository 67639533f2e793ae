/// Where a ``SocketServer`` listens: a Unix socket path or a TCP host and port.
///
/// After ``SocketServer/start()`` the bound addresses are reported with the
/// real port, so `tcp(host: "127.0.0.1", port: 0)` comes back with the port
/// the kernel chose.
public enum ListenAddress: Hashable, Sendable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: UInt16)
    /// TCP speaking HTTP/1.1 instead of lines (``HTTPFramer``).
    case http(host: String, port: UInt16)

    /// The host used when a TCP address names only a port.
    public static let defaultHost = "127.0.0.1"

    /// Parses a `--tcp` argument: `HOST:PORT`, `[IPv6]:PORT`, `:PORT` or `PORT`
    /// (the last two on ``defaultHost``). Port 0 asks for an ephemeral port.
    public init(tcp spec: String) throws(ListenError) {
        func invalid(_ why: String) -> ListenError {
            ListenError(code: .invalidAddress, address: spec, errno: nil, message: "invalid TCP address '\(spec)': \(why)")
        }
        var host = Self.defaultHost
        var portText = spec
        if spec.hasPrefix("[") {
            guard let close = spec.firstIndex(of: "]") else { throw invalid("missing ']' after an IPv6 address") }
            host = String(spec[spec.index(after: spec.startIndex)..<close])
            let rest = spec[spec.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid("expected ':PORT' after ']'") }
            portText = String(rest.dropFirst())
        } else if let colon = spec.lastIndex(of: ":") {
            let h = String(spec[..<colon])
            if h.contains(":") { throw invalid("put an IPv6 address in brackets, e.g. [::1]:7070") }
            if !h.isEmpty { host = h }
            portText = String(spec[spec.index(after: colon)...])
        }
        guard !host.isEmpty else { throw invalid("empty host") }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), let port = UInt16(portText) else {
            throw invalid("the port must be a number from 0 to 65535")
        }
        self = .tcp(host: host, port: port)
    }

    /// Parses a `--http` argument, as ``init(tcp:)`` does.
    public init(http spec: String) throws(ListenError) {
        guard case .tcp(let host, let port) = try ListenAddress(tcp: spec) else { preconditionFailure("tcp") }
        self = .http(host: host, port: port)
    }

    /// The host and port of a TCP or HTTP address.
    public var hostAndPort: (host: String, port: UInt16)? {
        switch self {
        case .unix: return nil
        case .tcp(let host, let port), .http(let host, let port): return (host, port)
        }
    }

    /// Whether connections here speak HTTP.
    public var isHTTP: Bool {
        if case .http = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix \(path)"
        case .tcp(let host, let port): return host.contains(":") ? "tcp [\(host)]:\(port)" : "tcp \(host):\(port)"
        case .http(let host, let port): return host.contains(":") ? "http [\(host)]:\(port)" : "http \(host):\(port)"
        }
    }
}
