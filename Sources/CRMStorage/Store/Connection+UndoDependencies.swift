import CRMDomain

/// A later change by another rep that builds on the change undo was asked to revert.
struct UndoDependent: Sendable, CustomStringConvertible {
    var changeID: Int64
    var repID: Int64
    var table: String
    var rowID: Int64

    var description: String { "change \(changeID) by rep \(repID) wrote \(table) #\(rowID)" }
}

extension Connection {
    /// The first later change, not undone, by another rep than `repID`, that wrote a row
    /// concerning a customer or contact whose own row one of `steps` wrote; nil when none.
    ///
    /// A change to a customer's row — its owner above all (a handover, "Gift Co's owner is
    /// Bob") — or to a contact's row is what later work on that customer or contact builds
    /// on: reverting it would take the customer back together with another rep's records,
    /// or rewrite the contact under them. "Concerning" covers every tracked table: the
    /// customer and its aliases, its contacts and their aliases, roles and needs,
    /// activities, orders, payments, tasks, complaints, referrals (either end),
    /// objections and stage changes. Rows that no longer exist are not counted: only undo
    /// deletes rows, and an undone change depends on nothing.
    ///
    /// - Parameters:
    ///   - changeID: the change about to be undone.
    ///   - steps: its `change_rows` (`table_name`, `row_id`).
    func laterDependent(of changeID: Int64, by repID: RepID, steps: [Row]) throws -> UndoDependent? {
        var customers: Set<Int64> = []
        var contacts: Set<Int64> = []
        for step in steps {
            switch TrackedTable(rawValue: try step.string("table_name")) {
            case .customers?: customers.insert(try step.int64("row_id"))
            case .contacts?: contacts.insert(try step.int64("row_id"))
            default: break
            }
        }
        guard !customers.isEmpty || !contacts.isEmpty else { return nil }
        func list(_ ids: Set<Int64>) -> SQLValue { .text("[" + ids.sorted().map(String.init).joined(separator: ",") + "]") }
        guard
            let r = try row(
                Self.laterDependentSQL,
                [.integer(changeID), .integer(repID.rawValue), list(customers), list(contacts)])
        else { return nil }
        return UndoDependent(
            changeID: try r.int64("change_id"), repID: try r.int64("rep_id"), table: try r.string("table_name"),
            rowID: try r.int64("row_id"))
    }

    /// ?1 the change, ?2 its rep, ?3 and ?4 JSON arrays of the customer and contact ids
    /// it wrote. A contact of a listed customer counts as listed.
    static let laterDependentSQL: String = {
        let tests = TrackedTable.allCases.compactMap { table -> String? in
            let columns =
                table.customerColumns.map { "x.\($0) IN (SELECT id FROM subject_customers)" }
                + table.contactColumns.map { "x.\($0) IN (SELECT id FROM subject_contacts)" }
            guard !columns.isEmpty else { return nil }
            return """
                (r.table_name = '\(table.rawValue)' AND EXISTS (SELECT 1 FROM \(table.rawValue) x \
                WHERE x.id = r.row_id AND (\(columns.joined(separator: " OR ")))))
                """
        }
        return """
            WITH subject_customers(id) AS (SELECT value FROM json_each(?3)),
            subject_contacts(id) AS (
                SELECT value FROM json_each(?4)
                UNION SELECT id FROM contacts WHERE customer_id IN (SELECT id FROM subject_customers))
            SELECT l.id AS change_id, l.rep_id, r.table_name, r.row_id
            FROM change_log l JOIN change_rows r ON r.change_id = l.id
            WHERE l.id > ?1 AND l.undone_at IS NULL AND l.rep_id <> ?2
                AND (\(tests.joined(separator: "\n        OR ")))
            ORDER BY l.id, r.seq
            LIMIT 1
            """
    }()
}
