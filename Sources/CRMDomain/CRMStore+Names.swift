import CRMSupport

/// Defaults for the name lookups over ``CRMStore/directory(in:)``, so a store without
/// indexes (a test double) still conforms. Correct but reads the whole scope: real stores
/// implement them.
extension CRMStore {
    /// No tables: the key tier still matches latin names regardless of spaces and case.
    public var nameScripts: NameScripts { .empty }

    /// Any kind of party (`kinds: .any`).
    public func findParties(named query: String, in scope: AccessScope, limit: Int) async throws -> [DirectoryEntry] {
        try await findParties(named: query, in: scope, kinds: .any, limit: limit)
    }

    public func findParties(named query: String, in scope: AccessScope, kinds: PartyKinds, limit: Int) async throws
        -> [DirectoryEntry]
    {
        let q = TextMatching.fold(query)
        guard !q.isEmpty, limit > 0 else { return [] }
        let pool = try await directory(in: scope).filter { kinds.includes($0.ref) }
        func names(_ e: DirectoryEntry) -> [String] { ([e.name] + e.aliases).map { TextMatching.fold($0) } }
        var found = pool.filter { names($0).contains(q) }
        let key = nameScripts.key(of: query)
        if found.isEmpty, key.count >= 2 { found = pool.filter { names($0).contains { nameScripts.key(of: $0) == key } } }
        if found.isEmpty { found = pool.filter { names($0).contains { NameMatching.isPartial(q, $0) } } }
        if found.isEmpty {
            let scored = pool.compactMap { e in
                names(e).compactMap { NameMatching.typoDistance(q, $0) }.min().map { (e, $0) }
            }
            let best = scored.map(\.1).min()
            found = scored.filter { $0.1 == best }.map(\.0)
        }
        let customers = found.filter { PartyKinds.customers.includes($0.ref) }.prefix(limit)
        return Array(customers) + found.filter { PartyKinds.contacts.includes($0.ref) }.prefix(limit)
    }

    public func findParties(namedAnyOf names: [String], in scope: AccessScope, limit: Int) async throws
        -> [DirectoryEntry]
    {
        let wanted = Set(names)
        let found = try await directory(in: scope).filter { e in
            ([e.name] + e.aliases).contains { wanted.contains(TextMatching.fold($0)) }
        }
        let customers = found.filter { PartyKinds.customers.includes($0.ref) }.prefix(limit)
        return Array(customers) + found.filter { PartyKinds.contacts.includes($0.ref) }.prefix(limit)
    }

    public func directoryEntry(for ref: PartyRef, in scope: AccessScope) async throws -> DirectoryEntry? {
        try await directory(in: scope).first { $0.ref == ref }
    }
}
