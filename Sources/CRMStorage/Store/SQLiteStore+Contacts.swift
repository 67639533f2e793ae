import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func addContact(_ draft: NewContact, _ ctx: WriteContext) async throws -> Contact {
        try InputLimits.name(draft.name, "contact name")
        try InputLimits.names(draft.aliases, "alias")
        try InputLimits.text(draft.title, "title")
        return try await writing { db in
            _ = try db.requireCustomer(draft.customerID)
            let rec = try ChangeRecorder(db, ctx, label: draft.name)
            let id = ContactID(
                try db.insertReturningID(
                    "INSERT INTO contacts (customer_id, name, title, name_folded, name_key) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    [
                        .integer(draft.customerID.rawValue), .text(draft.name), SQLValue(draft.title),
                        .text(TextMatching.fold(draft.name)), .text(db.nameScripts.key(of: draft.name)),
                    ]))
            try rec.inserted(.contacts, id.rawValue)
            for alias in draft.aliases { try db.addContactAlias(id, alias, rec) }
            for role in draft.roles { try db.addContactRole(id, role, rec) }
            return try found(try db.fetchContact(id), "contact", id.rawValue)
        }
    }

    public func contact(id: ContactID) async throws -> Contact? {
        try await reading { db in try db.fetchContact(id) }
    }

    public func updateContact(_ id: ContactID, _ changes: [ContactChange], _ ctx: WriteContext) async throws -> Contact {
        var assignments: [(column: String, value: SQLValue)] = []
        var aliases: [String] = []
        var removedAliases: [String] = []
        var roles: [BuyingRole] = []
        var needs: [Need] = []
        for change in changes {
            switch change {
            case .name(let s):
                try InputLimits.name(s, "contact name")
                assignments.append(("name", .text(s)))
                assignments.append(("name_folded", .text(TextMatching.fold(s))))
                assignments.append(("name_key", .text(nameScripts.key(of: s))))
            case .addAlias(let s):
                try InputLimits.name(s, "alias")
                aliases.append(s)
            case .removeAlias(let s):
                try InputLimits.name(s, "alias")
                removedAliases.append(s)
            case .title(let s): try InputLimits.text(s, "title"); assignments.append(("title", SQLValue(s)))
            case .phone(let s): try InputLimits.text(s, "phone"); assignments.append(("phone", SQLValue(s)))
            case .email(let s): try InputLimits.text(s, "email"); assignments.append(("email", SQLValue(s)))
            case .birthday(let d): assignments.append(("birthday", SQLValue(d?.iso)))
            case .note(let s): try InputLimits.text(s, "note"); assignments.append(("note", SQLValue(s)))
            case .addRoles(let r): roles += r
            case .addNeeds(let n): needs += n
            case .style(let s): assignments.append(("style", SQLValue(s)))
            }
        }
        let updates = assignments
        let newAliases = aliases, newRoles = roles, newNeeds = needs, oldAliases = removedAliases
        return try await writing { db in
            let before = try found(try db.fetchContact(id), "contact", id.rawValue)
            let rec = try ChangeRecorder(db, ctx, label: before.name)
            if !updates.isEmpty { try rec.willUpdate(.contacts, id.rawValue) }
            for (column, value) in updates {
                // `column` is one of the literals above, never input text.
                try db.execute("UPDATE contacts SET \(column) = ? WHERE id = ?", [value, .integer(id.rawValue)])
            }
            for alias in oldAliases { try db.removeAlias(.contactAliases, owner: id.rawValue, alias, rec) }
            for alias in newAliases { try db.addContactAlias(id, alias, rec) }
            for role in newRoles { try db.addContactRole(id, role, rec) }
            for need in newNeeds { try db.addContactNeed(id, need, rec) }
            let after = try found(try db.fetchContact(id), "contact", id.rawValue)
            if after.name != before.name { try rec.relabel(after.name) }
            return after
        }
    }
}

extension SQLiteStore {
    public func contacts(in scope: AccessScope, customer: CustomerID?, limit: Int) async throws
        -> (contacts: [ContactSummary], total: Int)
    {
        let values: [SQLValue] = [scopeValue(scope), SQLValue(customer?.rawValue), .integer(InputLimits.limit(limit))]
        let page: ContactPage = try await reading { db in
            let filter = """
                FROM contacts k JOIN customers c ON c.id = k.customer_id
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1))) AND (?2 IS NULL OR k.customer_id = ?2)
                """
            let rows = try db.rows(
                "SELECT k.id, k.name, k.title, k.phone, k.customer_id, c.name AS customer_name \(filter) "
                    + "ORDER BY k.name COLLATE NOCASE, k.id LIMIT ?3", values)
            let total = try db.scalarInt("SELECT COUNT(*) \(filter) AND ?3 IS NOT NULL", values) ?? 0
            return ContactPage(
                contacts: try rows.map { r in
                    ContactSummary(
                        id: try r.id("id"), name: try r.string("name"), title: try r.optionalString("title"),
                        phone: try r.optionalString("phone"), customerID: try r.id("customer_id"),
                        customerName: try r.string("customer_name"))
                },
                total: Int(total))
        }
        return (page.contacts, page.total)
    }
}

/// A Sendable pair for ``SQLiteStore/contacts(in:customer:limit:)``.
private struct ContactPage: Sendable {
    var contacts: [ContactSummary]
    var total: Int
}
