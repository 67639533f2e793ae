import CRMDomain
import CRMSupport
import Synchronization

/// Counts each rep's reads of customer data — cards and lists — in memory and
/// hands them to the store in batches (``CRMStore/recordReads(_:rule:at:)``),
/// so that guarding the database (domain §13) costs a read a dictionary
/// increment, and the store one upsert per rep and day per batch.
///
/// A batch is due once ``interval`` has passed since the last one or
/// ``batchSize`` reads are waiting; ``Bot/flushReads()`` hands over the rest
/// (at the end of a session or a server's life). Counts a failed write could
/// not store are kept for the next batch.
final class ReadCounter: Sendable {
    private struct Key: Hashable {
        let repID: RepID
        let day: CivilDate
    }

    private struct State {
        var pending: [Key: Int] = [:]
        var waiting = 0
        var lastBatch: ContinuousClock.Instant
    }

    /// The intents whose successful replies show customer cards (`customer.show`,
    /// `loyalty.show`) or lists of customers.
    static let countedIntents: Set<String> = [
        "customer.show", "customer.history", "search", "order.list", "contact.list", "loyalty.show", "customer.list", "risk.list", "reorder.due", "tier.list", "birthday.list",
    ]

    let interval: Duration
    let batchSize: Int
    private let state: Mutex<State>

    init(interval: Duration, batchSize: Int) {
        self.interval = interval
        self.batchSize = batchSize
        self.state = Mutex(State(lastBatch: .now))
    }

    /// Counts one read; true when a batch is due.
    func count(_ repID: RepID, on day: CivilDate) -> Bool {
        state.withLock { s in
            s.pending[Key(repID: repID, day: day), default: 0] += 1
            s.waiting += 1
            return s.waiting >= batchSize || ContinuousClock.now - s.lastBatch >= interval
        }
    }

    /// Takes every waiting count (empty when none).
    func take() -> [ReadCount] {
        state.withLock { s in
            s.lastBatch = .now
            s.waiting = 0
            defer { s.pending = [:] }
            return s.pending.map { ReadCount(repID: $0.key.repID, day: $0.key.day, reads: $0.value) }
        }
    }

    /// Gives counts back (their write failed), to go with the next batch.
    func putBack(_ counts: [ReadCount]) {
        state.withLock { s in
            for c in counts {
                s.pending[Key(repID: c.repID, day: c.day), default: 0] += c.reads
                s.waiting += c.reads
            }
        }
    }
}
