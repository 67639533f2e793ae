extension Migration {
    /// `004-relays`: the audit log and the reminders already sent. Neither is a
    /// tracked table: undo never removes an audit entry or re-sends a reminder.
    static let relays004 = Migration(
        identifier: "004-relays",
        sql: """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('login', 'login_failed', 'export', 'handover', 'refused')),
                actor TEXT NOT NULL,
                rep_id INTEGER REFERENCES reps(id) ON DELETE SET NULL,
                detail TEXT NOT NULL
            );
            CREATE TABLE reminders_sent (
                task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                due TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (task_id, due)
            );
            """
    )
}
