import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

/// Undo never takes a customer back, or away, while another rep's later records
/// depend on the change: the authorization leak of issue 8 (a rep hands a customer
/// to a colleague, the colleague logs private notes, the first rep's undo pulls the
/// customer back with those notes).
@Suite struct UndoDependencyTests {
    /// One kind of record Bob writes about the customer after it became his.
    enum LaterWrite: String, CaseIterable, CustomTestStringConvertible {
        case activity, activityWithContact, order, payment, complaint, task, contact, contactProfile, objection
        case referralFrom, referralTo, customerUpdate, alias

        var testDescription: String { rawValue }

        func perform(_ f: Fixture, _ customer: Customer, _ contact: Contact, _ other: Customer) async throws {
            let ctx = try f.ctx(f.bob, "later", "2026-03-02T10:00")
            let day = try date("2026-03-02")
            switch self {
            case .activity:
                _ = try await f.store.logActivity(
                    NewActivity(customerID: customer.id, type: .visit, at: try moment("2026-03-02"), note: "bob secret"), ctx)
            case .activityWithContact:
                _ = try await f.store.logActivity(
                    NewActivity(customerID: customer.id, contactID: contact.id, type: .call, at: try moment("2026-03-02")), ctx)
            case .order:
                _ = try await f.store.recordOrder(NewOrder(customerID: customer.id, amount: Money(cents: 900), date: day), ctx)
            case .payment:
                _ = try await f.store.recordPayment(NewPayment(customerID: customer.id, amount: Money(cents: 500), date: day), ctx)
            case .complaint:
                _ = try await f.store.openComplaint(NewComplaint(customerID: customer.id, note: "late delivery"), ctx)
            case .task:
                _ = try await f.store.addTask(
                    NewTask(repID: f.bob.id, what: "call back", customerID: customer.id, due: try moment("2026-03-05")), ctx)
            case .contact:
                _ = try await f.store.addContact(NewContact(customerID: customer.id, name: "Zhou Hua"), ctx)
            case .contactProfile:
                _ = try await f.store.updateContact(contact.id, [.phone("13800001111"), .addNeeds([.safety])], ctx)
            case .objection:
                _ = try await f.store.logObjection(NewObjection(customerID: customer.id, kind: .price, date: day), ctx)
            case .referralFrom:
                _ = try await f.store.logReferral(NewReferral(fromCustomerID: customer.id, to: .existing(other.id), date: day), ctx)
            case .referralTo:
                _ = try await f.store.logReferral(NewReferral(fromCustomerID: other.id, to: .existing(customer.id), date: day), ctx)
            case .customerUpdate:
                _ = try await f.store.updateCustomer(customer.id, [.note("bob's plans")], ctx)
            case .alias:
                _ = try await f.store.updateCustomer(customer.id, [.addAlias("GC")], ctx)
            }
        }
    }

    /// Alice adds Gift Co with a contact, makes Bob its owner; Bob has a customer of his own.
    func handedToBob() async throws -> (Fixture, Customer, Contact, Customer) {
        let f = try await Fixture.make()
        let gift = try await f.customer("Gift Co", by: f.alice)
        let wang = try await f.store.addContact(NewContact(customerID: gift.id, name: "Wang"), try f.ctx(f.alice, "contact.add"))
        let bobs = try await f.customer("Bob's Own", by: f.bob)
        _ = try await f.store.updateCustomer(gift.id, [.owner(f.bob.id)], try f.ctx(f.alice, "customer.update"))
        return (f, gift, wang, bobs)
    }

    func undo(_ f: Fixture, _ rep: Rep) async throws -> ChangeEntry? {
        try await f.store.undoLastChange(by: rep.id, at: try moment("2026-03-09T12:00"))
    }

    @Test(arguments: LaterWrite.allCases)
    func ownerChangeIsNotUndoneOnceTheNewOwnerBuiltOnIt(_ write: LaterWrite) async throws {
        let (f, gift, wang, bobs) = try await handedToBob()
        try await write.perform(f, gift, wang, bobs)
        let e = await storeError { _ = try await undo(f, f.alice) }
        #expect(e?.code == .constraint)
        #expect(e?.message.hasPrefix("That change cannot be undone: ") == true)
        #expect(try await f.store.customer(id: gift.id)?.ownerID == f.bob.id)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 1).first?.action == "customer.update")
        // Once Bob takes his record back, Alice's undo goes through.
        #expect(try await undo(f, f.bob) != nil)
        #expect(try await undo(f, f.alice)?.action == "customer.update")
        #expect(try await f.store.customer(id: gift.id)?.ownerID == f.alice.id)
    }

    @Test func ownerChangeIsUndoneWhenOthersWroteOnlyElsewhere() async throws {
        let (f, gift, _, bobs) = try await handedToBob()
        _ = try await f.store.logActivity(
            NewActivity(customerID: bobs.id, type: .visit, at: try moment("2026-03-02")), try f.ctx(f.bob))
        let undone = try #require(try await undo(f, f.alice))
        #expect(undone.action == "customer.update")
        #expect(try await f.store.customer(id: gift.id)?.ownerID == f.alice.id)
        // Moving the customer back is an ownership change too.
        let audit = try await f.store.auditLog(limit: 5)
        #expect(audit.map(\.kind) == [.handover, .handover])
        #expect(audit.first?.detail == "undo of change #\(undone.id): Gift Co (customer #\(gift.id.rawValue)): owner Bob → Alice")
        #expect(audit.first?.repID == f.bob.id)
    }

    @Test func handoverIsNotUndoneOnceTheSuccessorBuiltOnIt() async throws {
        let f = try await Fixture.make()
        let gift = try await f.customer("Gift Co", by: f.alice)
        _ = try await f.store.handOver(from: f.alice.id, to: f.bob.id, try f.ctx(f.admin, "handover"))
        _ = try await f.store.recordOrder(
            NewOrder(customerID: gift.id, amount: Money(cents: 100), date: try date("2026-03-02")), try f.ctx(f.bob))
        let e = await storeError { _ = try await undo(f, f.admin) }
        #expect(e?.code == .constraint)
        #expect(try await f.store.customer(id: gift.id)?.ownerID == f.bob.id)
    }

    @Test func contactChangeIsNotUndoneOnceAnotherRepUsedTheContact() async throws {
        let f = try await Fixture.make()
        let gift = try await f.customer("Gift Co", by: f.alice)
        let wang = try await f.store.addContact(NewContact(customerID: gift.id, name: "Wang"), try f.ctx(f.alice))
        _ = try await f.store.updateContact(wang.id, [.name("Wang Tong")], try f.ctx(f.alice, "contact.profile"))
        _ = try await f.store.addTask(
            NewTask(repID: f.manager.id, what: "meet Wang Tong", contactID: wang.id), try f.ctx(f.manager))
        let e = await storeError { _ = try await undo(f, f.alice) }
        #expect(e?.code == .constraint)
        #expect(try await f.store.contact(id: wang.id)?.name == "Wang Tong")
    }

    @Test func ownerChangeIsAuditedLikeAHandover() async throws {
        let (f, gift, _, _) = try await handedToBob()
        let entry = try #require(try await f.store.auditLog(limit: 5).first)
        #expect(entry.kind == .handover)
        #expect(entry.actor == "Alice")
        #expect(entry.repID == f.alice.id)
        #expect(entry.detail == "Gift Co (customer #\(gift.id.rawValue)): owner Alice → Bob")
        // A change that keeps the owner is not audited.
        _ = try await f.store.updateCustomer(gift.id, [.owner(f.bob.id), .note("x")], try f.ctx(f.bob))
        #expect(try await f.store.auditLog(limit: 5).count == 1)
    }
}
