import CRMDomain

extension SQLiteStore {
    /// Folds the write-ahead log back into the database file and truncates it,
    /// for a clean close at shutdown (`crmbot serve` on SIGTERM). Everything
    /// committed is durable without it; this only leaves a tidy file.
    public func checkpoint() async throws {
        try await database.checkpoint()
    }
}

extension DatabaseActor {
    /// Runs `PRAGMA wal_checkpoint(TRUNCATE)` outside any transaction.
    func checkpoint() throws {
        do {
            _ = try connection.rows("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            throw StoreError(mapping: error)
        }
    }
}
