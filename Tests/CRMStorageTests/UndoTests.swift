import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct UndoTests {
    let undoAt = "2026-03-09T12:00"

    func undo(_ f: Fixture, _ rep: Rep) async throws -> ChangeEntry? {
        try await f.store.undoLastChange(by: rep.id, at: try moment(undoAt))
    }

    @Test func undoCustomerAddAndUpdate() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Acme", by: f.alice, aliases: ["ACME Ltd"])
        let before = try #require(try await f.store.customer(id: c.id))
        _ = try await f.store.updateCustomer(
            c.id, [.name("Acme Group"), .addAlias("AG"), .creditLimit(Money(cents: 5)), .consumptionRate(1.25), .stage(.won)],
            try f.ctx(f.alice, "customer.update"))
        let undone = try #require(try await undo(f, f.alice))
        #expect(undone.action == "customer.update")
        #expect(undone.label == "Acme Group")
        #expect(try await f.store.customer(id: c.id) == before)
        let second = try #require(try await undo(f, f.alice))
        #expect(second.action == "customer.add")
        #expect(try await f.store.customer(id: c.id) == nil)
        #expect(try await f.store.directory(in: .everything).isEmpty)
        #expect(try await undo(f, f.alice) == nil)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 5).isEmpty)
    }

    @Test func undoContactAddAndProfile() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Hospital", by: f.alice)
        let k = try await f.store.addContact(
            NewContact(customerID: c.id, name: "Wang", aliases: ["王"], roles: [.buyer]), try f.ctx(f.alice, "contact.add"))
        _ = try await f.store.updateContact(
            k.id, [.addRoles([.decider]), .addNeeds([.power]), .style(.powerful), .phone("1")], try f.ctx(f.alice))
        _ = try await undo(f, f.alice)
        #expect(try await f.store.contact(id: k.id) == k)
        #expect(try await undo(f, f.alice)?.label == "Wang")
        #expect(try await f.store.contact(id: k.id) == nil)
        #expect(try await f.store.customer(id: c.id) != nil)
    }

    @Test func undoEachRecordKind() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Hospital", by: f.alice)
        let ctx = try f.ctx(f.alice)
        _ = try await f.store.logActivity(NewActivity(customerID: c.id, type: .visit, at: try moment("2026-03-01")), ctx)
        _ = try await f.store.recordOrder(NewOrder(customerID: c.id, amount: Money(cents: 100), date: try date("2026-03-01")), ctx)
        _ = try await f.store.recordPayment(NewPayment(customerID: c.id, amount: Money(cents: 60), date: try date("2026-03-01")), ctx)
        _ = try await f.store.logObjection(NewObjection(customerID: c.id, kind: .busy, date: try date("2026-03-01")), ctx)
        let complaint = try await f.store.openComplaint(NewComplaint(customerID: c.id, note: "x"), ctx)
        _ = try await f.store.resolveComplaint(complaint.id, resolution: "y", ctx)

        _ = try await undo(f, f.alice)  // resolve
        #expect(try await f.store.complaint(id: complaint.id) == complaint)
        _ = try await undo(f, f.alice)  // open
        #expect(try await f.store.complaint(id: complaint.id) == nil)
        _ = try await undo(f, f.alice)  // objection
        #expect(try await f.store.objectionCount() == 0)
        var card = try #require(try await f.store.card(for: c.id, recentLimit: 5))
        #expect(card.totalPaid.cents == 60)
        _ = try await undo(f, f.alice)  // payment
        card = try #require(try await f.store.card(for: c.id, recentLimit: 5))
        #expect(card.totalPaid.cents == 0 && card.orderCount == 1)
        _ = try await undo(f, f.alice)  // order
        card = try #require(try await f.store.card(for: c.id, recentLimit: 5))
        #expect(card.orderCount == 0 && card.recentActivities.count == 1)
        _ = try await undo(f, f.alice)  // activity
        card = try #require(try await f.store.card(for: c.id, recentLimit: 5))
        #expect(card.recentActivities.isEmpty)
    }

    @Test func undoReferralRemovesCreatedLead() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Hospital", by: f.alice)
        let r = try await f.store.logReferral(
            NewReferral(fromCustomerID: c.id, to: .new(NewCustomer(name: "Clinic", aliases: ["C"])), date: try date("2026-03-01")),
            try f.ctx(f.alice, "referral.log")).referral
        #expect(try await undo(f, f.alice)?.action == "referral.log")
        #expect(try await f.store.customer(id: r.toCustomerID) == nil)
        #expect(try await f.store.card(for: c.id, recentLimit: 5)?.referredOut.isEmpty == true)
    }

    /// A rep's own last record on a customer since handed to another rep is not theirs to
    /// undo any more (undo respects the scope like every other path).
    @Test func undoOfARecordOnACustomerHandedOverSinceIsRefused() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Hospital", by: f.alice)
        // Already a customer, so the order writes only its own row.
        _ = try await f.store.updateCustomer(c.id, [.stage(.customer)], try f.ctx(f.alice, "stage.set"))
        _ = try await f.store.recordOrder(
            NewOrder(customerID: c.id, amount: Money(cents: 100_00), date: try date("2026-03-01")), try f.ctx(f.alice, "order.record"))
        _ = try await f.store.updateCustomer(c.id, [.owner(f.bob.id)], try f.ctx(f.bob, "customer.update"))
        let at = try #require(LocalDateTime(iso: "2026-03-02T10:00"))
        do {
            _ = try await f.store.undoLastChange(by: f.alice.id, at: at, requestKey: nil, within: .owners([f.alice.id]))
            Issue.record("undo went through")
        } catch let e as StoreError {
            #expect(e.code == .forbidden)
        }
        #expect(try await f.store.card(for: c.id, recentLimit: 5)?.orderCount == 1)
        // Within a scope that holds the new owner (a manager of both, an admin) it goes through.
        #expect(try await f.store.undoLastChange(by: f.alice.id, at: at, requestKey: nil, within: .owners([f.alice.id, f.bob.id]))?.action == "order.record")
        #expect(try await f.store.card(for: c.id, recentLimit: 5)?.orderCount == 0)
    }

    @Test func undoTaskCompletionRemovesNextOccurrence() async throws {
        let f = try await Fixture.make()
        let t = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "water plants", due: try moment("2026-03-01"), recurrence: .daily),
            try f.ctx(f.alice, "task.add"))
        let (_, next) = try await f.store.completeTask(
            t.id, next: NewTask(repID: f.alice.id, what: "water plants", due: try moment("2026-03-02"), recurrence: .daily),
            try f.ctx(f.alice, "task.done"))
        let n = try #require(next)
        let entry = try #require(try await undo(f, f.alice))
        #expect(entry.action == "task.done" && entry.label == "water plants")
        #expect(try await f.store.task(id: t.id) == t)
        #expect(try await f.store.task(id: n.id) == nil)
        #expect(try await f.store.openTasks(for: f.alice.id, dueBefore: nil) == [t])
        _ = try await undo(f, f.alice)
        #expect(try await f.store.task(id: t.id) == nil)
    }

    @Test func undoIsPerRep() async throws {
        let f = try await Fixture.make()
        let a = try await f.customer("Alice's", by: f.alice)
        let b = try await f.customer("Bob's", by: f.bob)
        _ = try await f.customer("Alice's second", by: f.alice)
        let entry = try #require(try await undo(f, f.bob))
        #expect(entry.repID == f.bob.id && entry.label == "Bob's")
        #expect(try await f.store.customer(id: b.id) == nil)
        #expect(try await f.store.customer(id: a.id) != nil)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 5).count == 2)
        #expect(try await undo(f, f.bob) == nil)
        #expect(try await undo(f, f.alice)?.label == "Alice's second")
        #expect(try await undo(f, f.alice)?.label == "Alice's")
        #expect(try await undo(f, f.alice) == nil)
    }

    @Test func undoBlockedByAnotherRepsDependentRecordsFailsCleanly() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Shared", by: f.alice)
        _ = try await f.store.logActivity(
            NewActivity(customerID: c.id, type: .call, at: try moment("2026-03-01")), try f.ctx(f.bob, "activity.log"))
        let e = await storeError { _ = try await undo(f, f.alice) }
        #expect(e?.code == .constraint)
        #expect(e?.message.contains("cannot be undone") == true)
        #expect(try await f.store.customer(id: c.id) != nil)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 5).count == 1)
        _ = try await undo(f, f.bob)
        #expect(try await undo(f, f.alice)?.label == "Shared")
        #expect(try await f.store.customer(id: c.id) == nil)
    }

    @Test func undoRefusedWhenAnotherRepChangedTheRecordSince() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Shared", by: f.alice)
        _ = try await f.store.updateCustomer(c.id, [.stage(.prospect)], try f.ctx(f.alice, "stage.set"))
        let bobs = try await f.store.updateCustomer(c.id, [.note("bob was here")], try f.ctx(f.bob, "customer.update"))
        let e = await storeError { _ = try await undo(f, f.alice) }
        #expect(e?.code == .constraint)
        #expect(e?.message.contains("changed since by another rep") == true)
        #expect(try await f.store.customer(id: c.id) == bobs)
        _ = try await undo(f, f.bob)
        #expect(try await undo(f, f.alice)?.action == "stage.set")
        #expect(try await f.store.customer(id: c.id)?.stage == .lead)
    }
}

extension SQLiteStore {
    /// Test helper: number of objections (no protocol reader exists for them).
    func objectionCount() async throws -> Int64 {
        try await reading { db in try db.scalarInt("SELECT COUNT(*) FROM objections") ?? -1 }
    }
}
