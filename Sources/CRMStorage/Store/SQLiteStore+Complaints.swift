import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func openComplaint(_ draft: NewComplaint, _ ctx: WriteContext) async throws -> Complaint {
        try InputLimits.text(draft.note, "complaint")
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(draft.customerID))
            let id = try db.insertReturningID(
                "INSERT INTO complaints (customer_id, rep_id, note, opened_at) VALUES (?, ?, ?, ?) RETURNING id",
                [.integer(draft.customerID.rawValue), .integer(ctx.repID.rawValue), .text(draft.note), .text(ctx.at.iso)])
            try rec.inserted(.complaints, id)
            return try found(try db.fetchComplaint(ComplaintID(id)), "complaint", id)
        }
    }

    public func acknowledgeComplaint(_ id: ComplaintID, note: String?, _ ctx: WriteContext) async throws -> Complaint {
        try InputLimits.text(note, "acknowledgement")
        return try await step(id, ctx, refuse: { k in
            k.resolvedAt != nil ? "That complaint is already resolved." : k.acknowledgedAt != nil ? "That complaint is already acknowledged." : nil
        }, sql: "UPDATE complaints SET acknowledged_at = ?1, acknowledgement = ?2 WHERE id = ?3", note: note)
    }

    public func followUpComplaint(_ id: ComplaintID, note: String?, _ ctx: WriteContext) async throws -> Complaint {
        try InputLimits.text(note, "follow-up")
        return try await step(id, ctx, refuse: { k in
            k.resolvedAt == nil ? "That complaint is not resolved yet." : k.followedUpAt != nil ? "That complaint was already followed up." : nil
        }, sql: "UPDATE complaints SET followed_up_at = ?1, follow_up = ?2 WHERE id = ?3", note: note)
    }

    /// One step of a complaint, in one recorded change; `refuse` says why the step does not apply.
    private func step(
        _ id: ComplaintID, _ ctx: WriteContext, refuse: @escaping @Sendable (Complaint) -> String?, sql: String, note: String?
    ) async throws -> Complaint {
        try await writing { db in
            let before = try found(try db.fetchComplaint(id), "complaint", id.rawValue)
            if let why = refuse(before) { throw StoreError(.invalid, why, context: "complaint id \(id)") }
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(before.customerID))
            try rec.willUpdate(.complaints, id.rawValue)
            try db.execute(sql, [.text(ctx.at.iso), SQLValue(note), .integer(id.rawValue)])
            return try found(try db.fetchComplaint(id), "complaint", id.rawValue)
        }
    }

    public func complaint(id: ComplaintID) async throws -> Complaint? {
        try await reading { db in try db.fetchComplaint(id) }
    }

    /// Resolves at `ctx.at`, acknowledging at the same moment when that step was skipped.
    /// A complaint already resolved is refused with `.invalid`.
    public func resolveComplaint(_ id: ComplaintID, resolution: String?, _ ctx: WriteContext) async throws -> Complaint {
        try InputLimits.text(resolution, "resolution")
        return try await writing { db in
            let before = try found(try db.fetchComplaint(id), "complaint", id.rawValue)
            guard before.resolvedAt == nil else {
                throw StoreError(.invalid, "That complaint is already resolved.", context: "complaint id \(id)")
            }
            let rec = try ChangeRecorder(db, ctx, label: try db.customerLabel(before.customerID))
            try rec.willUpdate(.complaints, id.rawValue)
            try db.execute(
                """
                UPDATE complaints SET acknowledged_at = COALESCE(acknowledged_at, ?1), resolved_at = ?1, resolution = ?2
                WHERE id = ?3
                """, [.text(ctx.at.iso), SQLValue(resolution), .integer(id.rawValue)])
            return try found(try db.fetchComplaint(id), "complaint", id.rawValue)
        }
    }
}
