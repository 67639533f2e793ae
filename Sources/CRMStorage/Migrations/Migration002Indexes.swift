extension Migration {
    /// `002-indexes`: lookups by owner, by customer and date, by rep's open tasks, by name.
    static let indexes002 = Migration(
        identifier: "002-indexes",
        sql: """
            CREATE INDEX reps_by_manager ON reps(manager_id);
            CREATE INDEX customers_by_owner ON customers(owner_id);
            CREATE INDEX customers_by_name ON customers(name COLLATE NOCASE);
            CREATE INDEX customer_aliases_by_alias ON customer_aliases(alias COLLATE NOCASE);
            CREATE INDEX contacts_by_customer ON contacts(customer_id);
            CREATE INDEX contacts_by_name ON contacts(name COLLATE NOCASE);
            CREATE INDEX contact_aliases_by_alias ON contact_aliases(alias COLLATE NOCASE);
            CREATE INDEX activities_by_customer_at ON activities(customer_id, at);
            CREATE INDEX activities_by_contact ON activities(contact_id);
            CREATE INDEX orders_by_customer_date ON orders(customer_id, date);
            CREATE INDEX payments_by_customer_date ON payments(customer_id, date);
            CREATE INDEX tasks_by_rep_done_due ON tasks(rep_id, done_at, due);
            CREATE INDEX tasks_by_customer ON tasks(customer_id);
            CREATE INDEX complaints_by_customer ON complaints(customer_id, resolved_at);
            CREATE INDEX referrals_by_from ON referrals(from_customer_id);
            CREATE INDEX referrals_by_to ON referrals(to_customer_id);
            CREATE INDEX objections_by_customer ON objections(customer_id);
            CREATE INDEX change_log_by_rep ON change_log(rep_id, undone_at, id);
            """
    )
}
