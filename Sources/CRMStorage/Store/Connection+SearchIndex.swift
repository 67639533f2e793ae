import CRMSupport

/// Keeps the full-text index (migration `010-search`) in step with the records: the
/// triggers list what changed in `search_pending`; this indexes those records again.
extension Connection {
    /// True when some record's searchable text changed since it was last indexed.
    func hasPendingSearch() throws -> Bool {
        try scalarInt("SELECT EXISTS (SELECT 1 FROM search_pending)") == 1
    }

    /// Indexes every record listed in `search_pending` (removing the documents of records
    /// gone or left with no text) and empties the list. Runs inside the caller's write
    /// transaction, so the index commits or rolls back with the change that moved it.
    ///
    /// - Parameter limit: stop after about this many records (whole batches of 5,000), so
    ///   that a caller indexing a whole database commits as it goes; nil for all.
    /// - Returns: whether records are still pending.
    @discardableResult
    func indexPendingSearch(limit: Int? = nil) throws -> Bool {
        // In key order, a bounded batch at a time (after migration 010 every record is
        // pending); inside the writer's transaction nothing else queues records meanwhile
        // (indexing writes only the index), so a batch done is deleted as one key range.
        var done = 0
        while true {
            if let limit, done >= limit { return try hasPendingSearch() }
            let batch = try rows("SELECT kind, record_id FROM search_pending ORDER BY kind, record_id LIMIT 5000")
            guard let last = batch.last else { return false }
            done += batch.count
            for r in batch { try reindex(kind: try r.string("kind"), id: try r.int64("record_id")) }
            try execute(
                "DELETE FROM search_pending WHERE (kind, record_id) <= (?, ?)",
                [.text(try last.string("kind")), .integer(try last.int64("record_id"))])
        }
    }

    /// What one record contributes to the index: its customer, its names and its text.
    private struct SearchDocument {
        var customerID: Int64
        var names: [String]
        var texts: [String]
    }

    private func reindex(kind: String, id: Int64) throws {
        let existing = try scalarInt("SELECT id FROM search_docs WHERE kind = ? AND record_id = ?", [.text(kind), .integer(id)])
        if let existing {
            try execute("DELETE FROM search_fts WHERE rowid = ?", [.integer(existing)])
            try execute("DELETE FROM search_docs WHERE id = ?", [.integer(existing)])
        }
        guard let doc = try searchDocument(kind: kind, id: id) else { return }
        let names = SearchTerms.index(doc.names.joined(separator: " \u{2029} "))
        let texts = SearchTerms.index(doc.texts.joined(separator: " \u{2029} "))
        guard !(names.terms.isEmpty && names.chars.isEmpty && texts.terms.isEmpty && texts.chars.isEmpty) else { return }
        // A fresh document id each time: newer writes sort first among equals.
        try execute(
            "INSERT INTO search_docs (kind, record_id, customer_id) VALUES (?, ?, ?)",
            [.text(kind), .integer(id), .integer(doc.customerID)])
        try execute(
            "INSERT INTO search_fts (rowid, name_terms, name_chars, text_terms, text_chars) VALUES (?, ?, ?, ?, ?)",
            [.integer(lastInsertRowID), .text(names.terms), .text(names.chars), .text(texts.terms), .text(texts.chars)])
    }

    private func searchDocument(kind: String, id: Int64) throws -> SearchDocument? {
        let key: [SQLValue] = [.integer(id)]
        switch kind {
        case "customer":
            guard let r = try row("SELECT name, industry, region, address, title, note FROM customers WHERE id = ?", key)
            else { return nil }
            let aliases = try rows("SELECT alias FROM customer_aliases WHERE customer_id = ?", key).map { try $0.string("alias") }
            let texts = try ["industry", "region", "address", "title", "note"].compactMap { try r.optionalString($0) }
            return SearchDocument(customerID: id, names: [try r.string("name")] + aliases, texts: texts)
        case "contact":
            guard let r = try row("SELECT customer_id, name, title, note FROM contacts WHERE id = ?", key) else { return nil }
            let aliases = try rows("SELECT alias FROM contact_aliases WHERE contact_id = ?", key).map { try $0.string("alias") }
            return SearchDocument(
                customerID: try r.int64("customer_id"),
                names: [try r.string("name")] + aliases + [try r.optionalString("title")].compactMap { $0 },
                texts: [try r.optionalString("note")].compactMap { $0 })
        case "activity", "objection":
            let table = kind == "activity" ? "activities" : "objections"
            guard let r = try row("SELECT customer_id, note FROM \(table) WHERE id = ?", key),
                let note = try r.optionalString("note"), !note.isEmpty
            else { return nil }
            return SearchDocument(customerID: try r.int64("customer_id"), names: [], texts: [note])
        case "complaint":
            guard let r = try row("SELECT customer_id, note, resolution FROM complaints WHERE id = ?", key) else { return nil }
            return SearchDocument(
                customerID: try r.int64("customer_id"), names: [],
                texts: [try r.string("note"), try r.optionalString("resolution")].compactMap { $0 })
        default:
            return nil
        }
    }
}
