import CRMDomain
import CRMSupport
import Foundation
import Testing

@testable import CRMStorage

/// Unusual bulk reading (domain §13): counts per rep and day, flagged once.
@Suite struct ReadGuardTests {
    let rule = BulkReadRule()

    @Test func aDayFarAboveTheRepsOwnNormIsFlaggedOnceAndAudited() async throws {
        let f = try await Fixture.make()
        let today = try date("2026-03-15")
        let at = try moment("2026-03-15T17:00")
        // Alice read 20 cards and lists a day on the fourteen days before; Bob never.
        for back in 1...14 {
            let none = try await f.store.recordReads(
                [ReadCount(repID: f.alice.id, day: today.adding(days: -back), reads: 20)], rule: rule, at: at)
            #expect(none.isEmpty)
        }
        // 60 is three times her norm, not more; the 61st read flags the day.
        #expect(try await f.store.recordReads([ReadCount(repID: f.alice.id, day: today, reads: 60)], rule: rule, at: at).isEmpty)
        let flagged = try await f.store.recordReads(
            [ReadCount(repID: f.alice.id, day: today, reads: 1), ReadCount(repID: f.bob.id, day: today, reads: 49)],
            rule: rule, at: at)
        #expect(flagged == [
            UnusualReading(repID: f.alice.id, repName: "Alice", day: today, reads: 61, norm: 20, flaggedAt: at)
        ])
        // Once per day: more reads flag nothing more. Bob, with no norm, reaches the floor.
        let more = try await f.store.recordReads(
            [ReadCount(repID: f.alice.id, day: today, reads: 100), ReadCount(repID: f.bob.id, day: today, reads: 1)],
            rule: rule, at: at)
        #expect(more.map(\.repName) == ["Bob"])
        #expect(more.first?.norm == 0)
        let audit = try await f.store.auditLog(limit: 10).filter { $0.kind == .bulkRead }
        #expect(audit.map(\.actor) == ["Bob", "Alice"])
        #expect(audit.last?.repID == f.alice.id)
        #expect(audit.last?.detail == "read 61 cards and lists on 2026-03-15; their norm is 20 a day over the 14 days "
            + "before (unusual: at least 50 and over 3 times the norm)")
        // The flagged days, newest first; the count is the day's so far.
        let days = try await f.store.unusualReadings(from: today.adding(days: -1), through: today)
        #expect(days.map(\.repName) == ["Alice", "Bob"])
        #expect(days.first?.reads == 161)
        #expect(try await f.store.unusualReadings(from: today.adding(days: 1), through: today.adding(days: 2)).isEmpty)
    }

    @Test func theNextDayStartsAgain() async throws {
        let f = try await Fixture.make()
        let monday = try date("2026-03-16")
        let at = try moment("2026-03-16T10:00")
        #expect(try await f.store.recordReads([ReadCount(repID: f.alice.id, day: monday, reads: 50)], rule: rule, at: at).count == 1)
        // Tuesday's norm is Monday's 50: 150 is not over three times that, 151 is.
        let tuesday = monday.adding(days: 1)
        #expect(try await f.store.recordReads([ReadCount(repID: f.alice.id, day: tuesday, reads: 150)], rule: rule, at: at).isEmpty)
        #expect(try await f.store.recordReads([ReadCount(repID: f.alice.id, day: tuesday, reads: 1)], rule: rule, at: at).count == 1)
    }

    @Test func migration006KeepsTheAuditLogAndAcceptsTheNewKind() async throws {
        let db = try Connection(path: ":memory:")
        try Migrator(migrations: Array(Migration.all.prefix(5))).migrate(db, at: "2026-01-01T00:00:00Z")
        try db.execute("INSERT INTO reps (name, role) VALUES ('Alice', 'rep')")
        try db.execute(
            "INSERT INTO audit_log (at, kind, actor, rep_id, detail) VALUES ('2026-03-01T09:00', 'login', 'relay', 1, 'tcp')")
        try Migrator().migrate(db, at: "2026-01-02T00:00:00Z")
        let rows = try db.rows("SELECT * FROM audit_log").map(AuditEntry.init(row:))
        #expect(rows.map(\.kind) == [.login])
        #expect(rows.first?.repID == RepID(1))
        _ = try db.insertAudit(NewAuditEntry(at: try moment("2026-03-02T09:00"), kind: .bulkRead, actor: "Alice", detail: "x"))
        #expect(try db.scalarInt("SELECT count(*) FROM audit_log WHERE kind = 'bulk_read'") == 1)
        #expect(try db.rows("PRAGMA foreign_key_check").isEmpty)
    }
}
