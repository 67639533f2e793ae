extension Migration {
    /// `011-request-keys`: safe retries. A request may carry a key; the writes it makes are
    /// marked with it in the change log, in their own transactions, and its reply is kept
    /// for a day, so a relay that retries after a lost reply gets the first reply back and
    /// nothing is written twice.
    static let requestKeys011 = Migration(
        identifier: "011-request-keys",
        sql: """
            ALTER TABLE change_log ADD COLUMN request_key TEXT;
            ALTER TABLE change_log ADD COLUMN request_attempt TEXT;
            ALTER TABLE change_log ADD COLUMN undone_by_key TEXT;
            CREATE INDEX change_log_by_request ON change_log(rep_id, request_key) WHERE request_key IS NOT NULL;
            CREATE INDEX change_log_by_undo_request ON change_log(rep_id, undone_by_key) WHERE undone_by_key IS NOT NULL;
            CREATE TABLE request_replies (
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                at TEXT NOT NULL,
                reply TEXT NOT NULL,
                PRIMARY KEY (rep_id, key)
            ) WITHOUT ROWID;
            CREATE INDEX request_replies_by_time ON request_replies(at);
            """
    )
}
