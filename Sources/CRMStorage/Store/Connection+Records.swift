import CRMDomain
import CRMSupport

/// Reads and inserts shared by the store's methods; all run inside the caller's transaction.
extension Connection {
    func fetchRep(_ id: RepID) throws -> Rep? {
        try row("SELECT * FROM reps WHERE id = ?", [.integer(id.rawValue)]).map(Rep.init(row:))
    }

    /// The aliases of several customers at once, in the order they were added.
    func customerAliases(of ids: [Int64]) throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: [String]] = [:]
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        for r in try rows(
            "SELECT customer_id, alias FROM customer_aliases WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY id",
            [.text(list)])
        {
            out[try r.int64("customer_id"), default: []].append(try r.string("alias"))
        }
        return out
    }

    func customerAliases(_ id: CustomerID) throws -> [String] {
        try rows("SELECT alias FROM customer_aliases WHERE customer_id = ? ORDER BY id", [.integer(id.rawValue)])
            .map { try $0.string("alias") }
    }

    func fetchCustomer(_ id: CustomerID) throws -> Customer? {
        guard let r = try row("SELECT * FROM customers WHERE id = ?", [.integer(id.rawValue)]) else { return nil }
        return try Customer(row: r, aliases: try customerAliases(id))
    }

    func requireCustomer(_ id: CustomerID) throws -> Customer {
        try found(try fetchCustomer(id), "customer", id.rawValue)
    }

    func fetchContact(_ id: ContactID) throws -> Contact? {
        guard let r = try row("SELECT * FROM contacts WHERE id = ?", [.integer(id.rawValue)]) else { return nil }
        let key: [SQLValue] = [.integer(id.rawValue)]
        let aliases = try rows("SELECT alias FROM contact_aliases WHERE contact_id = ? ORDER BY id", key)
            .map { try $0.string("alias") }
        let roles = try rows("SELECT role FROM contact_roles WHERE contact_id = ? ORDER BY id", key)
            .map { try $0.decode(BuyingRole.self, "role") }
        let needs = try rows("SELECT need FROM contact_needs WHERE contact_id = ? ORDER BY id", key)
            .map { try $0.decode(Need.self, "need") }
        return try Contact(row: r, aliases: aliases, roles: roles, needs: needs)
    }

    /// Checks that `contact` exists and belongs to `customer`.
    func requireContact(_ contact: ContactID?, of customer: CustomerID) throws {
        guard let contact else { return }
        let owner = try scalarInt("SELECT customer_id FROM contacts WHERE id = ?", [.integer(contact.rawValue)])
        guard let owner else { throw StoreError(.notFound, "That contact does not exist.", context: "contact id \(contact)") }
        guard owner == customer.rawValue else {
            throw StoreError(
                .invalid, "That contact belongs to another customer.", context: "contact \(contact) customer \(customer)")
        }
    }

    /// The contact of customer `customer` whose name folds like `name` (the oldest), if any.
    func contactNamed(_ name: String, at customer: CustomerID) throws -> ContactID? {
        try row(
            "SELECT id FROM contacts WHERE customer_id = ? AND name_folded = ? ORDER BY id LIMIT 1",
            [.integer(customer.rawValue), .text(TextMatching.fold(name))]
        ).map { ContactID(try $0.int64("id")) }
    }

    /// Inserts a contact with only a name, recording the row.
    func insertContact(named name: String, at customer: CustomerID, _ rec: ChangeRecorder) throws -> ContactID {
        let id = try insertReturningID(
            "INSERT INTO contacts (customer_id, name, name_folded, name_key) VALUES (?, ?, ?, ?) RETURNING id",
            [.integer(customer.rawValue), .text(name), .text(TextMatching.fold(name)), .text(nameScripts.key(of: name))])
        try rec.inserted(.contacts, id)
        return ContactID(id)
    }

    func fetchTask(_ id: TaskID) throws -> TaskItem? {
        try row("SELECT * FROM tasks WHERE id = ?", [.integer(id.rawValue)]).map(TaskItem.init(row:))
    }

    func fetchComplaint(_ id: ComplaintID) throws -> Complaint? {
        try row("SELECT * FROM complaints WHERE id = ?", [.integer(id.rawValue)]).map(Complaint.init(row:))
    }

    /// Inserts a customer and its aliases, recording each row.
    /// `email` and `address` are for an import, whose rows may carry them.
    func insertCustomer(
        _ d: NewCustomer, owner: RepID, stage: Stage, at: LocalDateTime, email: String? = nil, address: String? = nil,
        _ rec: ChangeRecorder
    ) throws -> CustomerID {
        let id = try insertReturningID(
            """
            INSERT INTO customers (kind, name, owner_id, industry, region, phone, stage, created_at, name_folded, name_key, email, address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                .text(d.kind.rawValue), .text(d.name), .integer(owner.rawValue), SQLValue(d.industry),
                SQLValue(d.region), SQLValue(d.phone), .text(stage.rawValue), .text(at.iso),
                .text(TextMatching.fold(d.name)), .text(nameScripts.key(of: d.name)), SQLValue(email), SQLValue(address),
            ])
        // Recorded before its aliases: undo replays in reverse, deleting children first.
        try rec.inserted(.customers, id)
        for alias in d.aliases { try addCustomerAlias(CustomerID(id), alias, rec) }
        return CustomerID(id)
    }

    func addCustomerAlias(_ id: CustomerID, _ alias: String, _ rec: ChangeRecorder) throws {
        let sql = "INSERT INTO customer_aliases (customer_id, alias, name_folded, name_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id"
        if let aliasID = try scalarInt(sql, [.integer(id.rawValue), .text(alias), .text(TextMatching.fold(alias)), .text(nameScripts.key(of: alias))]) {
            try rec.inserted(.customerAliases, aliasID)
        }
    }

    func addContactAlias(_ id: ContactID, _ alias: String, _ rec: ChangeRecorder) throws {
        let sql = "INSERT INTO contact_aliases (contact_id, alias, name_folded, name_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id"
        if let aliasID = try scalarInt(sql, [.integer(id.rawValue), .text(alias), .text(TextMatching.fold(alias)), .text(nameScripts.key(of: alias))]) {
            try rec.inserted(.contactAliases, aliasID)
        }
    }

    func addContactRole(_ id: ContactID, _ role: BuyingRole, _ rec: ChangeRecorder) throws {
        let sql = "INSERT INTO contact_roles (contact_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id"
        if let rowID = try scalarInt(sql, [.integer(id.rawValue), .text(role.rawValue)]) {
            try rec.inserted(.contactRoles, rowID)
        }
    }

    func addContactNeed(_ id: ContactID, _ need: Need, _ rec: ChangeRecorder) throws {
        let sql = "INSERT INTO contact_needs (contact_id, need) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id"
        if let rowID = try scalarInt(sql, [.integer(id.rawValue), .text(need.rawValue)]) {
            try rec.inserted(.contactNeeds, rowID)
        }
    }

    /// `tasks.recurrence` keeps the unit its CHECK (migration 001) allows; `repeat_rule`
    /// (migration 017) the finer rule when there is one.
    static func recurrenceColumn(_ r: Recurrence) -> String {
        switch r {
        case .biweekly: return Recurrence.weekly.rawValue
        case .monthEnd: return Recurrence.monthly.rawValue
        default: return r.rawValue
        }
    }

    static func repeatRuleColumn(_ r: Recurrence) -> String? {
        r == .biweekly || r == .monthEnd ? r.rawValue : nil
    }

    func insertTask(_ d: NewTask, at: LocalDateTime, _ rec: ChangeRecorder) throws -> TaskItem {
        if let customer = d.customerID { try requireContact(d.contactID, of: customer) }
        let id = try insertReturningID(
            """
            INSERT INTO tasks (rep_id, what, customer_id, contact_id, due, recurrence, repeat_rule, repeat_until, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                .integer(d.repID.rawValue), .text(d.what), SQLValue(d.customerID?.rawValue),
                SQLValue(d.contactID?.rawValue), SQLValue(d.due?.iso), SQLValue(d.recurrence.map(Self.recurrenceColumn)),
                SQLValue(d.recurrence.flatMap(Self.repeatRuleColumn)), SQLValue(d.repeatUntil?.iso), .text(at.iso),
            ])
        try rec.inserted(.tasks, id)
        return try found(try fetchTask(TaskID(id)), "task", id)
    }

    /// The name shown in the change log for a customer.
    func customerLabel(_ id: CustomerID) throws -> String {
        try found(try scalarText("SELECT name FROM customers WHERE id = ?", [.integer(id.rawValue)]), "customer", id.rawValue)
    }
}
