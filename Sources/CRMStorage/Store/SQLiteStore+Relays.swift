import CRMDomain
import CRMSupport

extension SQLiteStore: CRMRelayStore {
    public func appendAudit(_ entry: NewAuditEntry) async throws -> AuditEntry {
        try InputLimits.text(entry.detail, "audit detail")
        return try await writing { db in try db.insertAudit(entry) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await reading { db in
            try db.rows("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [.integer(InputLimits.limit(limit))])
                .map(AuditEntry.init(row:))
        }
    }

    /// Customers, open tasks and open complaints move; activities, orders and
    /// payments stay attached to their customers, so the successor sees the
    /// full history. Done tasks keep the rep who did them.
    public func handOver(from: RepID, to: RepID, _ ctx: WriteContext) async throws -> HandoverSummary {
        guard from != to else { throw StoreError(.invalid, "A rep cannot hand over to themselves.", context: "handover") }
        return try await writing { db in
            let source = try found(try db.fetchRep(from), "rep", from.rawValue)
            let target = try found(try db.fetchRep(to), "rep", to.rawValue)
            let rec = try ChangeRecorder(db, ctx, label: "\(source.name) → \(target.name)")
            func move(_ table: TrackedTable, _ column: String, _ condition: String) throws -> Int {
                let ids = try db.rows(
                    "SELECT id FROM \(table.rawValue) WHERE \(column) = ? \(condition) ORDER BY id", [.integer(from.rawValue)]
                ).map { try $0.int64("id") }
                for id in ids {
                    try rec.willUpdate(table, id)
                    try db.execute(
                        "UPDATE \(table.rawValue) SET \(column) = ? WHERE id = ?", [.integer(to.rawValue), .integer(id)])
                }
                return ids.count
            }
            let customers = try move(.customers, "owner_id", "")
            let tasks = try move(.tasks, "rep_id", "AND done_at IS NULL AND cancelled_at IS NULL")
            let complaints = try move(.complaints, "rep_id", "AND resolved_at IS NULL")
            let summary = HandoverSummary(from: source, to: target, customers: customers, tasks: tasks, complaints: complaints)
            let actor = try db.fetchRep(ctx.repID)?.name ?? "rep \(ctx.repID)"
            _ = try db.insertAudit(
                NewAuditEntry(
                    at: ctx.at, kind: .handover, actor: actor, repID: from,
                    detail: "\(source.name) → \(target.name): \(customers) customers, \(tasks) open tasks, "
                        + "\(complaints) open complaints"))
            return summary
        }
    }

    public func dueReminders(for repID: RepID, asOf: LocalDateTime) async throws -> [TaskItem] {
        // ISO text compares in time order; a date-only due ("2026-11-24")
        // sorts before any time that day, so it is due from midnight.
        try await reading { db in
            try db.rows(
                """
                SELECT t.* FROM tasks t
                WHERE t.rep_id = ? AND t.done_at IS NULL AND t.cancelled_at IS NULL AND t.due IS NOT NULL AND t.due <= ?
                  AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.task_id = t.id AND r.due = t.due)
                ORDER BY t.due, t.id
                """,
                [.integer(repID.rawValue), .text(asOf.iso)]
            ).map(TaskItem.init(row:))
        }
    }

    public func claimReminder(_ task: TaskItem, at: LocalDateTime) async throws -> Int64? {
        guard let due = task.due else { return nil }
        // Claimed only while the task is still open with that due time: one
        // undone (deleted), done or moved since it was read has nothing to
        // claim, instead of failing the foreign key (or reminding of a task
        // that is finished).
        return try await writing { db in
            try db.execute(
                """
                INSERT INTO reminders_sent (task_id, due, sent_at, delivered_at)
                SELECT id, due, ?1, ?1 FROM tasks WHERE id = ?2 AND due = ?3 AND done_at IS NULL AND cancelled_at IS NULL
                ON CONFLICT DO NOTHING
                """,
                [.text(at.iso), .integer(task.id.rawValue), .text(due.iso)])
            return db.changes == 1 ? db.lastInsertRowID : nil
        }
    }

    public func unacknowledgedReminders(for repID: RepID) async throws -> [PendingReminder] {
        try await reading { db in
            try db.rows(
                """
                SELECT t.*, r.id AS event_id, r.delivered_at AS event_delivered_at, r.deliveries AS event_deliveries
                FROM reminders_sent r
                JOIN tasks t ON t.id = r.task_id
                WHERE r.acked_at IS NULL AND t.rep_id = ? AND t.due = r.due AND t.done_at IS NULL AND t.cancelled_at IS NULL
                ORDER BY r.id
                """,
                [.integer(repID.rawValue)]
            ).map { row in
                PendingReminder(
                    eventID: try row.int64("event_id"), task: try TaskItem(row: row),
                    deliveredAt: try row.localDateTime("event_delivered_at"), deliveries: Int(try row.int64("event_deliveries")))
            }
        }
    }

    public func claimRedelivery(_ eventID: Int64, seen deliveries: Int, at: LocalDateTime) async throws -> Bool {
        try await writing { db in
            try db.execute(
                """
                UPDATE reminders_sent SET delivered_at = ?, deliveries = deliveries + 1
                WHERE id = ? AND deliveries = ? AND acked_at IS NULL
                """,
                [.text(at.iso), .integer(eventID), .integer(Int64(deliveries))])
            return db.changes == 1
        }
    }

    public func reminderEvent(_ eventID: Int64) async throws -> (repName: String, acknowledged: Bool)? {
        try await reading { db in
            try db.rows(
                """
                SELECT p.name AS rep_name, r.acked_at IS NOT NULL AS acked FROM reminders_sent r
                JOIN tasks t ON t.id = r.task_id JOIN reps p ON p.id = t.rep_id WHERE r.id = ?
                """,
                [.integer(eventID)]
            ).first.map { (try $0.string("rep_name"), try $0.int64("acked") != 0) }
        }
    }

    public func acknowledgeReminder(_ eventID: Int64, at: LocalDateTime) async throws {
        try await writing { db in
            try db.execute(
                "UPDATE reminders_sent SET acked_at = ? WHERE id = ? AND acked_at IS NULL", [.text(at.iso), .integer(eventID)])
        }
    }

    public func releaseReminder(_ task: TaskItem) async throws {
        guard let due = task.due else { return }
        try await writing { db in
            try db.execute(
                "DELETE FROM reminders_sent WHERE task_id = ? AND due = ?", [.integer(task.id.rawValue), .text(due.iso)])
        }
    }
}

extension Connection {
    func insertAudit(_ entry: NewAuditEntry) throws -> AuditEntry {
        let id = try insertReturningID(
            "INSERT INTO audit_log (at, kind, actor, rep_id, detail) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [.text(entry.at.iso), .text(entry.kind.rawValue), .text(entry.actor), SQLValue(entry.repID?.rawValue),
                .text(entry.detail)])
        return AuditEntry(
            id: id, at: entry.at, kind: entry.kind, actor: entry.actor, repID: entry.repID, detail: entry.detail)
    }
}

extension AuditEntry {
    init(row: Row) throws {
        self.init(
            id: try row.int64("id"), at: try row.localDateTime("at"), kind: try row.decode(AuditKind.self, "kind"),
            actor: try row.string("actor"), repID: try row.optionalID("rep_id"), detail: try row.string("detail"))
    }
}
