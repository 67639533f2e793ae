extension Migration {
    /// `001-initial`: the core tables.
    ///
    /// Conventions: ids are `INTEGER PRIMARY KEY AUTOINCREMENT` (never reused, so an undone
    /// id does not come back for another record); money is integer cents (`*_cents`);
    /// dates are ISO text `YYYY-MM-DD`, moments `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (both sort
    /// correctly as text); enumerations are text with CHECK constraints. Foreign keys
    /// are `ON DELETE RESTRICT`: nothing is deleted except by undo, and undo must fail
    /// rather than silently remove another rep's rows.
    static let initial001 = Migration(
        identifier: "001-initial",
        sql: """
            CREATE TABLE reps (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL COLLATE NOCASE UNIQUE,
                role TEXT NOT NULL DEFAULT 'rep' CHECK (role IN ('rep', 'manager', 'admin')),
                manager_id INTEGER REFERENCES reps(id) ON DELETE SET NULL
            );
            CREATE TABLE customers (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('company', 'person')),
                name TEXT NOT NULL,
                owner_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                industry TEXT,
                region TEXT,
                phone TEXT,
                email TEXT,
                address TEXT,
                title TEXT,
                birthday TEXT,
                stage TEXT NOT NULL DEFAULT 'lead'
                    CHECK (stage IN ('lead', 'prospect', 'customer', 'key', 'won', 'lost')),
                grade TEXT CHECK (grade IN ('A', 'B', 'C')),
                tier_override TEXT CHECK (tier_override IN ('key', 'ordinary', 'small', 'bad')),
                credit_limit_cents INTEGER,
                sales_plan_cents INTEGER,
                expense_budget_cents INTEGER,
                cost_cents INTEGER,
                payday INTEGER CHECK (payday BETWEEN 1 AND 31),
                consumption_rate REAL,
                money TEXT NOT NULL DEFAULT 'unknown' CHECK (money IN ('yes', 'no', 'unknown')),
                authority TEXT NOT NULL DEFAULT 'unknown' CHECK (authority IN ('yes', 'no', 'unknown')),
                need TEXT NOT NULL DEFAULT 'unknown' CHECK (need IN ('yes', 'no', 'unknown')),
                note TEXT,
                created_at TEXT NOT NULL
            );
            CREATE TABLE customer_aliases (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                alias TEXT NOT NULL,
                UNIQUE (customer_id, alias)
            );
            CREATE TABLE contacts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                name TEXT NOT NULL,
                title TEXT,
                style TEXT CHECK (style IN ('popular', 'peaceful', 'powerful', 'analytical')),
                phone TEXT,
                email TEXT,
                birthday TEXT,
                note TEXT
            );
            CREATE TABLE contact_aliases (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE RESTRICT,
                alias TEXT NOT NULL,
                UNIQUE (contact_id, alias)
            );
            CREATE TABLE contact_roles (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE RESTRICT,
                role TEXT NOT NULL
                    CHECK (role IN ('user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper')),
                UNIQUE (contact_id, role)
            );
            CREATE TABLE contact_needs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE RESTRICT,
                need TEXT NOT NULL CHECK (need IN ('performance', 'finance', 'image', 'power', 'achievement',
                    'recognition', 'belonging', 'logic', 'safety')),
                UNIQUE (contact_id, need)
            );
            CREATE TABLE activities (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                contact_id INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                type TEXT NOT NULL
                    CHECK (type IN ('visit', 'call', 'email', 'meeting', 'message', 'gift', 'letter', 'demo')),
                at TEXT NOT NULL,
                note TEXT
            );
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                amount_cents INTEGER NOT NULL,
                quantity INTEGER,
                item TEXT,
                date TEXT NOT NULL
            );
            CREATE TABLE payments (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                amount_cents INTEGER NOT NULL,
                date TEXT NOT NULL
            );
            CREATE TABLE tasks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                what TEXT NOT NULL,
                customer_id INTEGER REFERENCES customers(id) ON DELETE RESTRICT,
                contact_id INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
                due TEXT,
                recurrence TEXT CHECK (recurrence IN ('daily', 'weekly', 'monthly', 'yearly')),
                done_at TEXT,
                created_at TEXT NOT NULL
            );
            CREATE TABLE complaints (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                note TEXT NOT NULL,
                opened_at TEXT NOT NULL,
                acknowledged_at TEXT,
                resolved_at TEXT,
                followed_up_at TEXT,
                resolution TEXT
            );
            CREATE TABLE referrals (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                from_customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                from_contact_id INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
                to_customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                note TEXT,
                date TEXT NOT NULL
            );
            CREATE TABLE objections (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
                contact_id INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                kind TEXT NOT NULL CHECK (kind IN ('busy', 'no_need', 'has_supplier', 'unfamiliar',
                    'think_it_over', 'send_info', 'price')),
                note TEXT,
                date TEXT NOT NULL
            );
            CREATE TABLE change_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                rep_id INTEGER NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                label TEXT NOT NULL,
                undone_at TEXT
            );
            CREATE TABLE change_rows (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                change_id INTEGER NOT NULL REFERENCES change_log(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                table_name TEXT NOT NULL,
                row_id INTEGER NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
                UNIQUE (change_id, seq)
            );
            -- The before image of an updated or deleted row: one row per column. `value` has no
            -- declared type, so SQLite keeps each value exactly as bound (integer, real, text).
            CREATE TABLE change_values (
                change_row_id INTEGER NOT NULL REFERENCES change_rows(id) ON DELETE CASCADE,
                column_name TEXT NOT NULL,
                value,
                PRIMARY KEY (change_row_id, column_name)
            ) WITHOUT ROWID;
            """
    )
}
