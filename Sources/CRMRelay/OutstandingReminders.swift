import CRMTransport
import Synchronization

/// Which reminder events this process pushed and which connections took them,
/// until the relay acknowledges them.
///
/// An event whose every connection closed before its acknowledgement came is
/// *orphaned*: it is pushed again as soon as its rep is present somewhere. An
/// event this process never pushed (pushed before a restart, or by another
/// server on the same database) is pushed again once
/// ``ReminderDispatcher/redeliveryMinutes`` have passed since its last push.
final class OutstandingReminders: Sendable {
    private struct State {
        var connections: [Int64: Set<ConnectionID>] = [:]
        var orphaned: Set<Int64> = []
    }
    private let state = Mutex(State())

    /// Pushed to these connections (which must not be empty).
    func pushed(_ event: Int64, to connections: Set<ConnectionID>) {
        state.withLock {
            $0.connections[event, default: []].formUnion(connections)
            $0.orphaned.remove(event)
        }
    }

    /// Whether a connection of this process holds the event unacknowledged.
    func isHeld(_ event: Int64) -> Bool {
        state.withLock { !($0.connections[event]?.isEmpty ?? true) }
    }

    /// Whether every connection this process pushed the event to has closed.
    func isOrphaned(_ event: Int64) -> Bool {
        state.withLock { $0.orphaned.contains(event) }
    }

    /// Claimed for a push that no connection took (the rep's connections closed in
    /// between): pushed again as soon as the rep is present, not 2 minutes later.
    func notTaken(_ event: Int64) {
        state.withLock {
            if $0.connections[event]?.isEmpty ?? true { $0.orphaned.insert(event) }
        }
    }

    func acknowledged(_ event: Int64) {
        state.withLock {
            $0.connections[event] = nil
            $0.orphaned.remove(event)
        }
    }

    /// The connection closed: its events are orphaned unless another connection holds them.
    func closed(_ connection: ConnectionID) {
        state.withLock { s in
            for (event, holders) in s.connections where holders.contains(connection) {
                var left = holders
                left.remove(connection)
                if left.isEmpty {
                    s.connections[event] = nil
                    s.orphaned.insert(event)
                } else {
                    s.connections[event] = left
                }
            }
        }
    }
}
