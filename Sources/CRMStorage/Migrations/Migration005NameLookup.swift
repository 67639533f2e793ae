extension Migration {
    /// `005-name-lookup`: names found through an index instead of reading the whole
    /// directory on every message (see ``SQLiteStore/findParties(named:in:kinds:limit:)``),
    /// and the card's tier from an index instead of the owner's whole book.
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
    /// (name_folded, owner_id) so the scope filter needs no table lookup; by owner and by
    /// customer with the folded name, so the partial and typo passes over a rep's book read
    /// index entries only.
    ///
    /// `customer_stats` gains copies of the customer's `owner_id` and `cost_cents`, kept by
    /// triggers on `customers` (insert, and updates of either column — undo included), and
    /// the covering index `customer_stats_by_owner`: the sums the card's tier needs over
    /// an owner's book (``SQLiteStore/cardFacts(for:_:)``) read ~2,000 adjacent index
    /// entries instead of 2,000 scattered customer and stats rows.
    static let nameLookup005 = Migration(
        identifier: "005-name-lookup",
        sql: """
            ALTER TABLE customers ADD COLUMN name_folded TEXT;
            ALTER TABLE contacts ADD COLUMN name_folded TEXT;
            ALTER TABLE customer_aliases ADD COLUMN name_folded TEXT;
            ALTER TABLE contact_aliases ADD COLUMN name_folded TEXT;
            CREATE INDEX customers_by_folded ON customers(name_folded, owner_id);
            CREATE INDEX contacts_by_folded ON contacts(name_folded, customer_id);
            CREATE INDEX customer_aliases_by_folded ON customer_aliases(name_folded, customer_id);
            CREATE INDEX contact_aliases_by_folded ON contact_aliases(name_folded, contact_id);
            CREATE INDEX customers_by_owner_folded ON customers(owner_id, name_folded);
            CREATE INDEX contacts_by_customer_folded ON contacts(customer_id, name_folded);
            ALTER TABLE customer_stats ADD COLUMN owner_id INTEGER;
            ALTER TABLE customer_stats ADD COLUMN cost_cents INTEGER;
            CREATE TRIGGER customer_stats_owner_insert AFTER INSERT ON customers BEGIN
                INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (NEW.id);
                UPDATE customer_stats SET owner_id = NEW.owner_id, cost_cents = NEW.cost_cents WHERE customer_id = NEW.id;
            END;
            CREATE TRIGGER customer_stats_owner_update AFTER UPDATE OF owner_id, cost_cents ON customers BEGIN
                INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (NEW.id);
                UPDATE customer_stats SET owner_id = NEW.owner_id, cost_cents = NEW.cost_cents WHERE customer_id = NEW.id;
            END;
            INSERT OR IGNORE INTO customer_stats (customer_id) SELECT id FROM customers;
            UPDATE customer_stats SET owner_id = c.owner_id, cost_cents = c.cost_cents
            FROM customers c WHERE c.id = customer_stats.customer_id;
            CREATE INDEX customer_stats_by_owner ON customer_stats(owner_id, window_cents, cost_cents, order_count);
            """,
        backfill: { db in try db.foldMissingNames() }
    )
}
