/// Identifies one accepted connection for the lifetime of a ``SocketServer``.
///
/// Identifiers are never reused, so a late reply or push aimed at a
/// connection that has gone away is dropped instead of reaching a newcomer.
public struct ConnectionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: ConnectionID, b: ConnectionID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// Who is at the other end of a connection, and through which listener it came.
public struct Peer: Hashable, Sendable, CustomStringConvertible {
    /// The listener that accepted the connection (e.g. `unix /run/crmbot.sock`).
    public let listener: ListenAddress
    /// The remote address for TCP (`127.0.0.1:51234`), `local` for a Unix socket.
    public let address: String
    /// The peer's user id (Unix sockets, from `SO_PEERCRED`).
    public let userID: UInt32?
    /// The peer's process id (Unix sockets, from `SO_PEERCRED`).
    public let processID: Int32?

    public init(listener: ListenAddress, address: String, userID: UInt32? = nil, processID: Int32? = nil) {
        self.listener = listener
        self.address = address
        self.userID = userID
        self.processID = processID
    }

    public var description: String {
        var s = "\(address) via \(listener)"
        if let userID, let processID { s += " (uid \(userID), pid \(processID))" }
        return s
    }
}
