import CRMDomain

extension SQLiteStore {
    public func directory(in scope: AccessScope) async throws -> [DirectoryEntry] {
        let owners = scopeValue(scope)
        return try await reading { db in
            let inScope = "(?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))"
            var customerAliases: [Int64: [String]] = [:]
            for r in try db.rows(
                "SELECT a.customer_id, a.alias FROM customer_aliases a JOIN customers c ON c.id = a.customer_id WHERE \(inScope) ORDER BY a.id",
                [owners])
            {
                customerAliases[try r.int64("customer_id"), default: []].append(try r.string("alias"))
            }
            var contactAliases: [Int64: [String]] = [:]
            for r in try db.rows(
                """
                SELECT a.contact_id, a.alias FROM contact_aliases a JOIN contacts k ON k.id = a.contact_id
                JOIN customers c ON c.id = k.customer_id WHERE \(inScope) ORDER BY a.id
                """, [owners])
            {
                contactAliases[try r.int64("contact_id"), default: []].append(try r.string("alias"))
            }
            var entries: [DirectoryEntry] = []
            for r in try db.rows("SELECT c.id, c.name, c.owner_id FROM customers c WHERE \(inScope) ORDER BY c.id", [owners]) {
                let id = try r.int64("id")
                let name = try r.string("name")
                entries.append(
                    DirectoryEntry(
                        ref: .customer(CustomerID(id)), name: name, aliases: customerAliases[id] ?? [],
                        customerID: CustomerID(id), customerName: name, ownerID: try r.id("owner_id")))
            }
            for r in try db.rows(
                """
                SELECT k.id, k.name, k.customer_id, c.name AS customer_name, c.owner_id
                FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE \(inScope) ORDER BY k.id
                """, [owners])
            {
                let id = try r.int64("id")
                entries.append(
                    DirectoryEntry(
                        ref: .contact(ContactID(id)), name: try r.string("name"), aliases: contactAliases[id] ?? [],
                        customerID: try r.id("customer_id"), customerName: try r.string("customer_name"),
                        ownerID: try r.id("owner_id")))
            }
            return entries
        }
    }
}
