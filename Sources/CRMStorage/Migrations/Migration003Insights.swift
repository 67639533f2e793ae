extension Migration {
    /// `003-insights`: what the CRM method's rules read in bulk (issue 3).
    ///
    /// - `customer_stats`: one row per customer with its order, payment and contact
    ///   aggregates (count, first/last order, totals, quantities, the median gap between
    ///   orders, the last activity), kept current by triggers on `orders`, `payments` and
    ///   `activities` (insert, update, delete — so undo keeps it right too). It is derived
    ///   data, never written by the store's own code and not in the change log, so
    ///   "who is at risk" over 100,000 customers is one scan instead of 100,000 subqueries.
    ///   Each trigger recomputes that one customer's figures from its own rows (index
    ///   `orders_by_customer_date_amount`), O(orders of the customer).
    /// - `insight_window` (one row) and `customer_stats.window_cents`: the revenue of each
    ///   customer in the tier window last asked for (default the 12 months to today). The
    ///   store refills it when a query asks for another window (once a day); the order
    ///   triggers keep it current in between.
    /// - `stage_changes`: the funnel history (who moved which customer from which stage to
    ///   which, when) written by the store with each stage change and undone with it.
    /// - Indexes: orders by date (window revenue, this month's orders), activities by
    ///   date (reports), customers by owner and stage (the funnel, covering), open
    ///   complaints, stage changes by date.
    static let insights003 = Migration(
        identifier: "003-insights",
        sql: """
            CREATE TABLE customer_stats (
                customer_id INTEGER PRIMARY KEY,
                order_count INTEGER NOT NULL DEFAULT 0,
                first_order TEXT,
                last_order TEXT,
                ordered_cents INTEGER NOT NULL DEFAULT 0,
                paid_cents INTEGER NOT NULL DEFAULT 0,
                quantity_total INTEGER,
                last_quantity INTEGER,
                last_amount_cents INTEGER,
                median_gap_days REAL,
                last_activity TEXT,
                window_cents INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE insight_window (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                window_start TEXT NOT NULL,
                as_of TEXT NOT NULL
            );
            CREATE TABLE stage_changes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                from_stage TEXT NOT NULL,
                to_stage TEXT NOT NULL,
                at TEXT NOT NULL
            );
            CREATE INDEX stage_changes_by_at ON stage_changes(at, customer_id);
            CREATE INDEX stage_changes_by_customer ON stage_changes(customer_id, at);
            CREATE INDEX orders_by_date ON orders(date, customer_id, amount_cents);
            CREATE INDEX orders_by_customer_date_amount ON orders(customer_id, date, amount_cents);
            CREATE INDEX activities_by_at ON activities(at, rep_id, type);
            CREATE INDEX customers_by_owner_stage ON customers(owner_id, stage, grade, money, authority, need);
            CREATE INDEX customers_by_stage ON customers(stage, grade, money, authority, need);
            CREATE INDEX complaints_open ON complaints(resolved_at, customer_id);
            CREATE TRIGGER customer_stats_customer_insert AFTER INSERT ON customers BEGIN
                INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (NEW.id);
            END;
            CREATE TRIGGER customer_stats_customer_delete AFTER DELETE ON customers BEGIN
                DELETE FROM customer_stats WHERE customer_id = OLD.id;
            END;
            CREATE TRIGGER customer_stats_order_insert AFTER INSERT ON orders BEGIN
                \(refreshOrders("NEW.customer_id"))
            END;
            CREATE TRIGGER customer_stats_order_delete AFTER DELETE ON orders BEGIN
                \(refreshOrders("OLD.customer_id"))
            END;
            CREATE TRIGGER customer_stats_order_update AFTER UPDATE ON orders BEGIN
                \(refreshOrders("OLD.customer_id"))
                \(refreshOrders("NEW.customer_id"))
            END;
            CREATE TRIGGER customer_stats_payment_insert AFTER INSERT ON payments BEGIN
                \(refreshPayments("NEW.customer_id"))
            END;
            CREATE TRIGGER customer_stats_payment_delete AFTER DELETE ON payments BEGIN
                \(refreshPayments("OLD.customer_id"))
            END;
            CREATE TRIGGER customer_stats_payment_update AFTER UPDATE ON payments BEGIN
                \(refreshPayments("OLD.customer_id"))
                \(refreshPayments("NEW.customer_id"))
            END;
            CREATE TRIGGER customer_stats_activity_insert AFTER INSERT ON activities BEGIN
                INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (NEW.customer_id);
                UPDATE customer_stats SET last_activity = NEW.at
                WHERE customer_id = NEW.customer_id AND (last_activity IS NULL OR last_activity < NEW.at);
            END;
            CREATE TRIGGER customer_stats_activity_delete AFTER DELETE ON activities BEGIN
                \(refreshActivities("OLD.customer_id"))
            END;
            CREATE TRIGGER customer_stats_activity_update AFTER UPDATE ON activities BEGIN
                \(refreshActivities("OLD.customer_id"))
                \(refreshActivities("NEW.customer_id"))
            END;
            INSERT INTO customer_stats (customer_id) SELECT id FROM customers;
            UPDATE orders SET customer_id = customer_id;
            UPDATE payments SET customer_id = customer_id;
            UPDATE customer_stats SET
                last_activity = (SELECT MAX(at) FROM activities WHERE customer_id = customer_stats.customer_id);
            """
    )

    /// Recomputes the order figures of the customer `id` (a fixed SQL expression such as
    /// `NEW.customer_id`, never input text). A migration on a file with data backfills by
    /// touching every order and payment (`SET customer_id = customer_id`), which fires these. The median gap is the median of the day gaps
    /// between consecutive orders (by date, then id), NULL below two orders.
    private static func refreshOrders(_ id: String) -> String {
        let orders = "FROM orders WHERE customer_id = \(id)"
        return "INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (\(id));\n" + """
            UPDATE customer_stats SET
                order_count = (SELECT COUNT(*) \(orders)),
                first_order = (SELECT MIN(date) \(orders)),
                last_order = (SELECT MAX(date) \(orders)),
                ordered_cents = (SELECT COALESCE(SUM(amount_cents), 0) \(orders)),
                quantity_total = (SELECT SUM(quantity) \(orders)),
                last_quantity = (SELECT quantity \(orders) ORDER BY date DESC, id DESC LIMIT 1),
                last_amount_cents = (SELECT amount_cents \(orders) ORDER BY date DESC, id DESC LIMIT 1),
                window_cents = (
                    SELECT COALESCE(SUM(o.amount_cents), 0) FROM orders o JOIN insight_window w
                    WHERE o.customer_id = \(id) AND o.date >= w.window_start AND o.date <= w.as_of
                ),
                median_gap_days = (
                    SELECT AVG(gap) FROM (
                        SELECT gap FROM (
                            SELECT julianday(date) - julianday(LAG(date) OVER (ORDER BY date, id)) AS gap \(orders)
                        ) WHERE gap IS NOT NULL ORDER BY gap
                        LIMIT 2 - ((SELECT COUNT(*) \(orders)) - 1) % 2
                        OFFSET ((SELECT COUNT(*) \(orders)) - 2) / 2
                    )
                )
            WHERE customer_id = \(id);
            """
    }

    private static func refreshPayments(_ id: String) -> String {
        "INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (\(id));\n" + """
            UPDATE customer_stats SET
                paid_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE customer_id = \(id))
            WHERE customer_id = \(id);
            """
    }

    private static func refreshActivities(_ id: String) -> String {
        "INSERT OR IGNORE INTO customer_stats (customer_id) VALUES (\(id));\n" + """
            UPDATE customer_stats SET
                last_activity = (SELECT MAX(at) FROM activities WHERE customer_id = \(id))
            WHERE customer_id = \(id);
            """
    }
}
