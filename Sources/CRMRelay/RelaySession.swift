import CRMTransport

/// What the relay layer knows about one connection.
struct RelaySession: Sendable {
    let peer: Peer
    /// Chosen by the first line.
    var mode: RelayMode?
    /// Set once authenticated.
    var grant: TokenGrant?
    /// Wrong tokens so far.
    var failures = 0
    /// Text mode: the rep that messages speak for (`USER`).
    var user: String?

    init(peer: Peer) { self.peer = peer }

    /// The rep a message is for when it names none: the chosen user, or the
    /// token's only rep.
    var defaultUser: String? {
        if let user { return user }
        if let reps = grant?.reps, reps.count == 1 { return reps[0] }
        return nil
    }
}
