import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

/// Migration 019: the `IN` lists of CHECK constraints are `=` chains, and they still
/// refuse what they refused.
struct CheckListsTests {
    @Test func inListsOfLiteralsBecomeEqualityChainsAndNothingElseChanges() {
        #expect(CheckLists.expand("kind TEXT CHECK (kind IN ('company', 'person'))")
            == "kind TEXT CHECK ((kind = 'company' OR kind = 'person'))")
        #expect(CheckLists.expand("CHECK (note IN (\n  'it''s', 'b'))") == "CHECK ((note = 'it''s' OR note = 'b'))")
        #expect(CheckLists.expand("CHECK (x NOT IN ('a'))") == "CHECK (x NOT IN ('a'))")
        #expect(CheckLists.expand("CHECK (x IN (1, 2))") == "CHECK (x IN (1, 2))")
        #expect(CheckLists.expand("CHECK (x IN (SELECT a FROM t))") == "CHECK (x IN (SELECT a FROM t))")
        #expect(CheckLists.expand("CHECK (x IN ('a'") == "CHECK (x IN ('a'")
        #expect(CheckLists.expand("CHECK (a || b IN ('x'))") == "CHECK (a || b IN ('x'))")
        #expect(CheckLists.expand("CHECK (x COLLATE NOCASE IN ('a'))") == "CHECK (x COLLATE NOCASE IN ('a'))")
    }

    @Test func theRewrittenConstraintsStillRefuseWhatTheyRefusedAndNoListIsLeft() async throws {
        let f = try await Fixture.make()
        let left = try await f.store.reading { db in
            try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%'' IN (%' OR sql LIKE '% IN (''%'")
        }
        #expect(left.isEmpty, "\(left.map { $0["name"] })")
        let customer = try await f.customer("Quanyu Hospital", by: f.alice)
        for (sql, values) in [
            ("UPDATE customers SET stage = ? WHERE id = ?", [SQLValue.text("frobbed"), .integer(customer.id.rawValue)]),
            ("UPDATE customers SET kind = ? WHERE id = ?", [.text("robot"), .integer(customer.id.rawValue)]),
            ("UPDATE customers SET grade = ? WHERE id = ?", [.text("D"), .integer(customer.id.rawValue)]),
        ] {
            let error = await #expect(throws: StoreError.self) {
                try await f.store.writing { db in try db.execute(sql, values) }
            }
            #expect(error?.description.contains("CHECK constraint failed") == true, "\(String(describing: error))")
        }
        // A NULL grade passes, as it did.
        try await f.store.writing { db in
            try db.execute("UPDATE customers SET grade = NULL WHERE id = ?", [.integer(customer.id.rawValue)])
        }
    }
}
