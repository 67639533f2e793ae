extension Migration {
    /// `014-reps-leaving`: a rep who left is deactivated (kept, with their history), not
    /// deleted. (Teams are read through `reps_by_manager`, from migration 002.)
    static let repsLeaving014 = Migration(
        identifier: "014-reps-leaving",
        sql: """
            ALTER TABLE reps ADD COLUMN left_at TEXT;
            """
    )
}
