import CRMDomain
import CRMSupport

extension SQLiteStore {
    /// Reads everything on the card in one read transaction (one consistent snapshot).
    public func card(for id: CustomerID, recentLimit: Int) async throws -> CustomerCard? {
        let limit = InputLimits.limit(recentLimit)
        return try await reading { db in
            guard let customer = try db.fetchCustomer(id) else { return nil }
            let key: [SQLValue] = [.integer(id.rawValue)]
            let owner = try found(try db.fetchRep(customer.ownerID), "rep", customer.ownerID.rawValue)
            let contacts = try db.rows("SELECT id FROM contacts WHERE customer_id = ? ORDER BY id", key).map { r in
                try found(try db.fetchContact(try r.id("id")), "contact", try r.int64("id"))
            }
            let activities = try db.rows(
                "SELECT * FROM activities WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?", key + [.integer(limit)]
            ).map(Activity.init(row:))
            let orders = try db.rows(
                "SELECT * FROM orders WHERE customer_id = ? ORDER BY date DESC, id DESC LIMIT ?", key + [.integer(limit)]
            ).map(Order.init(row:))
            let totals = try db.row(
                "SELECT COUNT(*) AS n, COALESCE(SUM(amount_cents), 0) AS total FROM orders WHERE customer_id = ?", key)
            let paid = try db.scalarInt("SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE customer_id = ?", key)
            let tasks = try db.rows(
                "SELECT * FROM tasks WHERE customer_id = ? AND done_at IS NULL AND cancelled_at IS NULL ORDER BY due IS NULL, due, id", key
            ).map(TaskItem.init(row:))
            let complaints = try db.rows(
                "SELECT * FROM complaints WHERE customer_id = ? AND resolved_at IS NULL ORDER BY opened_at, id", key
            ).map(Complaint.init(row:))
            let referredOut = try db.rows(
                "SELECT * FROM referrals WHERE from_customer_id = ? ORDER BY date, id", key
            ).map(Referral.init(row:))
            let referredBy = try db.row(
                "SELECT * FROM referrals WHERE to_customer_id = ? ORDER BY date, id LIMIT 1", key
            ).map(Referral.init(row:))
            return CustomerCard(
                customer: customer, owner: owner, contacts: contacts, recentActivities: activities,
                recentOrders: orders, orderCount: Int(try totals?.int64("n") ?? 0),
                totalOrdered: Money(cents: try totals?.int64("total") ?? 0), totalPaid: Money(cents: paid ?? 0),
                openTasks: tasks, openComplaints: complaints, referredOut: referredOut, referredBy: referredBy)
        }
    }
}
