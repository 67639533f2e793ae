extension Migration {
    /// `012-referred-contacts`: a referral may name the person referred at the company
    /// ("Wang Tong referred Kevin Wu of Sunrise Dental"), and the same referral said twice
    /// is found by its parties.
    static let referredContacts012 = Migration(
        identifier: "012-referred-contacts",
        sql: """
            ALTER TABLE referrals ADD COLUMN to_contact_id INTEGER REFERENCES contacts(id) ON DELETE RESTRICT;
            CREATE INDEX referrals_by_parties ON referrals(from_customer_id, to_customer_id);
            CREATE INDEX referrals_by_to_contact ON referrals(to_contact_id) WHERE to_contact_id IS NOT NULL;
            """
    )
}
