import Testing

@testable import CRMStorage

@Suite struct SQLiteLayerTests {
    @Test func bindCountIsChecked() throws {
        let db = try Connection(path: ":memory:")
        #expect {
            try db.execute("SELECT ?, ?", [.integer(1)])
        } throws: { error in
            guard let e = error as? SQLiteError else { return false }
            return e.code == .range && e.sql == "SELECT ?, ?"
        }
    }

    @Test func errorCarriesSQLAndCodeButNotBoundValues() throws {
        let db = try Connection(path: ":memory:")
        try db.execute("CREATE TABLE t (name TEXT NOT NULL UNIQUE)")
        try db.execute("INSERT INTO t VALUES (?)", [.text("secret customer")])
        do {
            try db.execute("INSERT INTO t VALUES (?)", [.text("secret customer")])
            Issue.record("expected a unique violation")
        } catch let e as SQLiteError {
            #expect(e.code == .constraintUnique)
            #expect(ResultCode.constraint ~= e.code)
            #expect(e.description.contains("UNIQUE constraint failed: t.name"))
            #expect(e.description.contains("INSERT INTO t VALUES (?)"))
            #expect(!e.description.contains("secret"))
        }
    }

    @Test func valuesRoundTripWithTheirTypes() throws {
        let db = try Connection(path: ":memory:")
        let values: [SQLValue] = [.null, .integer(.min), .real(-0.125), .text("a\u{0}b"), .blob([0, 1, 255]), .blob([]), .text("")]
        let row = try #require(try db.row("SELECT ?, ?, ?, ?, ?, ?, ?", values))
        #expect(row.values == [.null, .integer(.min), .real(-0.125), .text("a\u{0}b"), .blob([0, 1, 255]), .blob([]), .text("")])
    }

    @Test func failedStatementLeavesCacheAndConnectionUsable() throws {
        let db = try Connection(path: ":memory:")
        #expect(throws: SQLiteError.self) { try db.execute("SELEC 1") }
        #expect(throws: SQLiteError.self) { try db.execute("SELECT 1; SELECT 2") }
        try db.execute("CREATE TABLE t (x INTEGER CHECK (x > 0))")
        #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO t VALUES (?)", [.integer(-1)]) }
        try db.execute("INSERT INTO t VALUES (?)", [.integer(1)])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM t") == 1)
    }

    @Test func transactionRollsBackAndRethrowsFirstError() throws {
        let db = try Connection(path: ":memory:")
        try db.execute("CREATE TABLE t (x)")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction { db in
                try db.execute("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try db.scalarInt("SELECT COUNT(*) FROM t") == 0)
        #expect(!db.isInTransaction)
        try db.transaction { db in
            try db.execute("INSERT INTO t VALUES (1)")
            _ = try? db.transaction { db -> Void in
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.scalarInt("SELECT COUNT(*) FROM t") == 1)
    }
}
