import CRMTransport
import Synchronization

/// Which reps are present on which connections, for pushing reminders.
///
/// A rep is present on a connection once a message for the rep arrived on
/// it, or from login when the connection's token names the rep.
final class Presence: Sendable {
    /// A connection where a rep is present, and how to speak to it.
    struct Target: Sendable, Hashable {
        let connection: ConnectionID
        /// The rep's name as that connection spells it.
        let name: String
        let mode: RelayMode
        /// The connection acknowledges reminders (else one written to it counts as delivered).
        let acknowledges: Bool
    }

    private let table = Mutex<[RepKey: [ConnectionID: Target]]>([:])

    /// Marks `name` present on `connection`; true when it was not present there before.
    @discardableResult
    func add(_ name: String, on connection: ConnectionID, mode: RelayMode, acknowledges: Bool = false) -> Bool {
        let key = RepKey(name)
        return table.withLock { t in
            if t[key]?[connection] != nil { return false }
            t[key, default: [:]][connection] = Target(connection: connection, name: name, mode: mode, acknowledges: acknowledges)
            return true
        }
    }

    func remove(_ connection: ConnectionID) {
        table.withLock { t in
            for key in Array(t.keys) {
                t[key]?[connection] = nil
                if t[key]?.isEmpty == true { t[key] = nil }
            }
        }
    }

    func targets(for name: String) -> [Target] {
        table.withLock { t in t[RepKey(name)].map { Array($0.values) } ?? [] }
    }

    /// One spelling of every present rep's name.
    var names: [String] {
        table.withLock { t in t.values.compactMap { $0.values.first?.name } }
    }
}
