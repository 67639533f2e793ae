extension Migration {
    /// `015-complaint-steps`: the four steps of a complaint (domain §8) keep what was said
    /// at the acknowledgement and at the follow-up; resolved complaints awaiting their
    /// follow-up are found by index.
    static let complaintSteps015 = Migration(
        identifier: "015-complaint-steps",
        sql: """
            ALTER TABLE complaints ADD COLUMN acknowledgement TEXT;
            ALTER TABLE complaints ADD COLUMN follow_up TEXT;
            -- Complaints resolved before follow-ups were recorded count as followed up at
            -- their resolution: no warning for work nobody could record.
            UPDATE complaints SET followed_up_at = resolved_at WHERE resolved_at IS NOT NULL AND followed_up_at IS NULL;
            CREATE INDEX complaints_awaiting_follow_up ON complaints(resolved_at)
                WHERE resolved_at IS NOT NULL AND followed_up_at IS NULL;
            """
    )
}
