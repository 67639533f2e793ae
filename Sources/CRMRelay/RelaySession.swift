import CRMTransport

/// What the relay layer knows about one connection.
struct RelaySession: Sendable {
    let peer: Peer
    /// Chosen by the first line.
    var mode: RelayMode?
    /// Set once authenticated.
    var grant: TokenGrant?
    /// The token it authenticated with, to close the connection when a reload drops it.
    var token: [UInt8]?
    /// The relay acknowledges reminders (`"acks":true` at login): they are pushed again
    /// until it does. Otherwise a reminder written to the connection counts as delivered.
    var acks = false
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
