import CRMSupport

/// The name-bearing tables and their folded lookup column (migration 004).
enum NamedTable: CaseIterable, Sendable {
    case customers, contacts, customerAliases, contactAliases

    /// Fixed schema names (never input text).
    var table: String {
        switch self {
        case .customers: return "customers"
        case .contacts: return "contacts"
        case .customerAliases: return "customer_aliases"
        case .contactAliases: return "contact_aliases"
        }
    }

    /// The column holding the name as written.
    var nameColumn: String {
        switch self {
        case .customers, .contacts: return "name"
        case .customerAliases, .contactAliases: return "alias"
        }
    }

    init?(_ tracked: TrackedTable) {
        switch tracked {
        case .customers: self = .customers
        case .contacts: self = .contacts
        case .customerAliases: self = .customerAliases
        case .contactAliases: self = .contactAliases
        default: return nil
        }
    }
}

extension Connection {
    /// Fills `name_folded` wherever it is NULL: rows of migration 004's backfill, or
    /// written by another program (the benchmark generator) that does not fold. Cheap when
    /// nothing is missing (an index seek per table).
    func foldMissingNames() throws {
        for t in NamedTable.allCases {
            var pending: [(Int64, String)] = []
            try each("SELECT id, \(t.nameColumn) FROM \(t.table) WHERE name_folded IS NULL") { s in
                pending.append((try s.int64(0), try s.text(1)))
            }
            for (id, name) in pending {
                try execute(
                    "UPDATE \(t.table) SET name_folded = ? WHERE id = ?", [.text(TextMatching.fold(name)), .integer(id)])
            }
        }
    }

    /// Whether some name still lacks its folded form (a cheap check before opening for writes).
    func hasMissingFoldedNames() throws -> Bool {
        for t in NamedTable.allCases {
            if try scalarInt("SELECT EXISTS (SELECT 1 FROM \(t.table) WHERE name_folded IS NULL)") ?? 0 != 0 { return true }
        }
        return false
    }

    /// Recomputes one row's `name_folded` and `name_key` from its name (after undo restored
    /// an image that may predate the columns, or was keyed with other tables).
    func refoldName(_ t: NamedTable, _ id: Int64) throws {
        guard let name = try scalarText("SELECT \(t.nameColumn) FROM \(t.table) WHERE id = ?", [.integer(id)]) else {
            return
        }
        try execute(
            "UPDATE \(t.table) SET name_folded = ?, name_key = ? WHERE id = ?",
            [.text(TextMatching.fold(name)), .text(nameScripts.key(of: name)), .integer(id)])
    }

    // MARK: Name keys (migration 007)

    /// Computes `name_key` with ``nameScripts`` for every name and alias (`all`) or for those
    /// without one (written by another program), and records the tables used.
    func keyNames(all: Bool) throws {
        for t in NamedTable.allCases {
            var pending: [(Int64, String)] = []
            let filter = all ? "" : " WHERE name_key IS NULL"
            try each("SELECT id, \(t.nameColumn) FROM \(t.table)\(filter)") { s in
                pending.append((try s.int64(0), try s.text(1)))
            }
            for (id, name) in pending {
                try execute(
                    "UPDATE \(t.table) SET name_key = ? WHERE id = ?", [.text(nameScripts.key(of: name)), .integer(id)])
            }
        }
        try execute(
            "INSERT INTO crmbot_name_keys (id, tables) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tables = excluded.tables",
            [.text(nameScripts.fingerprint)])
    }

    /// What ``keyNames(all:)`` must do at open: everything when the file was keyed with other
    /// tables, the missing keys when some name has none, else nothing (nil).
    func pendingNameKeys() throws -> Bool? {
        if try scalarText("SELECT tables FROM crmbot_name_keys WHERE id = 1") != nameScripts.fingerprint { return true }
        for t in NamedTable.allCases {
            if try scalarInt("SELECT EXISTS (SELECT 1 FROM \(t.table) WHERE name_key IS NULL)") ?? 0 != 0 { return false }
        }
        return nil
    }
}
