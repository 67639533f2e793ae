import CRMDomain
import CRMSupport

/// Correcting and deleting orders and payments: each one recorded change that `undo`
/// reverts (a deleted row comes back with its id); `customer_stats` follows through the
/// triggers of migration 003.
extension SQLiteStore {
    public func order(id: OrderID) async throws -> Order? {
        try await reading { db in
            try db.row("SELECT * FROM orders WHERE id = ?", [.integer(id.rawValue)]).map(Order.init(row:))
        }
    }

    public func payment(id: PaymentID) async throws -> Payment? {
        try await reading { db in
            try db.row("SELECT * FROM payments WHERE id = ?", [.integer(id.rawValue)]).map(Payment.init(row:))
        }
    }

    public func orders(for customerID: CustomerID, limit: Int) async throws -> [Order] {
        try await reading { db in
            try db.rows(
                "SELECT * FROM orders WHERE customer_id = ? ORDER BY date DESC, id DESC LIMIT ?",
                [.integer(customerID.rawValue), .integer(InputLimits.limit(limit))]
            ).map(Order.init(row:))
        }
    }

    public func changeOrder(_ id: OrderID, _ change: MoneyRecordChange, _ ctx: WriteContext) async throws -> Order? {
        try await changeMoneyRecord(.orders, "order", id.rawValue, change, ctx).map(Order.init(row:))
    }

    public func changePayment(_ id: PaymentID, _ change: MoneyRecordChange, _ ctx: WriteContext) async throws -> Payment? {
        try await changeMoneyRecord(.payments, "payment", id.rawValue, change, ctx).map(Payment.init(row:))
    }

    private func changeMoneyRecord(
        _ table: TrackedTable, _ what: String, _ id: Int64, _ change: MoneyRecordChange, _ ctx: WriteContext
    ) async throws -> Row? {
        if case .amount(let m) = change { try InputLimits.money(m, "amount") }
        return try await writing { db in
            let key: [SQLValue] = [.integer(id)]
            let before = try found(try db.row("SELECT customer_id FROM \(table.rawValue) WHERE id = ?", key), what, id)
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(try before.id("customer_id")))
            switch change {
            case .amount(let m):
                try rec.willUpdate(table, id)
                try db.execute("UPDATE \(table.rawValue) SET amount_cents = ? WHERE id = ?", [.integer(m.cents), .integer(id)])
            case .date(let d):
                try rec.willUpdate(table, id)
                try db.execute("UPDATE \(table.rawValue) SET date = ? WHERE id = ?", [.text(d.iso), .integer(id)])
            case .delete:
                try rec.willDelete(table, id)
                try db.execute("DELETE FROM \(table.rawValue) WHERE id = ?", key)
            }
            return try db.row("SELECT * FROM \(table.rawValue) WHERE id = ?", key)
        }
    }
}
