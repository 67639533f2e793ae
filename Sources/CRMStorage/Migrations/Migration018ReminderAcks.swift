extension Migration {
    /// `018-reminder-acks`: a pushed reminder is an event with an id that a relay
    /// acknowledges (`acked_at`); one not acknowledged is pushed again after the
    /// connection it went to closed. `delivered_at` is its latest push. Reminders sent
    /// before this migration count as acknowledged (they were sent at most once).
    /// The table is rebuilt for an `INTEGER PRIMARY KEY AUTOINCREMENT`: `VACUUM` never
    /// renumbers it, and an id is never given again after its row is deleted (a claim given
    /// back, a task undone), so a relay's "already shown" and a late ack never meet a
    /// different reminder. `deliveries` counts pushes, so that a push again is claimed
    /// (compare and set) by one sweep only.
    static let reminderAcks018 = Migration(
        identifier: "018-reminder-acks",
        sql: """
            CREATE TABLE reminders_sent_018 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                due TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                delivered_at TEXT NOT NULL,
                deliveries INTEGER NOT NULL DEFAULT 1,
                acked_at TEXT,
                UNIQUE (task_id, due)
            );
            INSERT INTO reminders_sent_018 (task_id, due, sent_at, delivered_at, acked_at)
                SELECT task_id, due, sent_at, sent_at, sent_at FROM reminders_sent;
            DROP TABLE reminders_sent;
            ALTER TABLE reminders_sent_018 RENAME TO reminders_sent;
            CREATE INDEX reminders_unacked ON reminders_sent (task_id) WHERE acked_at IS NULL;
            """
    )
}
