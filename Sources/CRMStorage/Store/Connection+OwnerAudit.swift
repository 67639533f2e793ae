import CRMDomain
import CRMSupport

extension Connection {
    /// The current owner of each of `customers` that exists.
    func owners(of customers: some Sequence<Int64>) throws -> [Int64: Int64] {
        var owners: [Int64: Int64] = [:]
        for id in Set(customers) {
            if let owner = try scalarInt("SELECT owner_id FROM customers WHERE id = ?", [.integer(id)]) { owners[id] = owner }
        }
        return owners
    }

    /// Audits, like a handover, every customer whose owner is no longer the one in
    /// `before` (domain §13: moving accounts between reps is audited): one entry per
    /// pair of reps, naming the customer when only one moved, inside the caller's
    /// transaction.
    ///
    /// - Parameters:
    ///   - before: customer id → owner id, read before the write.
    ///   - actor: the rep who made the write.
    ///   - cause: a prefix for the detail, e.g. "undo of change #7".
    func auditOwnerMoves(since before: [Int64: Int64], actor: RepID, at: LocalDateTime, cause: String? = nil) throws {
        let after = try owners(of: before.keys)
        var moves: [Pair: [Int64]] = [:]
        for (customer, old) in before {
            guard let new = after[customer], new != old else { continue }
            moves[Pair(from: old, to: new), default: []].append(customer)
        }
        guard !moves.isEmpty else { return }
        let actorName = try repName(actor.rawValue)
        for (pair, customers) in moves.sorted(by: { ($0.key.from, $0.key.to) < ($1.key.from, $1.key.to) }) {
            let what: String
            if customers.count == 1, let id = customers.first {
                let name = try scalarText("SELECT name FROM customers WHERE id = ?", [.integer(id)]) ?? "?"
                what = "\(name) (customer #\(id))"
            } else {
                what = "\(customers.count) customers"
            }
            let detail = [cause, "\(what): owner \(try repName(pair.from)) → \(try repName(pair.to))"]
                .compactMap { $0 }.joined(separator: ": ")
            _ = try insertAudit(
                NewAuditEntry(at: at, kind: .handover, actor: actorName, repID: RepID(pair.from), detail: detail))
        }
    }

    private struct Pair: Hashable {
        var from: Int64
        var to: Int64
    }

    private func repName(_ id: Int64) throws -> String {
        try scalarText("SELECT name FROM reps WHERE id = ?", [.integer(id)]) ?? "rep \(id)"
    }
}
