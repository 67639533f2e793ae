import CRMDomain
import CRMSupport
import Foundation
import Testing

@testable import CRMStorage

@Suite struct RelaysTests {
    @Test func theAuditLogKeepsEntriesNewestFirst() async throws {
        let f = try await Fixture.make()
        let first = try await f.store.appendAudit(
            NewAuditEntry(at: try moment("2026-03-01T09:00"), kind: .login, actor: "slack-bridge", detail: "tcp 127.0.0.1:5"))
        _ = try await f.store.appendAudit(
            NewAuditEntry(
                at: try moment("2026-03-01T09:01"), kind: .refused, actor: "Alice", repID: f.alice.id,
                detail: "token slack-bridge may not speak for Bob"))
        let log = try await f.store.auditLog(limit: 10)
        #expect(log.map(\.kind) == [.refused, .login])
        #expect(log.last == first)
        #expect(log.first?.repID == f.alice.id)
        #expect(try await f.store.auditLog(limit: 1).count == 1)
    }

    @Test func handoverMovesAccountsOpenTasksAndComplaintsInOneAuditedChange() async throws {
        let f = try await Fixture.make()
        let a = try await f.customer("Quanyu Hospital", by: f.alice)
        let b = try await f.customer("City Clinic", by: f.alice)
        let other = try await f.customer("Bob's Shop", by: f.bob)
        let open = try await f.store.addTask(NewTask(repID: f.alice.id, what: "call", customerID: a.id), try f.ctx(f.alice))
        let done = try await f.store.addTask(NewTask(repID: f.alice.id, what: "visit", customerID: b.id), try f.ctx(f.alice))
        _ = try await f.store.completeTask(done.id, next: nil, try f.ctx(f.alice))
        let summary = try await f.store.handOver(from: f.alice.id, to: f.bob.id, try f.ctx(f.admin, "handover"))
        #expect(summary.customers == 2 && summary.tasks == 1 && summary.complaints == 0)
        #expect(summary.from == f.alice && summary.to == f.bob)
        #expect(try await f.store.customer(id: a.id)?.ownerID == f.bob.id)
        #expect(try await f.store.customer(id: b.id)?.ownerID == f.bob.id)
        #expect(try await f.store.customer(id: other.id)?.ownerID == f.bob.id)
        #expect(try await f.store.task(id: open.id)?.repID == f.bob.id)
        #expect(try await f.store.task(id: done.id)?.repID == f.alice.id)
        let audit = try await f.store.auditLog(limit: 5)
        #expect(audit.first?.kind == .handover)
        #expect(audit.first?.actor == "Admin")
        #expect(audit.first?.detail == "Alice → Bob: 2 customers, 1 open tasks, 0 open complaints")
        // One change in the log: undo puts everything back.
        let undone = try await f.store.undoLastChange(by: f.admin.id, at: try moment("2026-03-01T11:00"))
        #expect(undone?.action == "handover")
        #expect(try await f.store.customer(id: a.id)?.ownerID == f.alice.id)
        #expect(try await f.store.task(id: open.id)?.repID == f.alice.id)
        // The audit entry stays.
        #expect(try await f.store.auditLog(limit: 5).first?.kind == .handover)
    }

    @Test func handoverToOneselfOrToNobodyIsRefused() async throws {
        let f = try await Fixture.make()
        let same = await storeError { _ = try await f.store.handOver(from: f.alice.id, to: f.alice.id, try f.ctx(f.admin)) }
        #expect(same?.code == .invalid)
        let nobody = await storeError { _ = try await f.store.handOver(from: f.alice.id, to: RepID(999), try f.ctx(f.admin)) }
        #expect(nobody?.code == .notFound)
    }

    @Test func remindersAreDueOnceAndComeBackWhenReleased() async throws {
        let f = try await Fixture.make()
        let now = try moment("2026-03-02T09:00")
        let dated = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "call Zhou", due: try moment("2026-03-02")), try f.ctx(f.alice))
        let timed = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "send quote", due: try moment("2026-03-02T08:30")), try f.ctx(f.alice))
        _ = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "later", due: try moment("2026-03-02T09:30")), try f.ctx(f.alice))
        _ = try await f.store.addTask(NewTask(repID: f.alice.id, what: "undated"), try f.ctx(f.alice))
        _ = try await f.store.addTask(
            NewTask(repID: f.bob.id, what: "bob's", due: try moment("2026-03-01")), try f.ctx(f.bob))
        let due = try await f.store.dueReminders(for: f.alice.id, asOf: now)
        #expect(due.map(\.id) == [dated.id, timed.id])
        #expect(try await f.store.claimReminder(dated, at: now) != nil)
        #expect(try await f.store.claimReminder(dated, at: now) == nil)
        #expect(try await f.store.dueReminders(for: f.alice.id, asOf: now).map(\.id) == [timed.id])
        try await f.store.releaseReminder(dated)
        #expect(try await f.store.dueReminders(for: f.alice.id, asOf: now).map(\.id) == [dated.id, timed.id])
        // A done task is not reminded.
        _ = try await f.store.completeTask(timed.id, next: nil, try f.ctx(f.alice))
        #expect(try await f.store.dueReminders(for: f.alice.id, asOf: now).map(\.id) == [dated.id])
    }

    @Test func aTaskUndoneOrDoneAfterTheQueryHasNoReminderToClaim() async throws {
        let f = try await Fixture.make()
        let now = try moment("2026-03-02T09:00")
        let undone = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "call", due: try moment("2026-03-02T08:00")), try f.ctx(f.alice))
        let due = try await f.store.dueReminders(for: f.alice.id, asOf: now)
        #expect(due.map(\.id) == [undone.id])
        // Undone between the query and the claim: the task row is gone.
        #expect(try await f.store.undoLastChange(by: f.alice.id, at: now)?.action == "test")
        #expect(try await f.store.task(id: undone.id) == nil)
        #expect(try await f.store.claimReminder(due[0], at: now) == nil)
        // Done between the query and the claim: nothing to remind of either.
        let done = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "visit", due: try moment("2026-03-02T08:30")), try f.ctx(f.alice))
        let read = try await f.store.dueReminders(for: f.alice.id, asOf: now)
        _ = try await f.store.completeTask(done.id, next: nil, try f.ctx(f.alice))
        #expect(try await f.store.claimReminder(try #require(read.first), at: now) == nil)
    }

    @Test func aPushedReminderStaysUnacknowledgedUntilAcknowledgedAndWhileItsTaskIsOpen() async throws {
        let f = try await Fixture.make()
        let now = try moment("2026-03-02T09:00")
        let call = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "call Zhou", due: try moment("2026-03-02T08:00")), try f.ctx(f.alice))
        let quote = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "send quote", due: try moment("2026-03-02T08:30")), try f.ctx(f.alice))
        let first = try #require(try await f.store.claimReminder(call, at: now))
        let second = try #require(try await f.store.claimReminder(quote, at: now))
        #expect(first != second)
        #expect(try await f.store.unacknowledgedReminders(for: f.alice.id).map(\.eventID) == [first, second])
        #expect(try await f.store.unacknowledgedReminders(for: f.bob.id).isEmpty)
        #expect(try await f.store.reminderEvent(first)?.repName == "Alice")
        #expect(try await f.store.reminderEvent(first)?.acknowledged == false)
        #expect(try await f.store.reminderEvent(9_999) == nil)
        try await f.store.acknowledgeReminder(first, at: now)
        #expect(try await f.store.reminderEvent(first)?.acknowledged == true)
        // Pushing again is claimed by one caller only: the second with the same count loses.
        #expect(try await f.store.claimRedelivery(second, seen: 1, at: try moment("2026-03-02T09:05")))
        #expect(try await f.store.claimRedelivery(second, seen: 1, at: try moment("2026-03-02T09:05")) == false)
        let pending = try await f.store.unacknowledgedReminders(for: f.alice.id)
        let redelivered = try moment("2026-03-02T09:05")
        #expect(pending.map(\.eventID) == [second] && pending.first?.deliveredAt == redelivered && pending.first?.deliveries == 2)
        // An acknowledged reminder is not pushed again.
        #expect(try await f.store.claimRedelivery(first, seen: 1, at: now) == false)
        // Done since: nothing to remind of, acknowledged or not.
        _ = try await f.store.completeTask(quote.id, next: nil, try f.ctx(f.alice))
        #expect(try await f.store.unacknowledgedReminders(for: f.alice.id).isEmpty)
        // Nor is a claimed reminder due again as new.
        #expect(try await f.store.dueReminders(for: f.alice.id, asOf: now).isEmpty)
    }

    @Test func aCheckpointEmptiesTheWriteAheadLogAndKeepsTheData() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        let f = try await Fixture.make(try SQLiteStore.open(path: path))
        _ = try await f.customer("Quanyu Hospital", by: f.alice)
        try await f.store.checkpoint()
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        #expect(wal == 0)
        let reopened = try SQLiteStore.open(path: path)
        #expect(try await reopened.rep(named: "Alice") != nil)
    }
}
