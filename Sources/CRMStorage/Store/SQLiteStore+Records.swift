import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func logActivity(_ draft: NewActivity, _ ctx: WriteContext) async throws -> Activity {
        try InputLimits.text(draft.note, "note")
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(draft.customerID))
            try db.requireContact(draft.contactID, of: draft.customerID)
            let id = try db.insertReturningID(
                "INSERT INTO activities (customer_id, contact_id, rep_id, type, at, note) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    .integer(draft.customerID.rawValue), SQLValue(draft.contactID?.rawValue), .integer(ctx.repID.rawValue),
                    .text(draft.type.rawValue), .text(draft.at.iso), SQLValue(draft.note),
                ])
            try rec.inserted(.activities, id)
            let r = try db.row("SELECT * FROM activities WHERE id = ?", [.integer(id)])
            return try Activity(row: try found(r, "activity", id))
        }
    }

    public func recordOrder(_ draft: NewOrder, _ ctx: WriteContext) async throws -> Order {
        try InputLimits.money(draft.amount, "amount")
        try InputLimits.text(draft.item, "item")
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(draft.customerID))
            let id = try db.insertReturningID(
                "INSERT INTO orders (customer_id, rep_id, amount_cents, quantity, item, date) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    .integer(draft.customerID.rawValue), .integer(ctx.repID.rawValue), .integer(draft.amount.cents),
                    SQLValue(draft.quantity), SQLValue(draft.item), .text(draft.date.iso),
                ])
            try rec.inserted(.orders, id)
            // Funnel rule (domain §4): an order makes a lead or a prospect a customer, in
            // the same change (undo puts the stage back with the order).
            let customer = try db.requireCustomer(draft.customerID)
            if customer.stage == .lead || customer.stage == .prospect {
                try rec.willUpdate(.customers, draft.customerID.rawValue)
                try db.execute(
                    "UPDATE customers SET stage = 'customer' WHERE id = ?", [.integer(draft.customerID.rawValue)])
                try db.recordStageChange(draft.customerID, from: customer.stage, to: .customer, ctx, rec)
            }
            let r = try db.row("SELECT * FROM orders WHERE id = ?", [.integer(id)])
            return try Order(row: try found(r, "order", id))
        }
    }

    public func recordPayment(_ draft: NewPayment, _ ctx: WriteContext) async throws -> Payment {
        try InputLimits.money(draft.amount, "amount")
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(draft.customerID))
            let id = try db.insertReturningID(
                "INSERT INTO payments (customer_id, rep_id, amount_cents, date) VALUES (?, ?, ?, ?) RETURNING id",
                [
                    .integer(draft.customerID.rawValue), .integer(ctx.repID.rawValue), .integer(draft.amount.cents),
                    .text(draft.date.iso),
                ])
            try rec.inserted(.payments, id)
            let r = try db.row("SELECT * FROM payments WHERE id = ?", [.integer(id)])
            return try Payment(row: try found(r, "payment", id))
        }
    }

    public func logObjection(_ draft: NewObjection, _ ctx: WriteContext) async throws -> Objection {
        try InputLimits.text(draft.note, "note")
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(draft.customerID))
            try db.requireContact(draft.contactID, of: draft.customerID)
            let id = try db.insertReturningID(
                "INSERT INTO objections (customer_id, contact_id, rep_id, kind, note, date) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    .integer(draft.customerID.rawValue), SQLValue(draft.contactID?.rawValue), .integer(ctx.repID.rawValue),
                    .text(draft.kind.rawValue), SQLValue(draft.note), .text(draft.date.iso),
                ])
            try rec.inserted(.objections, id)
            let r = try db.row("SELECT * FROM objections WHERE id = ?", [.integer(id)])
            return try Objection(row: try found(r, "objection", id))
        }
    }

    /// Logs a referral; a `.new` target is created first as a lead owned by the draft's
    /// owner or the writing rep, in the same transaction and the same change-log entry.
    public func logReferral(_ draft: NewReferral, _ ctx: WriteContext) async throws -> (referral: Referral, repeated: Bool) {
        try InputLimits.text(draft.note, "note")
        if case .new(let lead) = draft.to { try Self.validate(lead) }
        if case .named(let name)? = draft.toContact { try InputLimits.name(name, "contact name") }
        return try await writing { db in
            _ = try db.requireCustomer(draft.fromCustomerID)
            try db.requireContact(draft.fromContactID, of: draft.fromCustomerID)
            // What is already on record, read before anything is written.
            var target: CustomerID?
            if case .existing(let id) = draft.to { target = id }
            var person: ContactID?
            switch draft.toContact {
            case .existing(let id)?:
                if let t = target { try db.requireContact(id, of: t) }
                person = id
            case .named(let name)?:
                if let t = target { person = try db.contactNamed(name, at: t) }
            case nil: break
            }
            let personKnown = draft.toContact == nil || person != nil
            if let t = target, personKnown,
                let prior = try db.row(
                    """
                    SELECT * FROM referrals WHERE from_customer_id = ? AND from_contact_id IS ? AND to_customer_id = ?
                    AND to_contact_id IS ? ORDER BY id LIMIT 1
                    """,
                    [
                        .integer(draft.fromCustomerID.rawValue), SQLValue(draft.fromContactID?.rawValue), .integer(t.rawValue),
                        SQLValue(person?.rawValue),
                    ])
            {
                return (try Referral(row: prior), true)
            }
            let rec: ChangeRecorder
            switch draft.to {
            case .existing(let id):
                rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(id))
            case .new(let lead):
                rec = try ChangeRecorder(db, ctx, label: lead.name)
                target = try db.insertCustomer(lead, owner: lead.ownerID ?? ctx.repID, stage: .lead, at: ctx.at, rec)
            }
            guard let to = target else { throw StoreError(.notFound, "The referred customer is missing.", context: "referral") }
            if case .named(let name)? = draft.toContact, person == nil {
                person = try db.insertContact(named: name, at: to, rec)
            }
            let id = try db.insertReturningID(
                """
                INSERT INTO referrals (from_customer_id, from_contact_id, to_customer_id, to_contact_id, rep_id, note, date)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                [
                    .integer(draft.fromCustomerID.rawValue), SQLValue(draft.fromContactID?.rawValue),
                    .integer(to.rawValue), SQLValue(person?.rawValue), .integer(ctx.repID.rawValue), SQLValue(draft.note),
                    .text(draft.date.iso),
                ])
            try rec.inserted(.referrals, id)
            let r = try db.row("SELECT * FROM referrals WHERE id = ?", [.integer(id)])
            return (try Referral(row: try found(r, "referral", id)), false)
        }
    }

    public func activities(by repID: RepID, from: CivilDate, through: CivilDate, limit: Int) async throws -> [Activity] {
        try await reading { db in
            // `at` is ISO text: every moment of `through` sorts before the next day.
            try db.rows(
                "SELECT * FROM activities WHERE rep_id = ? AND at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?",
                [.integer(repID.rawValue), .text(from.iso), .text(through.adding(days: 1).iso), .integer(Int64(limit))]
            ).map(Activity.init(row:))
        }
    }
}
