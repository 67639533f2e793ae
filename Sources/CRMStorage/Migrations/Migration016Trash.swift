extension Migration {
    /// `016-trash`: deleted customers wait in `deleted_customers` to be restored (the rows
    /// themselves live on as the before images of the deleting change); the audit log
    /// accepts the kinds `delete`, `restore` and `merge`.
    static let trash016 = Migration(
        identifier: "016-trash",
        sql: """
            CREATE TABLE deleted_customers (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL,
                name TEXT NOT NULL,
                owner_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                deleted_by INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                deleted_at TEXT NOT NULL,
                change_id INTEGER NOT NULL REFERENCES change_log(id) ON DELETE RESTRICT,
                records INTEGER NOT NULL,
                restored_at TEXT
            );
            CREATE INDEX deleted_customers_waiting ON deleted_customers(owner_id, id) WHERE restored_at IS NULL;
            CREATE TABLE audit_log_016 (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN (
                    'login', 'login_failed', 'export', 'handover', 'refused', 'bulk_read', 'delete', 'restore', 'merge')),
                actor TEXT NOT NULL,
                rep_id INTEGER REFERENCES reps(id) ON DELETE SET NULL,
                detail TEXT NOT NULL
            );
            INSERT INTO audit_log_016 (id, at, kind, actor, rep_id, detail)
                SELECT id, at, kind, actor, rep_id, detail FROM audit_log;
            DROP TABLE audit_log;
            ALTER TABLE audit_log_016 RENAME TO audit_log;
            """
    )
}
