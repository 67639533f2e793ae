extension Migration {
    /// `004-name-lookup`: names found through an index instead of reading the whole
    /// directory on every message (see ``SQLiteStore/findParties(named:in:limit:)``).
    ///
    /// Each name-bearing table gets a `name_folded` column: the name (or alias) folded by
    /// ``TextMatching/fold(_:)`` — ASCII lowercase, full-width to half-width, white space
    /// collapsed, trimmed; Chinese folds to itself. SQLite's NOCASE is ASCII-only and SQL
    /// cannot fold width or spaces, so the column is written by the store's own code on
    /// every insert and rename, restored by undo with the row, and backfilled here from
    /// Swift. Rows written by another program without it (NULL) are folded when a store
    /// next opens the file (``Connection/foldMissingNames()``).
    ///
    /// Indexes: exact and prefix range scans on the folded name; customers' by
    /// (name_folded, owner_id) so the scope filter needs no table lookup.
    static let nameLookup004 = Migration(
        identifier: "004-name-lookup",
        sql: """
            ALTER TABLE customers ADD COLUMN name_folded TEXT;
            ALTER TABLE contacts ADD COLUMN name_folded TEXT;
            ALTER TABLE customer_aliases ADD COLUMN name_folded TEXT;
            ALTER TABLE contact_aliases ADD COLUMN name_folded TEXT;
            CREATE INDEX customers_by_folded ON customers(name_folded, owner_id);
            CREATE INDEX contacts_by_folded ON contacts(name_folded, customer_id);
            CREATE INDEX customer_aliases_by_folded ON customer_aliases(name_folded, customer_id);
            CREATE INDEX contact_aliases_by_folded ON contact_aliases(name_folded, contact_id);
            """,
        backfill: { db in try db.foldMissingNames() }
    )
}
