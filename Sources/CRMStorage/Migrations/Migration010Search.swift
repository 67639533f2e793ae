extension Migration {
    /// `010-search`: full-text search over what reps type (names, aliases, titles, notes,
    /// complaints, objections), see ``SQLiteStore/search(_:in:limit:)``.
    ///
    /// - `search_pending`: the records whose searchable text may have changed, filled by the
    ///   triggers below — plain SQL, so writes by crmbot, by undo and by any other program
    ///   are all caught.
    /// - `search_docs` + `search_fts`: one document per record, its text cut into search
    ///   terms by crmbot (``SearchTerms``: words, and Chinese as overlapping character pairs
    ///   and single characters, so a two-character name such as 王彤 is found inside a note).
    ///   Pending records are indexed at the end of each crmbot write and before a search.
    static let search010 = Migration(
        identifier: "010-search",
        sql: """
            CREATE TABLE search_pending (
                kind TEXT NOT NULL,
                record_id INTEGER NOT NULL,
                PRIMARY KEY (kind, record_id)
            ) WITHOUT ROWID;
            CREATE TABLE search_docs (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                record_id INTEGER NOT NULL,
                customer_id INTEGER NOT NULL,
                UNIQUE (kind, record_id)
            );
            -- Names (and aliases, titles) apart from other text, so names rank first; each as
            -- terms (words, Chinese character pairs, in order) and single Chinese characters.
            CREATE VIRTUAL TABLE search_fts USING fts5(
                name_terms, name_chars, text_terms, text_chars, tokenize = 'unicode61 remove_diacritics 2');

            CREATE TRIGGER search_customer_insert AFTER INSERT ON customers BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('customer', NEW.id); END;
            CREATE TRIGGER search_customer_update AFTER UPDATE OF name, industry, region, address, title, note
                ON customers BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('customer', NEW.id); END;
            CREATE TRIGGER search_customer_delete AFTER DELETE ON customers BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('customer', OLD.id); END;
            CREATE TRIGGER search_customer_alias_insert AFTER INSERT ON customer_aliases BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('customer', NEW.customer_id); END;
            CREATE TRIGGER search_customer_alias_update AFTER UPDATE ON customer_aliases BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('customer', OLD.customer_id);
                INSERT OR IGNORE INTO search_pending VALUES ('customer', NEW.customer_id); END;
            CREATE TRIGGER search_customer_alias_delete AFTER DELETE ON customer_aliases BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('customer', OLD.customer_id); END;

            CREATE TRIGGER search_contact_insert AFTER INSERT ON contacts BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('contact', NEW.id); END;
            CREATE TRIGGER search_contact_update AFTER UPDATE ON contacts BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('contact', NEW.id); END;
            CREATE TRIGGER search_contact_delete AFTER DELETE ON contacts BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('contact', OLD.id); END;
            CREATE TRIGGER search_contact_alias_insert AFTER INSERT ON contact_aliases BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('contact', NEW.contact_id); END;
            CREATE TRIGGER search_contact_alias_update AFTER UPDATE ON contact_aliases BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('contact', OLD.contact_id);
                INSERT OR IGNORE INTO search_pending VALUES ('contact', NEW.contact_id); END;
            CREATE TRIGGER search_contact_alias_delete AFTER DELETE ON contact_aliases BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('contact', OLD.contact_id); END;

            CREATE TRIGGER search_activity_insert AFTER INSERT ON activities BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('activity', NEW.id); END;
            CREATE TRIGGER search_activity_update AFTER UPDATE ON activities BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('activity', NEW.id); END;
            CREATE TRIGGER search_activity_delete AFTER DELETE ON activities BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('activity', OLD.id); END;

            CREATE TRIGGER search_complaint_insert AFTER INSERT ON complaints BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('complaint', NEW.id); END;
            CREATE TRIGGER search_complaint_update AFTER UPDATE ON complaints BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('complaint', NEW.id); END;
            CREATE TRIGGER search_complaint_delete AFTER DELETE ON complaints BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('complaint', OLD.id); END;

            CREATE TRIGGER search_objection_insert AFTER INSERT ON objections BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('objection', NEW.id); END;
            CREATE TRIGGER search_objection_update AFTER UPDATE ON objections BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('objection', NEW.id); END;
            CREATE TRIGGER search_objection_delete AFTER DELETE ON objections BEGIN
                INSERT OR IGNORE INTO search_pending VALUES ('objection', OLD.id); END;

            INSERT INTO search_pending SELECT 'customer', id FROM customers;
            INSERT INTO search_pending SELECT 'contact', id FROM contacts;
            INSERT INTO search_pending SELECT 'activity', id FROM activities WHERE note IS NOT NULL AND note <> '';
            INSERT INTO search_pending SELECT 'complaint', id FROM complaints;
            INSERT INTO search_pending SELECT 'objection', id FROM objections WHERE note IS NOT NULL AND note <> '';
            """
    )
}
