extension Migration {
    /// `017-repeat-rules`: a task may repeat every two weeks or on the month's last day
    /// (`repeat_rule`; `recurrence` keeps the unit its CHECK allows, so older builds still
    /// read a sensible value), and may stop repeating after a day (`repeat_until`).
    static let repeatRules017 = Migration(
        identifier: "017-repeat-rules",
        sql: """
            ALTER TABLE tasks ADD COLUMN repeat_rule TEXT CHECK (repeat_rule IN ('biweekly', 'month_end'));
            ALTER TABLE tasks ADD COLUMN repeat_until TEXT;
            """
    )
}
