/// Which connections a ``SocketServer`` lets in: the overall limit, the
/// per-address limit for TCP, and the share of slots that connections not yet
/// logged in may hold (``LoginLimits``).
///
/// Not Sendable: the I/O thread's bookkeeping. It counts; the event loop
/// decides what to close.
struct Admission {
    /// What to do with a new connection.
    enum Verdict: Equatable {
        case admit
        /// Admit once the oldest idle connection not logged in is closed; refuse
        /// with ``Refusal/tooManyConnections(limit:)`` when there is none.
        case makeRoom
        case refuse(Refusal)
    }

    let maximum: Int
    let perAddress: Int?
    /// Nil when the protocol has no login.
    let unauthenticatedLimit: Int?
    private(set) var open = 0
    private(set) var unauthenticated = 0
    private var byAddress: [String: Int] = [:]
    /// Connections not logged in, oldest first; entries that logged in or
    /// closed since are skipped (and dropped) when met.
    private var waiting: [ConnectionID] = []
    private var waitingStart = 0
    private var waitingSet: Set<ConnectionID> = []

    init(_ configuration: SocketServerConfiguration) {
        maximum = configuration.maximumConnections
        perAddress = configuration.maximumConnectionsPerAddress
        unauthenticatedLimit = configuration.login?.unauthenticatedLimit(of: configuration.maximumConnections)
    }

    /// Whether a connection from `host` (nil for a Unix socket) may come in.
    func verdict(host: String?) -> Verdict {
        if let perAddress, let host, byAddress[host, default: 0] >= perAddress {
            return .refuse(.tooManyFromAddress(limit: perAddress))
        }
        let full = open >= maximum
        if let limit = unauthenticatedLimit, full || unauthenticated >= limit {
            return unauthenticated > 0 ? .makeRoom : .refuse(.tooManyConnections(limit: maximum))
        }
        return full ? .refuse(.tooManyConnections(limit: maximum)) : .admit
    }

    /// Whether a new connection counts as logged in from the start.
    var startsAuthenticated: Bool { unauthenticatedLimit == nil }

    mutating func admitted(_ id: ConnectionID, host: String?) {
        open += 1
        if let host { byAddress[host, default: 0] += 1 }
        if !startsAuthenticated {
            unauthenticated += 1
            waiting.append(id)
            waitingSet.insert(id)
        }
    }

    mutating func loggedIn(_ id: ConnectionID) {
        if waitingSet.remove(id) != nil { unauthenticated -= 1 }
    }

    mutating func closed(_ id: ConnectionID, host: String?) {
        open -= 1
        if let host {
            let left = byAddress[host, default: 1] - 1
            byAddress[host] = left > 0 ? left : nil
        }
        if waitingSet.remove(id) != nil { unauthenticated -= 1 }
    }

    /// The oldest connection not logged in that `canClose` accepts.
    mutating func oldestWaiting(where canClose: (ConnectionID) -> Bool) -> ConnectionID? {
        // Drop stale entries at the front, then scan.
        while waitingStart < waiting.count, !waitingSet.contains(waiting[waitingStart]) { waitingStart += 1 }
        if waitingStart > 1024, waitingStart * 2 > waiting.count {
            waiting.removeFirst(waitingStart)
            waitingStart = 0
        }
        for id in waiting[waitingStart...] where waitingSet.contains(id) && canClose(id) { return id }
        return nil
    }
}
