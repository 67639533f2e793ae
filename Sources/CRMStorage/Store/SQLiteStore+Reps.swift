import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func rep(named name: String) async throws -> Rep? {
        try InputLimits.name(name, "rep name")
        return try await reading { db in
            try db.row("SELECT * FROM reps WHERE name = ?", [.text(name)]).map(Rep.init(row:))
        }
    }

    public func rep(id: RepID) async throws -> Rep? {
        try await reading { db in try db.fetchRep(id) }
    }

    /// Race-free: `INSERT … ON CONFLICT DO NOTHING`, then read, in one transaction.
    /// Not a change-log entry (nobody "did" it; it registers who is typing).
    public func ensureRep(named name: String, role: RepRole) async throws -> Rep {
        try InputLimits.repName(name)
        return try await writing { db in
            try db.execute(
                "INSERT INTO reps (name, role) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [.text(name), .text(role.rawValue)])
            let r = try db.row("SELECT * FROM reps WHERE name = ?", [.text(name)])
            return try Rep(row: try found(r, "rep", 0))
        }
    }

    public func addRep(named name: String, role: RepRole, managerID: RepID?, _ ctx: WriteContext) async throws -> Rep {
        try InputLimits.repName(name)
        let result: Result<Rep, StoreError> = await writingResult { db in
            let rec = try ChangeRecorder(db, ctx, label: name)
            let id = try db.insertReturningID(
                "INSERT INTO reps (name, role, manager_id) VALUES (?, ?, ?) RETURNING id",
                [.text(name), .text(role.rawValue), SQLValue(managerID?.rawValue)])
            try rec.inserted(.reps, id)
            return try found(try db.fetchRep(RepID(id)), "rep", id)
        }
        switch result {
        case .success(let rep):
            return rep
        case .failure(let e):
            if e.code == .constraint, e.context.contains("reps.name") {
                throw StoreError(.constraint, "A rep with that name already exists.", context: e.context)
            }
            throw e
        }
    }

    public func reps() async throws -> [Rep] {
        try await reading { db in try db.rows("SELECT * FROM reps ORDER BY id").map(Rep.init(row:)) }
    }

    public func changeRep(_ id: RepID, _ changes: [RepChange], _ ctx: WriteContext) async throws -> Rep {
        try await writing { db in
            let before = try found(try db.fetchRep(id), "rep", id.rawValue)
            let rec = try ChangeRecorder(db, ctx, label: before.name)
            try rec.willUpdate(.reps, id.rawValue)
            for change in changes {
                switch change {
                case .manager(let manager?):
                    guard manager != id else {
                        throw StoreError(.invalid, "A rep cannot be their own manager.", context: "rep id \(id)")
                    }
                    guard let m = try db.fetchRep(manager), m.role != .rep, m.leftAt == nil else {
                        throw StoreError(.invalid, "That rep is not an active manager or admin.", context: "manager id \(manager)")
                    }
                    // No loops: the new manager may not be on the rep's own team, however deep.
                    var up: RepID? = m.managerID
                    var seen: Set<RepID> = [manager]
                    while let next = up, seen.insert(next).inserted {
                        guard next != id else {
                            throw StoreError(.invalid, "That manager reports to this rep.", context: "manager id \(manager)")
                        }
                        up = try db.fetchRep(next)?.managerID
                    }
                    try db.execute("UPDATE reps SET manager_id = ? WHERE id = ?", [.integer(manager.rawValue), .integer(id.rawValue)])
                case .manager(nil):
                    try db.execute("UPDATE reps SET manager_id = NULL WHERE id = ?", [.integer(id.rawValue)])
                case .role(let role):
                    if role == .rep,
                        try db.scalarInt(
                            "SELECT COUNT(*) FROM reps WHERE manager_id = ? AND left_at IS NULL", [.integer(id.rawValue)]) ?? 0 > 0
                    {
                        throw StoreError(.invalid, "That rep still manages a team.", context: "rep id \(id)")
                    }
                    try db.execute("UPDATE reps SET role = ? WHERE id = ?", [.text(role.rawValue), .integer(id.rawValue)])
                case .deactivate:
                    let key: [SQLValue] = [.integer(id.rawValue)]
                    guard try db.scalarInt("SELECT COUNT(*) FROM customers WHERE owner_id = ?", key) ?? 0 == 0 else {
                        throw StoreError(.invalid, "That rep still owns customers.", context: "rep id \(id)")
                    }
                    guard try db.scalarInt(
                        "SELECT COUNT(*) FROM tasks WHERE rep_id = ? AND done_at IS NULL AND cancelled_at IS NULL", key) ?? 0 == 0
                    else {
                        throw StoreError(.invalid, "That rep still has open tasks.", context: "rep id \(id)")
                    }
                    guard try db.scalarInt("SELECT COUNT(*) FROM reps WHERE manager_id = ? AND left_at IS NULL", key) ?? 0 == 0 else {
                        throw StoreError(.invalid, "That rep still manages a team.", context: "rep id \(id)")
                    }
                    try db.execute("UPDATE reps SET left_at = ? WHERE id = ?", [.text(ctx.at.iso)] + key)
                }
            }
            return try found(try db.fetchRep(id), "rep", id.rawValue)
        }
    }

    public func repLoad(_ id: RepID) async throws -> (customers: Int, team: Int, openTasks: Int) {
        try await reading { db in
            let key: [SQLValue] = [.integer(id.rawValue)]
            let customers = try db.scalarInt("SELECT COUNT(*) FROM customers WHERE owner_id = ?", key) ?? 0
            let team = try db.scalarInt("SELECT COUNT(*) FROM reps WHERE manager_id = ? AND left_at IS NULL", key) ?? 0
            let tasks = try db.scalarInt(
                "SELECT COUNT(*) FROM tasks WHERE rep_id = ? AND done_at IS NULL AND cancelled_at IS NULL", key) ?? 0
            return (Int(customers), Int(team), Int(tasks))
        }
    }

    /// A rep sees their own accounts; a manager also those of reps whose manager they
    /// are; an admin everything. The role is taken from `rep` as given.
    public func accessScope(for rep: Rep) async throws -> AccessScope {
        switch rep.role {
        case .admin:
            return .everything
        case .rep:
            return .owners([rep.id])
        case .manager:
            let team = try await reading { db in
                try db.rows("SELECT id FROM reps WHERE manager_id = ?", [.integer(rep.id.rawValue)])
                    .map { RepID(try $0.int64("id")) }
            }
            return .owners(Set(team).union([rep.id]))
        }
    }

    public func recentChanges(by repID: RepID, limit: Int) async throws -> [ChangeEntry] {
        try await reading { db in
            try db.rows(
                """
                SELECT id, rep_id, at, action, label FROM change_log
                WHERE rep_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT ?
                """,
                [.integer(repID.rawValue), .integer(InputLimits.limit(limit))]
            ).map(ChangeEntry.init(row:))
        }
    }
}
