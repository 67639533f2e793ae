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
        let newAliases = aliases, newRoles = roles, newNeeds = needs
        return try await writing { db in
            let before = try found(try db.fetchContact(id), "contact", id.rawValue)
            let rec = try ChangeRecorder(db, ctx, label: before.name)
            if !updates.isEmpty { try rec.willUpdate(.contacts, id.rawValue) }
            for (column, value) in updates {
                // `column` is one of the literals above, never input text.
                try db.execute("UPDATE contacts SET \(column) = ? WHERE id = ?", [value, .integer(id.rawValue)])
            }
            for alias in newAliases { try db.addContactAlias(id, alias, rec) }
            for role in newRoles { try db.addContactRole(id, role, rec) }
            for need in newNeeds { try db.addContactNeed(id, need, rec) }
            let after = try found(try db.fetchContact(id), "contact", id.rawValue)
            if after.name != before.name { try rec.relabel(after.name) }
            return after
        }
    }
}
