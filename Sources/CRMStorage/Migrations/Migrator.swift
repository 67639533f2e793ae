/// What a file turned out to be when it was checked before use.
enum FileIdentity: Equatable, Sendable {
    /// Empty: no tables yet.
    case fresh
    /// A crmbot database with these migrations applied.
    case crmbot(applied: Set<String>)
    /// An SQLite database of some other program.
    case foreign(reason: String)
}

/// Applies ``Migration``s in order, each in its own IMMEDIATE transaction, recorded in
/// `crmbot_migrations`.
///
/// As GRDB's migrator: `foreign_keys` is turned OFF outside the transaction (the pragma
/// is a no-op inside one), `PRAGMA foreign_key_check` runs before commit, then it is
/// turned back ON.
struct Migrator {
    /// `PRAGMA application_id` of a crmbot file: "CRMB".
    static let applicationID: Int64 = 0x4352_4D42

    var migrations: [Migration] = Migration.all

    /// Reads what the file is without writing anything.
    static func identify(_ db: Connection) throws -> FileIdentity {
        let appID = try db.scalarInt("PRAGMA application_id") ?? 0
        let tables = try db.rows("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n }
            return nil
        }
        if appID != 0 && appID != applicationID {
            return .foreign(reason: "application_id is \(appID)")
        }
        if tables.isEmpty { return .fresh }
        guard tables.contains("crmbot_migrations") else {
            return .foreign(reason: "has \(tables.count) tables but no crmbot_migrations table")
        }
        let applied = try db.rows("SELECT identifier FROM crmbot_migrations").compactMap { r -> String? in
            if case .text(let n) = r[0] { return n }
            return nil
        }
        return .crmbot(applied: Set(applied))
    }

    /// Identifiers this build does not know (the file was written by a newer crmbot).
    func unknown(in applied: Set<String>) -> [String] {
        let known = Set(migrations.map(\.identifier))
        return applied.subtracting(known).sorted()
    }

    /// Migrations not yet applied.
    func pending(given applied: Set<String>) -> [Migration] {
        migrations.filter { !applied.contains($0.identifier) }
    }

    /// Applies every pending migration. Safe against another process migrating at the
    /// same time: each step re-checks inside its IMMEDIATE transaction.
    func migrate(_ db: Connection, at appliedAt: String) throws {
        try db.execute("PRAGMA foreign_keys = OFF")
        defer { try? db.execute("PRAGMA foreign_keys = ON") }
        for migration in migrations {
            try db.transaction(.immediate) { db in
                try db.executeScript(
                    "CREATE TABLE IF NOT EXISTS crmbot_migrations (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                let done = try db.scalarInt(
                    "SELECT COUNT(*) FROM crmbot_migrations WHERE identifier = ?", [.text(migration.identifier)])
                if done ?? 0 > 0 { return }
                try db.executeScript(migration.sql)
                try migration.backfill?(db)
                try db.execute("PRAGMA application_id = \(Self.applicationID)")
                try db.execute(
                    "INSERT INTO crmbot_migrations (identifier, applied_at) VALUES (?, ?)",
                    [.text(migration.identifier), .text(appliedAt)])
                if let violation = try db.row("PRAGMA foreign_key_check") {
                    throw SQLiteError(
                        code: .constraintForeignKey,
                        message: "migration \(migration.identifier) left a foreign key violation in \(violation[0])",
                        sql: "PRAGMA foreign_key_check")
                }
            }
        }
    }
}
