/// How a transaction takes its locks.
enum TransactionKind: String, Sendable {
    /// Reads see one snapshot; the write lock is taken on the first write.
    case deferred = "DEFERRED"
    /// Takes the write lock at BEGIN, so a write never fails half-way on a lock upgrade under WAL.
    case immediate = "IMMEDIATE"
    case exclusive = "EXCLUSIVE"
}

extension Connection {
    /// Runs `body` in a transaction: commits when it returns, rolls back and rethrows
    /// the first error when it throws. Nested calls become savepoints.
    func transaction<T>(_ kind: TransactionKind = .immediate, _ body: (Connection) throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body(self)
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
    }

    /// Runs `body` inside a savepoint, rolled back to (and released) on error.
    func savepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        try execute("SAVEPOINT crmbot_savepoint")
        do {
            let result = try body(self)
            try execute("RELEASE SAVEPOINT crmbot_savepoint")
            return result
        } catch {
            try? execute("ROLLBACK TO SAVEPOINT crmbot_savepoint")
            try? execute("RELEASE SAVEPOINT crmbot_savepoint")
            throw error
        }
    }
}
