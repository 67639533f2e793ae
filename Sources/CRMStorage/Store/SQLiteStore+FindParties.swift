import CRMDomain
import CRMSupport

extension SQLiteStore {
    /// Name lookup through the folded-name indexes of migration 004, in the resolver's
    /// tiers over the kinds asked for (the first tier in which any of them matches
    /// decides, as in the bot's resolver, so it sees what it would have seen in the whole
    /// directory):
    ///
    /// 1. Exact name or alias: an index seek on `name_folded`.
    /// 2. Across scripts (migration 007): an index seek on `name_key`, the query keyed by
    ///    ``NameScripts/key(of:)`` (at least 2 characters) — "chenlei", "Chen Lei" and 陳磊
    ///    find 陈磊, 王彤 finds "Wang Tong".
    /// 3. Partial (prefix, word prefix, Chinese containment; ``NameMatching/isPartial(_:_:)``):
    ///    names containing the query (`instr`) and, for Chinese, names equal to a piece of
    ///    the query (index seeks). For a rep or manager the scope's customers are read
    ///    through the owner index (a rep's book, about 2,000 rows); for everything it is a
    ///    scan of the folded-name indexes (covering, no table rows) — the one full pass, and
    ///    only when no name matches exactly.
    /// 4. Typos (``NameMatching/typoDistance(_:_:)``): names whose length is within 2 of
    ///    the query's. In a scope, every such name of the scope; for everything, only names
    ///    sharing the query's first character (an index range), at most 5,000 rows — a typo
    ///    in the first character of a name is found only within a scope.
    ///
    /// `limit` bounds the entries per kind (the best tier's first ones by id).
    public func findParties(named query: String, in scope: AccessScope, kinds: PartyKinds, limit: Int) async throws
        -> [DirectoryEntry]
    {
        let q = TextMatching.fold(query)
        guard !q.isEmpty, limit > 0 else { return [] }
        let owners = scopeValue(scope)
        let everything = scope == .everything
        let key = nameScripts.key(of: query)
        return try await reading { db in
            let wanted: [PartyKind] =
                switch kinds {
                case .any: [.customer, .contact]
                case .customers: [.customer]
                case .contacts: [.contact]
                }
            var found: [PartyKind: [Int64]] = [:]
            func tier(_ search: (PartyKind) throws -> [Int64]) rethrows {
                guard found.values.allSatisfy(\.isEmpty) else { return }
                for kind in wanted { found[kind] = try search(kind) }
            }
            try tier { try Self.exactIDs(db, $0, .text(q), owners) }
            if key.count >= 2 { try tier { try Self.exactIDs(db, $0, .text(key), owners, column: "name_key") } }
            try tier { try Self.partialIDs(db, $0, q, key: key, owners, everything: everything) }
            try tier { try Self.typoIDs(db, $0, q, owners, everything: everything) }
            func chosen(_ kind: PartyKind) -> [Int64] { Array(Set(found[kind] ?? []).sorted().prefix(limit)) }
            return try Self.entries(db, customers: chosen(.customer), contacts: chosen(.contact))
        }
    }

    /// One index seek per name and table (`name_folded IN (…)`).
    public func findParties(namedAnyOf names: [String], in scope: AccessScope, limit: Int) async throws
        -> [DirectoryEntry]
    {
        guard !names.isEmpty, limit > 0 else { return [] }
        let list = SQLValue.text(JSONValue.array(names.map { .string($0) }).serialized)
        let owners = scopeValue(scope)
        return try await reading { db in
            let customers = try Self.exactIDs(db, .customer, list, owners, anyOf: true)
            let contacts = try Self.exactIDs(db, .contact, list, owners, anyOf: true)
            return try Self.entries(
                db, customers: Array(Set(customers).sorted().prefix(limit)),
                contacts: Array(Set(contacts).sorted().prefix(limit)))
        }
    }

    public func directoryEntry(for ref: PartyRef, in scope: AccessScope) async throws -> DirectoryEntry? {
        try await reading { db in
            let entries: [DirectoryEntry]
            switch ref {
            case .customer(let id): entries = try Self.entries(db, customers: [id.rawValue], contacts: [])
            case .contact(let id): entries = try Self.entries(db, customers: [], contacts: [id.rawValue])
            }
            return entries.first.flatMap { scope.allows(owner: $0.ownerID) ? $0 : nil }
        }
    }

    private enum PartyKind { case customer, contact }

    private static let inScope = "(?2 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?2)))"

    /// ?1 folded query (or with `anyOf` a JSON array of them), ?2 scope; `column` is
    /// `name_folded` or `name_key` (fixed names only).
    private static func exactIDs(
        _ db: Connection, _ kind: PartyKind, _ q: SQLValue, _ owners: SQLValue, anyOf: Bool = false,
        column: String = "name_folded"
    ) throws -> [Int64] {
        let match = (anyOf ? "IN (SELECT value FROM json_each(?1))" : "= ?1")
        let sql: String
        switch kind {
        case .customer:
            sql = """
                SELECT c.id FROM customers c WHERE c.\(column) \(match) AND \(inScope)
                UNION
                SELECT c.id FROM customer_aliases a JOIN customers c ON c.id = a.customer_id
                WHERE a.\(column) \(match) AND \(inScope)
                """
        case .contact:
            sql = """
                SELECT k.id FROM contacts k JOIN customers c ON c.id = k.customer_id
                WHERE k.\(column) \(match) AND \(inScope)
                UNION
                SELECT k.id FROM contact_aliases a JOIN contacts k ON k.id = a.contact_id
                JOIN customers c ON c.id = k.customer_id WHERE a.\(column) \(match) AND \(inScope)
                """
        }
        var ids: [Int64] = []
        try db.each(sql, [q, owners]) { s in ids.append(try s.int64(0)) }
        return ids
    }

    /// `(id, folded name)` of every name and alias of `kind` satisfying `predicate` (fixed SQL
    /// over the given column, with parameters from ?3 on), in scope ?2.
    private static func candidates(
        _ db: Connection, _ kind: PartyKind, predicate p: (String) -> String, _ values: [SQLValue], everything: Bool,
        limit: Int? = nil
    ) throws -> [(Int64, String)] {
        let owned = "customers c INDEXED BY customers_by_owner_folded"
        let scoped = "c.owner_id IN (SELECT value FROM json_each(?2))"
        var sql: String
        switch (kind, everything) {
        case (.customer, true):
            sql = """
                SELECT c.id, c.name_folded FROM customers c WHERE ?2 IS NULL AND \(p("c.name_folded"))
                UNION ALL
                SELECT a.customer_id, a.name_folded FROM customer_aliases a WHERE \(p("a.name_folded"))
                """
        case (.customer, false):
            sql = """
                SELECT c.id, c.name_folded FROM \(owned) WHERE \(scoped) AND \(p("c.name_folded"))
                UNION ALL
                SELECT c.id, a.name_folded FROM \(owned) JOIN customer_aliases a ON a.customer_id = c.id
                WHERE \(scoped) AND \(p("a.name_folded"))
                """
        case (.contact, true):
            sql = """
                SELECT k.id, k.name_folded FROM contacts k WHERE ?2 IS NULL AND \(p("k.name_folded"))
                UNION ALL
                SELECT a.contact_id, a.name_folded FROM contact_aliases a WHERE \(p("a.name_folded"))
                """
        case (.contact, false):
            sql = """
                SELECT k.id, k.name_folded FROM \(owned)
                JOIN contacts k INDEXED BY contacts_by_customer_folded ON k.customer_id = c.id
                WHERE \(scoped) AND \(p("k.name_folded"))
                UNION ALL
                SELECT k.id, a.name_folded FROM \(owned) JOIN contacts k ON k.customer_id = c.id
                JOIN contact_aliases a ON a.contact_id = k.id WHERE \(scoped) AND \(p("a.name_folded"))
                """
        }
        if let limit { sql += " LIMIT \(limit)" }
        var out: [(Int64, String)] = []
        try db.each(sql, values) { s in
            if let name = try s.optionalText(1) { out.append((try s.int64(0), name)) }
        }
        return out
    }

    /// ?1 query, ?2 scope, ?3 the query's Chinese pieces (JSON array; empty unless Chinese).
    private static func partialIDs(
        _ db: Connection, _ kind: PartyKind, _ q: String, key: String, _ owners: SQLValue, everything: Bool
    ) throws -> [Int64] {
        let han = NameMatching.hasHan(q)
        if !han && q.count < 2 { return [] }
        var pieces: [JSONValue] = []
        if han {
            let chars = Array(q)
            if chars.count <= 40 {
                for i in chars.indices {
                    for j in stride(from: i + 2, through: chars.count, by: 1) {
                        pieces.append(.string(String(chars[i..<j])))
                    }
                }
            }
        }
        let found = try candidates(
            db, kind, predicate: { "(instr(\($0), ?1) > 0 OR \($0) IN (SELECT value FROM json_each(?3)))" },
            [.text(q), owners, .text(JSONValue.array(pieces).serialized)], everything: everything)
        var ids = found.filter { NameMatching.isPartial(q, $0.1) }.map(\.0)
        // Pinyin typed for a Chinese name: "chen" is the start of 陈磊's key "chenlei", as
        // "chen" is a word of "Olivia Chen" — both are candidates, and the rep is asked which.
        if !han, key.count >= 2 {
            let byKey = try candidates(
                db, kind, predicate: { column in
                    // `x.name_folded` → `x.name_key`, the same row's key.
                    let keyColumn = String(column.dropLast("name_folded".count)) + "name_key"
                    return "(substr(\(keyColumn), 1, ?3) = ?1 AND \(column) <> \(keyColumn))"
                }, [.text(key), owners, .integer(Int64(key.count))], everything: everything)
            ids += byKey.filter { NameMatching.hasHan($0.1) }.map(\.0)
        }
        return ids
    }

    /// ?3, ?4 length bounds; for everything ?5, ?6 the first-character range.
    private static func typoIDs(
        _ db: Connection, _ kind: PartyKind, _ q: String, _ owners: SQLValue, everything: Bool
    ) throws -> [Int64] {
        guard q.count >= 3, let first = q.unicodeScalars.first else { return [] }
        let n = Int64(q.unicodeScalars.count)
        var values: [SQLValue] = [.text(q), owners, .integer(n - 2), .integer(n + 2)]
        if everything { values += [.text(String(first)), .text(String(first) + "\u{10FFFF}")] }
        let found = try candidates(
            db, kind,
            predicate: { column in
                (everything ? "\(column) >= ?5 AND \(column) < ?6 AND " : "")
                    + "length(\(column)) BETWEEN ?3 AND ?4 AND ?1 IS NOT NULL"
            }, values, everything: everything,
            limit: everything ? 5_000 : nil)
        var best = Int.max
        var ids: [Int64] = []
        for (id, name) in found {
            guard let d = NameMatching.typoDistance(q, name) else { continue }
            if d < best {
                best = d
                ids = [id]
            } else if d == best {
                ids.append(id)
            }
        }
        return ids
    }

    /// Directory entries for these ids, customers then contacts, each by id.
    static func entries(_ db: Connection, customers: [Int64], contacts: [Int64]) throws -> [DirectoryEntry] {
        func list(_ ids: [Int64]) -> SQLValue { .text("[" + ids.map(String.init).joined(separator: ",") + "]") }
        var entries: [DirectoryEntry] = []
        if !customers.isEmpty {
            var aliases: [Int64: [String]] = [:]
            for r in try db.rows(
                "SELECT customer_id, alias FROM customer_aliases WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY id",
                [list(customers)])
            {
                aliases[try r.int64("customer_id"), default: []].append(try r.string("alias"))
            }
            for r in try db.rows(
                "SELECT id, name, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                [list(customers)])
            {
                let id = try r.int64("id")
                let name = try r.string("name")
                entries.append(
                    DirectoryEntry(
                        ref: .customer(CustomerID(id)), name: name, aliases: aliases[id] ?? [],
                        customerID: CustomerID(id), customerName: name, ownerID: try r.id("owner_id")))
            }
        }
        if !contacts.isEmpty {
            var aliases: [Int64: [String]] = [:]
            for r in try db.rows(
                "SELECT contact_id, alias FROM contact_aliases WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY id",
                [list(contacts)])
            {
                aliases[try r.int64("contact_id"), default: []].append(try r.string("alias"))
            }
            for r in try db.rows(
                """
                SELECT k.id, k.name, k.customer_id, c.name AS customer_name, c.owner_id
                FROM contacts k JOIN customers c ON c.id = k.customer_id
                WHERE k.id IN (SELECT value FROM json_each(?)) ORDER BY k.id
                """, [list(contacts)])
            {
                let id = try r.int64("id")
                entries.append(
                    DirectoryEntry(
                        ref: .contact(ContactID(id)), name: try r.string("name"), aliases: aliases[id] ?? [],
                        customerID: try r.id("customer_id"), customerName: try r.string("customer_name"),
                        ownerID: try r.id("owner_id")))
            }
        }
        return entries
    }
}
