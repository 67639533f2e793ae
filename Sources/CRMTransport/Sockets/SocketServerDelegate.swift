/// What a ``SocketServer`` asks of the code that speaks the protocol.
///
/// The server moves lines; the delegate decides what they mean. Calls for one
/// connection are serial and in order — `connected`, then each `received`
/// (one at a time, the next only after the previous returned), then
/// `disconnected` — while different connections are served concurrently.
public protocol SocketServerDelegate: Sendable {
    /// A connection was accepted; returns a greeting to send (already framed) or nil.
    func connected(_ connection: ConnectionID, peer: Peer) async -> String?

    /// One frame of input; returns the reply, already framed (ending in a
    /// newline), or nil to send nothing.
    func received(_ frame: InboundFrame, on connection: ConnectionID) async -> String?

    /// Renders a refusal the server decided on its own (rate, connections,
    /// idle time, shutdown), already framed. Called on the server's I/O
    /// thread: it must be quick and must not block. `frame` is the request
    /// being refused, if there is one.
    func refused(_ refusal: Refusal, frame: InboundFrame?, on connection: ConnectionID) -> String

    /// Renders the refusal of a connection turned away as it arrived (the server
    /// is full), before `connected`; the listener says which protocol it expects.
    /// By default, ``refused(_:frame:on:)``.
    func refused(_ refusal: Refusal, connection: ConnectionID, listener: ListenAddress) -> String

    /// The connection is closed; no more calls for it follow.
    func disconnected(_ connection: ConnectionID, reason: DisconnectReason) async
}

extension SocketServerDelegate {
    public func connected(_ connection: ConnectionID, peer: Peer) async -> String? { nil }
    public func refused(_ refusal: Refusal, frame: InboundFrame?, on connection: ConnectionID) -> String {
        "error: \(refusal.message)\n"
    }
    public func refused(_ refusal: Refusal, connection: ConnectionID, listener: ListenAddress) -> String {
        refused(refusal, frame: nil, on: connection)
    }
    public func disconnected(_ connection: ConnectionID, reason: DisconnectReason) async {}
}

/// A limit the server enforced by itself, answered with an error line.
public enum Refusal: Hashable, Sendable, CustomStringConvertible {
    /// The server already holds its maximum number of connections.
    case tooManyConnections(limit: Int)
    /// The client's address already holds its maximum number of connections.
    case tooManyFromAddress(limit: Int)
    /// The connection did not log in in time; it is closed.
    case loginTimeout(Duration)
    /// The connection had not logged in and was the longest waiting when a
    /// new client needed its slot; it is closed.
    case crowdedOut
    /// The connection sent requests faster than its rate allows.
    case rateLimited(perSecond: Double)
    /// Nothing happened on the connection for too long; it is closed.
    case idleTimeout(Duration)
    /// The server is shutting down; the request was not run.
    case shuttingDown
    /// An HTTP request took longer than this to arrive; the connection is closed.
    case requestTimeout(Duration)

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .tooManyConnections: return "too_many_connections"
        case .tooManyFromAddress: return "too_many_from_address"
        case .loginTimeout: return "login_timeout"
        case .crowdedOut: return "crowded_out"
        case .rateLimited: return "rate_limited"
        case .idleTimeout: return "idle_timeout"
        case .shuttingDown: return "shutting_down"
        case .requestTimeout: return "request_timeout"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .tooManyConnections(let limit):
            return "The server holds its maximum of \(limit) connections; try again later."
        case .tooManyFromAddress(let limit):
            return "Your address already holds the maximum of \(limit) connections; close one or try again later."
        case .loginTimeout(let d):
            return "Closing the connection: no login within \(Self.format(d.seconds)) \(d == .seconds(1) ? "second" : "seconds")."
        case .crowdedOut:
            return "Closing the connection to make room: it had not logged in, and the server is full of "
                + "connections that have not. Log in as soon as you connect."
        case .rateLimited(let rate):
            return "Too many requests: at most \(Self.format(rate)) per second on one connection; this one was not run."
        case .idleTimeout(let d):
            return "Closing the connection after \(Self.format(d.seconds)) seconds without activity."
        case .shuttingDown:
            return "The server is shutting down; this request was not run."
        case .requestTimeout(let d):
            return "Closing the connection: the request did not arrive within \(Self.format(d.seconds)) seconds."
        }
    }

    public var description: String { "\(code): \(message)" }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

/// Why a connection ended.
public enum DisconnectReason: Hashable, Sendable, CustomStringConvertible {
    /// The client closed (after its requests were answered, if it half-closed).
    case peerClosed
    /// Reading or writing failed (e.g. ECONNRESET, EPIPE).
    case ioError(errno: Int32, operation: String)
    /// Idle for longer than the idle timeout.
    case idleTimeout
    /// The client did not read: its pending output passed the limit.
    case outboundOverflow(bytes: Int)
    /// The client did not read: its pending output made no progress for too long.
    case writeStalled(Duration)
    /// Refused because the server was full.
    case tooManyConnections
    /// Not logged in within the login deadline.
    case loginTimeout
    /// Not logged in, and closed to make room for a new connection.
    case crowdedOut
    /// The server shut down.
    case serverShutdown
    /// The delegate asked for it (``SocketServer/disconnect(_:)``), or HTTP's
    /// `Connection: close` or a request that could not be read.
    case closedByServer
    /// An HTTP request took too long to arrive.
    case requestTimeout

    public var description: String {
        switch self {
        case .peerClosed: return "closed by the client"
        case .ioError(let e, let op): return TransportError(errno: e, operation: op).description
        case .idleTimeout: return "idle timeout"
        case .outboundOverflow(let n): return "the client is not reading: over \(n) bytes of output pending"
        case .writeStalled(let d):
            return "the client is not reading: no output accepted for \(Refusal.format(d.seconds)) seconds"
        case .tooManyConnections: return "too many connections"
        case .loginTimeout: return "no login in time"
        case .crowdedOut: return "not logged in; closed to make room for a new connection"
        case .serverShutdown: return "server shutdown"
        case .closedByServer: return "closed by the server"
        case .requestTimeout: return "the request did not arrive in time"
        }
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
