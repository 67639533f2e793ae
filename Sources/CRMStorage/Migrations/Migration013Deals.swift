extension Migration {
    /// `013-deals`: opportunities (商机) on customers, with amount, expected close date,
    /// stage and probability, and a monthly quota per rep for the forecast.
    static let deals013 = Migration(
        identifier: "013-deals",
        sql: """
            CREATE TABLE deals (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                title TEXT,
                amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
                close_date TEXT,
                stage TEXT NOT NULL CHECK (stage IN ('qualifying', 'proposal', 'negotiation', 'won', 'lost')),
                probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
                reason TEXT,
                created_at TEXT NOT NULL,
                closed_at TEXT
            );
            CREATE INDEX deals_by_customer ON deals(customer_id);
            CREATE INDEX deals_open_by_close ON deals(close_date) WHERE closed_at IS NULL;
            CREATE INDEX deals_by_closed ON deals(closed_at) WHERE closed_at IS NOT NULL;
            CREATE TABLE quotas (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                month TEXT NOT NULL,
                amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
                UNIQUE (rep_id, month)
            );
            """
    )
}
