/// Limits on connections that have not logged in yet, for a protocol with a
/// login (the delegate calls ``SocketServer/authenticated(_:)`` once a client
/// has proved who it is).
///
/// Without these, clients that never log in can hold every connection slot
/// and lock everyone out. With them:
/// - a connection not logged in within ``timeout`` of being accepted is told
///   ``Refusal/loginTimeout(_:)`` and closed;
/// - connections not logged in hold at most ``unauthenticatedShare`` of
///   ``SocketServerConfiguration/maximumConnections``; the rest is kept for
///   clients that have logged in. When a new connection finds no room, the
///   oldest connection that has still not logged in (and has no request
///   running) is told ``Refusal/crowdedOut`` and closed to make room, so a
///   client that logs in at once gets in even while the server is full of
///   clients that never do.
public struct LoginLimits: Sendable, Hashable {
    /// Time from accept to login; nil for no deadline.
    public var timeout: Duration?
    /// The share (0 to 1) of the connection slots that connections not yet
    /// logged in may hold; at least one slot.
    public var unauthenticatedShare: Double

    public init(timeout: Duration? = .seconds(10), unauthenticatedShare: Double = 0.9) {
        self.timeout = timeout
        self.unauthenticatedShare = unauthenticatedShare
    }

    /// How many of `maximumConnections` slots connections not logged in may hold.
    public func unauthenticatedLimit(of maximumConnections: Int) -> Int {
        let share = unauthenticatedShare.isFinite ? min(max(unauthenticatedShare, 0), 1) : 1
        return min(maximumConnections, max(1, Int((Double(maximumConnections) * share).rounded(.down))))
    }
}
