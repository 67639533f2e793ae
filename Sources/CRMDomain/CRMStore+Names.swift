import CRMSupport

/// Defaults for the name lookups over ``CRMStore/directory(in:)``, so a store without
/// indexes (a test double) still conforms. Correct but reads the whole scope: real stores
/// implement them.
extension CRMStore {
    public func findParties(named query: String, in scope: AccessScope, limit: Int) async throws -> [DirectoryEntry] {
        let q = TextMatching.fold(query)
        guard !q.isEmpty, limit > 0 else { return [] }
        let all = try await directory(in: scope)
        func names(_ e: DirectoryEntry) -> [String] { ([e.name] + e.aliases).map { TextMatching.fold($0) } }
        var out: [DirectoryEntry] = []
        for wantCustomers in [true, false] {
            let pool = all.filter { e in
                if case .customer = e.ref { return wantCustomers }
                return !wantCustomers
            }
            var found = pool.filter { names($0).contains(q) }
            if found.isEmpty { found = pool.filter { names($0).contains { NameMatching.isPartial(q, $0) } } }
            if found.isEmpty {
                let scored = pool.compactMap { e in
                    names(e).compactMap { NameMatching.typoDistance(q, $0) }.min().map { (e, $0) }
                }
                let best = scored.map(\.1).min()
                found = scored.filter { $0.1 == best }.map(\.0)
            }
            out += found.prefix(limit)
        }
        return out
    }

    public func directoryEntry(for ref: PartyRef, in scope: AccessScope) async throws -> DirectoryEntry? {
        try await directory(in: scope).first { $0.ref == ref }
    }
}
