import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct RecordsTests {
    @Test func cardGathersEverythingNewestFirst() async throws {
        let f = try await Fixture.make()
        let hospital = try await f.customer("Hospital", by: f.alice)
        let wang = try await f.store.addContact(NewContact(customerID: hospital.id, name: "Wang Tong"), try f.ctx(f.alice))
        let ctx = try f.ctx(f.alice)
        let first = try await f.store.logActivity(
            NewActivity(customerID: hospital.id, contactID: wang.id, type: .visit, at: try moment("2026-02-01T09:00"),
                note: "demo"), ctx)
        #expect(first.repID == f.alice.id && first.contactID == wang.id && first.note == "demo")
        _ = try await f.store.logActivity(NewActivity(customerID: hospital.id, type: .call, at: try moment("2026-02-03")), ctx)
        _ = try await f.store.logActivity(NewActivity(customerID: hospital.id, type: .email, at: try moment("2026-02-02T18:00")), ctx)
        let o1 = try await f.store.recordOrder(
            NewOrder(customerID: hospital.id, amount: Money(cents: 120_000_00), quantity: 40, item: "GSM phones",
                date: try date("2026-02-05")), ctx)
        #expect(o1.quantity == 40 && o1.item == "GSM phones" && o1.amount.cents == 120_000_00)
        _ = try await f.store.recordOrder(NewOrder(customerID: hospital.id, amount: Money(cents: 50), date: try date("2026-01-05")), ctx)
        let p = try await f.store.recordPayment(NewPayment(customerID: hospital.id, amount: Money(cents: 100_000_00), date: try date("2026-02-10")), ctx)
        #expect(try p.amount.cents == 100_000_00 && p.date == (try date("2026-02-10")))
        let objection = try await f.store.logObjection(
            NewObjection(customerID: hospital.id, contactID: wang.id, kind: .price, note: "too dear", date: try date("2026-02-11")), ctx)
        #expect(objection.kind == .price && objection.note == "too dear" && objection.contactID == wang.id)
        let task = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "Call Wang", customerID: hospital.id, contactID: wang.id,
                due: try moment("2026-03-02T10:00")), ctx)
        let complaint = try await f.store.openComplaint(NewComplaint(customerID: hospital.id, note: "late delivery"), ctx)

        let card = try #require(try await f.store.card(for: hospital.id, recentLimit: 2))
        #expect(card.customer.id == hospital.id)
        #expect(card.owner == f.alice)
        #expect(card.contacts.map(\.id) == [wang.id])
        #expect(card.recentActivities.map(\.type) == [.call, .email])
        #expect(card.recentOrders.map(\.id) == [o1.id, OrderID(o1.id.rawValue + 1)])
        #expect(card.orderCount == 2)
        #expect(card.totalOrdered.cents == 120_000_50)
        #expect(card.totalPaid.cents == 100_000_00)
        #expect(card.outstanding.cents == 20_000_50)
        #expect(card.openTasks == [task])
        #expect(card.openComplaints == [complaint])
        #expect(card.referredOut.isEmpty && card.referredBy == nil)
        #expect(try await f.store.card(for: CustomerID(999), recentLimit: 5) == nil)
    }

    @Test func referralToNewLeadCreatesCustomerInSameChange() async throws {
        let f = try await Fixture.make()
        let hospital = try await f.customer("Hospital", by: f.alice)
        let school = try await f.customer("School", by: f.alice)
        let referral = try await f.store.logReferral(
            NewReferral(fromCustomerID: hospital.id, to: .new(NewCustomer(name: "Clinic", stage: .key)), note: "friend",
                date: try date("2026-03-01")), try f.ctx(f.alice, "referral.log")).referral
        let lead = try #require(try await f.store.customer(id: referral.toCustomerID))
        #expect(lead.name == "Clinic")
        #expect(lead.ownerID == f.alice.id)
        #expect(lead.stage == .lead)
        #expect(referral.note == "friend" && referral.repID == f.alice.id)
        let existing = try await f.store.logReferral(
            NewReferral(fromCustomerID: hospital.id, to: .existing(school.id), date: try date("2026-03-02")), try f.ctx(f.alice)
        ).referral
        let card = try #require(try await f.store.card(for: hospital.id, recentLimit: 5))
        #expect(card.referredOut == [referral, existing])
        let leadCard = try #require(try await f.store.card(for: lead.id, recentLimit: 5))
        #expect(leadCard.referredBy == referral)
        let changes = try await f.store.recentChanges(by: f.alice.id, limit: 2)
        #expect(changes.map(\.label) == ["School", "Clinic"])
    }

    /// Issue 9: "Wang Tong referred Kevin Wu of Sunrise Dental" adds Kevin Wu as a contact
    /// of Sunrise Dental (a new lead when unknown); the same referral again is one referral.
    @Test func aReferralOfAPersonAtACompanyAddsTheContactAndIsKeptOnce() async throws {
        let f = try await Fixture.make()
        let hospital = try await f.customer("Hospital", by: f.alice)
        let draft = NewReferral(
            fromCustomerID: hospital.id, to: .new(NewCustomer(name: "Sunrise Dental", stage: .lead)),
            toContact: .named("Kevin Wu"), date: try date("2026-03-01"))
        let first = try await f.store.logReferral(draft, try f.ctx(f.alice, "referral.log"))
        #expect(!first.repeated)
        let company = try #require(try await f.store.customer(id: first.referral.toCustomerID))
        #expect(company.name == "Sunrise Dental" && company.stage == .lead && company.ownerID == f.alice.id)
        let kevinID = try #require(first.referral.toContactID)
        let kevin = try #require(try await f.store.contact(id: kevinID))
        #expect(kevin.name == "Kevin Wu" && kevin.customerID == company.id)
        // Said again (the company and the person are now on record): nothing new is written.
        let changes = try await f.store.recentChanges(by: f.alice.id, limit: 10).count
        let again = try await f.store.logReferral(
            NewReferral(fromCustomerID: hospital.id, to: .existing(company.id), toContact: .named("kevin wu"),
                date: try date("2026-03-02")), try f.ctx(f.alice, "referral.log"))
        #expect(again.repeated && again.referral == first.referral)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 10).count == changes)
        // Another person at the same company is another referral, and undo takes back only that.
        let lin = try await f.store.logReferral(
            NewReferral(fromCustomerID: hospital.id, to: .existing(company.id), toContact: .named("Amy Lin"),
                date: try date("2026-03-02")), try f.ctx(f.alice, "referral.log"))
        #expect(!lin.repeated && lin.referral.toCustomerID == company.id && lin.referral.toContactID != kevin.id)
        let later = try #require(LocalDateTime(iso: "2026-03-02T10:00"))
        let linID = try #require(lin.referral.toContactID)
        _ = try await f.store.undoLastChange(by: f.alice.id, at: later, requestKey: nil)
        #expect(try await f.store.contact(id: linID) == nil)
        #expect(try await f.store.contact(id: kevin.id) != nil)
        #expect(try await f.store.card(for: hospital.id, recentLimit: 5)?.referredOut == [first.referral])
    }

    @Test func complaintResolveAcknowledgesFirst() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Hospital", by: f.alice)
        let opened = try await f.store.openComplaint(NewComplaint(customerID: c.id, note: "broken"), try f.ctx(f.alice, "complaint.open", "2026-03-01T09:00"))
        #expect(try opened.isOpen && opened.acknowledgedAt == nil && opened.openedAt == (try moment("2026-03-01T09:00")))
        let resolved = try await f.store.resolveComplaint(opened.id, resolution: "replaced", try f.ctx(f.alice, "complaint.resolve", "2026-03-02T11:00"))
        #expect(resolved.resolvedAt == (try moment("2026-03-02T11:00")))
        #expect(resolved.acknowledgedAt == resolved.resolvedAt)
        #expect(resolved.resolution == "replaced")
        #expect(try await f.store.complaint(id: opened.id) == resolved)
        let again = await storeError { _ = try await f.store.resolveComplaint(opened.id, resolution: nil, try f.ctx(f.alice)) }
        #expect(again?.code == .invalid)
        let missing = await storeError { _ = try await f.store.resolveComplaint(ComplaintID(99), resolution: nil, try f.ctx(f.alice)) }
        #expect(missing?.code == .notFound)
    }

    @Test func tasksOrderAndRecurringCompletion() async throws {
        let f = try await Fixture.make()
        let ctx = try f.ctx(f.alice, "task.add")
        let undated = try await f.store.addTask(NewTask(repID: f.alice.id, what: "someday"), ctx)
        let timed = try await f.store.addTask(NewTask(repID: f.alice.id, what: "at ten", due: try moment("2026-03-05T10:00")), ctx)
        let dayOnly = try await f.store.addTask(NewTask(repID: f.alice.id, what: "that day", due: try moment("2026-03-05")), ctx)
        let early = try await f.store.addTask(
            NewTask(repID: f.alice.id, what: "weekly report", due: try moment("2026-03-02T09:00"), recurrence: .weekly), ctx)
        _ = try await f.store.addTask(NewTask(repID: f.bob.id, what: "bob's"), try f.ctx(f.bob))
        #expect(try await f.store.openTasks(for: f.alice.id, dueBefore: nil).map(\.id) == [early.id, dayOnly.id, timed.id, undated.id])
        // Due before a day: dated tasks only, a time on the day before included, the day itself not.
        let march = { (d: Int) in CivilDate(year: 2026, month: 3, day: d) }
        #expect(try await f.store.openTasks(for: f.alice.id, dueBefore: march(6)).map(\.id) == [early.id, dayOnly.id, timed.id])
        #expect(try await f.store.openTasks(for: f.alice.id, dueBefore: march(5)).map(\.id) == [early.id])
        #expect(try await f.store.openTasks(for: f.alice.id, dueBefore: march(2)).isEmpty)

        let next = NewTask(repID: f.alice.id, what: "weekly report", due: try moment("2026-03-09T09:00"), recurrence: .weekly)
        let (done, created) = try await f.store.completeTask(early.id, next: next, try f.ctx(f.alice, "task.done", "2026-03-02T09:30"))
        #expect(done.doneAt == (try moment("2026-03-02T09:30")))
        #expect(!done.isOpen)
        let n = try #require(created)
        #expect(n.due == next.due && n.recurrence == .weekly && n.isOpen)
        #expect(try await f.store.task(id: n.id) == n)
        #expect(try await f.store.openTasks(for: f.alice.id, dueBefore: nil).map(\.id) == [dayOnly.id, timed.id, n.id, undated.id])
        let twice = await storeError { _ = try await f.store.completeTask(early.id, next: nil, try f.ctx(f.alice)) }
        #expect(twice?.code == .invalid)
        let (_, none) = try await f.store.completeTask(undated.id, next: nil, try f.ctx(f.alice))
        #expect(none == nil)
    }

    @Test func recentChangesNewestFirstWithLimit() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("One", by: f.alice)
        _ = try await f.store.addTask(NewTask(repID: f.alice.id, what: "Two"), try f.ctx(f.alice, "task.add", "2026-03-01T11:00"))
        let changes = try await f.store.recentChanges(by: f.alice.id, limit: 5)
        #expect(changes.map(\.label) == ["Two", "One"])
        #expect(changes.map(\.action) == ["task.add", "customer.add"])
        #expect(changes[0].at == (try moment("2026-03-01T11:00")))
        #expect(changes[0].repID == f.alice.id)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 1).count == 1)
    }
}
