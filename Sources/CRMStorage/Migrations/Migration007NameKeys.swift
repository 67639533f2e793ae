extension Migration {
    /// `007-name-keys`: names across scripts. Each name-bearing table gets `name_key`: the
    /// name (or alias) keyed by ``NameScripts/key(of:)`` — traditional to simplified, Han
    /// characters to toneless pinyin, spaces, case and punctuation dropped — so 陈磊, 陳磊
    /// and "Chen Lei" share the key "chenlei"; found by
    /// ``SQLiteStore/findParties(named:in:kinds:limit:)`` when nothing matches exactly.
    ///
    /// The key depends on the tables the store was opened with (`Intents/names/`), so it
    /// is computed in Swift: written by the store on every insert and rename, backfilled
    /// here with the connection's ``Connection/nameScripts``, and recomputed whenever a
    /// store opens the file with other tables than the ones recorded in `crmbot_name_keys`
    /// (``Connection/refreshNameKeys()``).
    static let nameKeys007 = Migration(
        identifier: "007-name-keys",
        sql: """
            ALTER TABLE customers ADD COLUMN name_key TEXT;
            ALTER TABLE contacts ADD COLUMN name_key TEXT;
            ALTER TABLE customer_aliases ADD COLUMN name_key TEXT;
            ALTER TABLE contact_aliases ADD COLUMN name_key TEXT;
            CREATE INDEX customers_by_key ON customers(name_key, owner_id);
            CREATE INDEX contacts_by_key ON contacts(name_key, customer_id);
            CREATE INDEX customer_aliases_by_key ON customer_aliases(name_key, customer_id);
            CREATE INDEX contact_aliases_by_key ON contact_aliases(name_key, contact_id);
            CREATE TABLE crmbot_name_keys (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                tables TEXT NOT NULL
            );
            """,
        backfill: { db in try db.keyNames(all: true) }
    )
}
