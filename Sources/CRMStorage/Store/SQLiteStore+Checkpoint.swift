import CRMDomain

extension SQLiteStore {
    /// Folds the write-ahead log back into the database file and truncates it,
    /// for a clean close at shutdown (`crmbot serve` on SIGTERM). Everything
    /// committed is durable without it; this only leaves a tidy file.
    public func checkpoint() async throws {
        do {
            _ = try await database.withWriter { db in try db.rows("PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw StoreError(mapping: error)
        }
    }
}
