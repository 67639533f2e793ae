extension Migration {
    /// `009-activities-by-rep`: a rep's own activities by time ("what did I do yesterday",
    /// ``SQLiteStore/activities(by:from:through:limit:)``) without reading every activity.
    static let activitiesByRep009 = Migration(
        identifier: "009-activities-by-rep",
        sql: """
            CREATE INDEX activities_by_rep_at ON activities(rep_id, at);
            """
    )
}
