import Glibc

/// Listeners and limits of a ``SocketServer``. Every limit acts on one
/// connection only; the defaults suit a chat relay on a small machine.
public struct SocketServerConfiguration: Sendable {
    /// Where to listen; several Unix and TCP addresses at once.
    public var listeners: [ListenAddress]
    /// Sockets already bound and listening, passed in by systemd
    /// (``SocketActivation``); served beside ``listeners``. Their Unix socket
    /// files belong to whoever made them and are left in place at shutdown.
    public var inherited: [InheritedListener] = []
    /// Longest accepted line in bytes; a longer one reaches the delegate as
    /// ``InboundFrame/tooLong(byteCount:)`` and the connection goes on.
    public var maximumLineBytes = 64 * 1024
    /// Open connections at most; one more is accepted, told
    /// ``Refusal/tooManyConnections(limit:)`` and closed.
    public var maximumConnections = 4096
    /// Open TCP connections from one remote address (one IP, any port) at
    /// most; one more is told ``Refusal/tooManyFromAddress(limit:)`` and
    /// closed. Nil for no limit. Unix-socket clients are not counted: who may
    /// connect there is decided by the socket file's mode.
    public var maximumConnectionsPerAddress: Int? = 64
    /// The login deadline and the slots kept for logged-in clients, for a
    /// protocol with a login; nil when there is none (every connection counts
    /// as logged in from the start).
    public var login: LoginLimits?
    /// Sustained requests per second per connection (token bucket); nil for no limit.
    public var requestsPerSecond: Double? = 50
    /// Requests a connection may send at once before the rate applies.
    public var burst = 100
    /// A connection with nothing in flight that sent no complete line for this
    /// long is told ``Refusal/idleTimeout(_:)`` and closed; nil for no limit.
    /// Only a whole line counts: bytes that never end a line (a byte every few
    /// seconds) do not keep a connection open.
    public var idleTimeout: Duration? = .seconds(600)
    /// An HTTP request must arrive whole within this time from its first byte,
    /// else the client is told ``Refusal/requestTimeout(_:)`` and closed (a
    /// client that trickles a request in, a byte at a time, holds nothing for
    /// long). HTTP listeners only; nil for no limit.
    public var requestTimeout: Duration? = .seconds(30)
    /// Requests read ahead of the one in flight; beyond it the server stops
    /// reading that connection (the client's writes block) until it catches up.
    public var maximumQueuedRequests = 64
    /// Bytes waiting to be written to a connection before the next request is
    /// started; pushes may go on up to ``maximumOutboundBytes``.
    public var outboundHighWater = 256 * 1024
    /// Bytes waiting to be written beyond which the client is disconnected
    /// (it is not reading).
    public var maximumOutboundBytes = 4 * 1024 * 1024
    /// A client whose pending output makes no progress for this long is disconnected.
    public var writeStallTimeout: Duration = .seconds(60)
    /// How long ``SocketServer/shutdown(grace:)`` waits by default for
    /// in-flight requests and their replies before closing connections anyway.
    public var shutdownGrace: Duration = .seconds(10)
    /// Where the delegate's work runs (each call is a task preferring this
    /// executor); nil for Swift's global concurrent executor. A process whose
    /// cooperative pool may be busy with other work for long (a test run
    /// beside CPU-heavy tests) gives the server threads of its own.
    public var taskExecutor: (any TaskExecutor)?
    /// Permission bits of Unix socket files.
    public var unixSocketMode: mode_t = 0o600
    /// A group to own Unix socket files (use with mode 0660); nil keeps ours.
    public var unixSocketGroup: gid_t?

    public init(listeners: [ListenAddress]) {
        self.listeners = listeners
    }
}
