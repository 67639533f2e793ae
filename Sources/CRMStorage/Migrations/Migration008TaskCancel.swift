extension Migration {
    /// `008-task-cancel`: a task can be cancelled (`cancelled_at`) — kept, never deleted,
    /// so its history and any reminder already sent stay, and `undo` restores it. Open
    /// tasks are those neither done nor cancelled.
    static let taskCancel008 = Migration(
        identifier: "008-task-cancel",
        sql: """
            ALTER TABLE tasks ADD COLUMN cancelled_at TEXT;
            """
    )
}
