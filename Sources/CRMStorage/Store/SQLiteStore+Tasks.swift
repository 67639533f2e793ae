import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func addTask(_ draft: NewTask, _ ctx: WriteContext) async throws -> TaskItem {
        try InputLimits.text(draft.what, "task")
        return try await writing { db in
            let rec = try ChangeRecorder(db, ctx, label: draft.what)
            return try db.insertTask(draft, at: ctx.at, rec)
        }
    }

    public func task(id: TaskID) async throws -> TaskItem? {
        try await reading { db in try db.fetchTask(id) }
    }

    public func openTasks(for repID: RepID, dueBefore: CivilDate?) async throws -> [TaskItem] {
        try await reading { db in
            if let dueBefore {
                // `due` is `YYYY-MM-DD[THH:MM]`: text order is time order, and a day's date
                // sorts after every time of the day before.
                return try db.rows(
                    """
                    SELECT * FROM tasks WHERE rep_id = ? AND done_at IS NULL AND due < ? AND cancelled_at IS NULL
                    ORDER BY due, id
                    """,
                    [.integer(repID.rawValue), .text(dueBefore.iso)]
                ).map(TaskItem.init(row:))
            }
            return try db.rows(
                "SELECT * FROM tasks WHERE rep_id = ? AND done_at IS NULL AND cancelled_at IS NULL ORDER BY due IS NULL, due, id",
                [.integer(repID.rawValue)]
            ).map(TaskItem.init(row:))
        }
    }

    /// A task already done is refused with `.invalid`.
    public func completeTask(_ id: TaskID, next: NewTask?, _ ctx: WriteContext) async throws
        -> (done: TaskItem, next: TaskItem?)
    {
        if let next { try InputLimits.text(next.what, "task") }
        let result: CompletedTask = try await writing { db in
            let before = try found(try db.fetchTask(id), "task", id.rawValue)
            guard before.doneAt == nil else {
                throw StoreError(.invalid, "That task is already done.", context: "task id \(id)")
            }
            let rec = try ChangeRecorder(db, ctx, label: before.what)
            try rec.willUpdate(.tasks, id.rawValue)
            try db.execute("UPDATE tasks SET done_at = ? WHERE id = ?", [.text(ctx.at.iso), .integer(id.rawValue)])
            let done = try found(try db.fetchTask(id), "task", id.rawValue)
            let created = try next.map { try db.insertTask($0, at: ctx.at, rec) }
            return CompletedTask(done: done, next: created)
        }
        return (result.done, result.next)
    }

    public func openTasks(about customer: CustomerID, limit: Int) async throws -> [TaskItem] {
        try await reading { db in
            try db.rows(
                """
                SELECT * FROM tasks WHERE customer_id = ? AND done_at IS NULL AND cancelled_at IS NULL
                ORDER BY due IS NULL, due, id LIMIT ?
                """, [.integer(customer.rawValue), .integer(InputLimits.limit(limit))]
            ).map(TaskItem.init(row:))
        }
    }

    public func changeTask(_ id: TaskID, _ change: TaskChange, _ ctx: WriteContext) async throws -> TaskItem {
        if case .what(let text) = change { try InputLimits.text(text, "task") }
        return try await writing { db in
            let before = try found(try db.fetchTask(id), "task", id.rawValue)
            guard before.isOpen else {
                throw StoreError(
                    .invalid, before.doneAt != nil ? "That task is already done." : "That task is cancelled.",
                    context: "task id \(id)")
            }
            let rec = try ChangeRecorder(db, ctx, label: before.what)
            try rec.willUpdate(.tasks, id.rawValue)
            let sql: String
            let value: SQLValue
            switch change {
            case .what(let text): (sql, value) = ("UPDATE tasks SET what = ? WHERE id = ?", .text(text))
            case .due(let due): (sql, value) = ("UPDATE tasks SET due = ? WHERE id = ?", .text(due.iso))
            case .cancel: (sql, value) = ("UPDATE tasks SET cancelled_at = ? WHERE id = ?", .text(ctx.at.iso))
            case .assign(let rep):
                guard try db.scalarInt("SELECT 1 FROM reps WHERE id = ? AND left_at IS NULL", [.integer(rep.rawValue)]) != nil else {
                    throw StoreError(.invalid, "That rep is not an active rep.", context: "rep id \(rep)")
                }
                (sql, value) = ("UPDATE tasks SET rep_id = ? WHERE id = ?", .integer(rep.rawValue))
            }
            try db.execute(sql, [value, .integer(id.rawValue)])
            return try found(try db.fetchTask(id), "task", id.rawValue)
        }
    }
}

/// A Sendable pair for ``SQLiteStore/completeTask(_:next:_:)`` (tuples cannot cross the queue).
private struct CompletedTask: Sendable {
    var done: TaskItem
    var next: TaskItem?
}
