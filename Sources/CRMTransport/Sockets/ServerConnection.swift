/// The I/O thread's record of one connection. Not Sendable: only the I/O
/// thread of a ``SocketServer`` touches it.
final class ServerConnection {
    /// Work for the delegate, run one item at a time in arrival order.
    enum Work {
        case connected(Peer)
        case frame(InboundFrame)
        case refusal(Refusal, InboundFrame?)
    }

    let id: ConnectionID
    /// The socket, or -1 once closed.
    var fd: Int32
    let peer: Peer
    /// The remote IP of a TCP connection (counted against the per-address
    /// limit); nil for a Unix socket.
    let remoteHost: String?
    let acceptedAt: ContinuousClock.Instant
    /// Logged in (always true when the protocol has no login).
    var authenticated: Bool
    var framer: ConnectionFramer
    /// When the HTTP request now arriving started to arrive (nil between requests).
    var partialSince: ContinuousClock.Instant?
    var pending: [Work] = []
    /// A delegate call for this connection is running.
    var inFlight = false
    /// No more input will be read (end of input, shutdown, or idle timeout).
    var readClosed = false
    /// Why the connection will close once drained, when the server or the
    /// client decided it should end (end of input, shutdown, idle time).
    var ending: DisconnectReason?
    /// `connected` was handed to the delegate, so `disconnected` is owed.
    var announced = false
    /// The connection was refused a request for its rate (logged once).
    var rateLogged = false
    var outbound = OutboundBuffer()
    var bucket: TokenBucket?
    /// When the last complete line arrived or output was last written.
    var lastActivity: ContinuousClock.Instant
    var lastWriteProgress: ContinuousClock.Instant
    /// The epoll events currently registered.
    var registered: UInt32 = 0
    /// Pushes that arrived while a delegate call was running, written right
    /// after its reply so that an unsolicited line never overtakes the reply
    /// to the request that caused it.
    var heldPushes: [(line: String, done: CheckedContinuation<Bool, Never>?)] = []
    /// Pushes waiting to learn they were written: (end offset, continuation).
    var deliveries: [(end: UInt64, done: CheckedContinuation<Bool, Never>)] = []
    /// Why the socket was closed; set once.
    var closeReason: DisconnectReason?

    var isClosed: Bool { fd < 0 }

    init(
        id: ConnectionID, fd: Int32, peer: Peer, remoteHost: String?, authenticated: Bool, maximumLineBytes: Int,
        bucket: TokenBucket?, now: ContinuousClock.Instant
    ) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.remoteHost = remoteHost
        self.authenticated = authenticated
        self.acceptedAt = now
        self.framer = ConnectionFramer(for: peer.listener, maximumLineBytes: maximumLineBytes)
        self.bucket = bucket
        self.lastActivity = now
        self.lastWriteProgress = now
    }

    /// Neither running nor about to run anything for the delegate: may be
    /// closed to make room without losing a request.
    var isIdle: Bool { !isClosed && !inFlight && pending.isEmpty }

    /// Nothing left to do: no input to come, nothing queued, running or unwritten.
    var isDrained: Bool { readClosed && !inFlight && pending.isEmpty && outbound.isEmpty }
}

@available(*, unavailable)
extension ServerConnection: Sendable {}
