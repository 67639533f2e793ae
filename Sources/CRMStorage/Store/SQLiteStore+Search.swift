import CRMDomain
import CRMSupport

extension SQLiteStore {
    /// Full-text search over the index of migration `010-search`: names, aliases and titles
    /// first (customers before contacts), then notes, complaints and objections, newest first.
    public func search(_ query: String, in scope: AccessScope, limit: Int) async throws -> [SearchHit] {
        try InputLimits.text(query, "search")
        let columns = (terms: "name_terms text_terms", chars: "name_chars text_chars")
        guard let inNames = SearchTerms.query(query, terms: "name_terms", chars: "name_chars"),
            let anywhere = SearchTerms.query(query, terms: columns.terms, chars: columns.chars)
        else { return [] }
        let limit = InputLimits.limit(limit)
        let owners = scopeValue(scope)
        let readOnly = self.readOnly
        func find(indexing: Bool) async throws -> [SearchHit]? {
            try await reading { db -> [SearchHit]? in
                // Another program's writes not indexed yet: index them first (crmbot's own
                // are indexed as they commit); a read-only store searches what was indexed.
                if indexing, !readOnly, try db.hasPendingSearch() { return nil }
                return try db.search(inNames: inNames, anywhere: anywhere, owners: owners, limit: limit)
            }
        }
        if let hits = try await find(indexing: true) { return hits }
        try await writing { _ in }
        return try await find(indexing: false) ?? []
    }
}

extension Connection {
    /// Names first (customers before contacts), then any text, newest first, at most `limit`.
    fileprivate func search(inNames: String, anywhere: String, owners: SQLValue, limit: Int64) throws -> [SearchHit] {
        let sql = """
            SELECT search_docs.id AS doc, search_docs.kind AS kind, record_id, customer_id, customers.name AS customer_name
            FROM search_fts
            JOIN search_docs ON search_docs.id = search_fts.rowid
            JOIN customers ON customers.id = search_docs.customer_id
            WHERE search_fts MATCH ?1
                AND (?2 IS NULL OR customers.owner_id IN (SELECT value FROM json_each(?2)))
                AND search_docs.kind IN (SELECT value FROM json_each(?3))
            ORDER BY search_fts.rowid DESC
            LIMIT ?4
            """
        let names = try rows(sql, [.text(inNames), owners, .text(#"["customer","contact"]"#), .integer(limit)])
            .sorted { a, b in (try? a.string("kind")) == "customer" && (try? b.string("kind")) != "customer" }
        var seen = Set(try names.map { try $0.int64("doc") })
        var hits = try names.compactMap { try searchHit($0, matchedName: true) }
        guard hits.count < Int(limit) else { return hits }
        let all = #"["customer","contact","activity","complaint","objection"]"#
        for r in try rows(sql, [.text(anywhere), owners, .text(all), .integer(limit)]) {
            guard seen.insert(try r.int64("doc")).inserted, let hit = try searchHit(r, matchedName: false) else { continue }
            hits.append(hit)
            if hits.count == Int(limit) { break }
        }
        return hits
    }

    /// The hit for one row of the search query, with its record's label, text and date.
    fileprivate func searchHit(_ r: Row, matchedName: Bool) throws -> SearchHit? {
        guard let kind = SearchHit.Kind(rawValue: try r.string("kind")) else { return nil }
        let id = try r.int64("record_id")
        var hit = SearchHit(
            kind: kind, recordID: id, customerID: try r.id("customer_id"), customerName: try r.string("customer_name"),
            matchedName: matchedName)
        let key: [SQLValue] = [.integer(id)]
        switch kind {
        case .customer:
            break
        case .contact:
            if let c = try row("SELECT name, title FROM contacts WHERE id = ?", key) {
                hit.label = try c.string("name")
                hit.text = try c.optionalString("title")
            }
        case .activity:
            if let a = try row("SELECT type, at, note FROM activities WHERE id = ?", key) {
                hit.label = try a.string("type")
                hit.text = try a.optionalString("note")
                hit.date = try a.optionalLocalDateTime("at")
            }
        case .complaint:
            if let c = try row("SELECT note, opened_at FROM complaints WHERE id = ?", key) {
                hit.text = try c.string("note")
                hit.date = try c.optionalLocalDateTime("opened_at")
            }
        case .objection:
            if let o = try row("SELECT kind, note, date FROM objections WHERE id = ?", key) {
                hit.label = try o.string("kind")
                hit.text = try o.optionalString("note")
                hit.date = try o.optionalLocalDateTime("date")
            }
        }
        return hit
    }
}
