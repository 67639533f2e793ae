extension Migration {
    /// `006-read-guard`: each rep's reads of cards and lists per day, for
    /// flagging unusual bulk reading (domain §13, ``BulkReadRule``), and the
    /// audit kind `bulk_read`.
    ///
    /// `read_counts` is not a tracked table: undo never changes it. One row
    /// per rep and day, keyed for the upsert of each batch of reads and the
    /// range read of the days before; `flagged_at` and `norm` are set once,
    /// when the day is found unusual (so it is flagged once).
    ///
    /// The audit log is rebuilt because its CHECK constraint names the kinds
    /// (SQLite cannot change a constraint in place); the rows are copied as they are.
    static let readGuard006 = Migration(
        identifier: "006-read-guard",
        sql: """
            CREATE TABLE read_counts (
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                reads INTEGER NOT NULL CHECK (reads >= 0),
                flagged_at TEXT,
                norm REAL,
                PRIMARY KEY (rep_id, day)
            ) WITHOUT ROWID;
            CREATE INDEX read_counts_flagged ON read_counts(day) WHERE flagged_at IS NOT NULL;
            CREATE TABLE audit_log_006 (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                kind TEXT NOT NULL
                    CHECK (kind IN ('login', 'login_failed', 'export', 'handover', 'refused', 'bulk_read')),
                actor TEXT NOT NULL,
                rep_id INTEGER REFERENCES reps(id) ON DELETE SET NULL,
                detail TEXT NOT NULL
            );
            INSERT INTO audit_log_006 (id, at, kind, actor, rep_id, detail)
                SELECT id, at, kind, actor, rep_id, detail FROM audit_log;
            DROP TABLE audit_log;
            ALTER TABLE audit_log_006 RENAME TO audit_log;
            """
    )
}
