import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct InsightReadsTests {
    private func query(_ asOf: String, exact: Bool = false, stages: Set<Stage>? = nil) throws -> InsightQuery {
        InsightQuery(
            asOf: try date(asOf), windowStart: try date("2026-02-01"), periodStart: try date("2026-03-01"), stages: stages,
            exactAsOf: exact)
    }

    /// Orders on Jan 1, Jan 31, Mar 2, Mar 12 (gaps 30, 30, 10: median 30), two payments,
    /// two activities, one open and one resolved complaint.
    private func hospital(_ f: Fixture) async throws -> Customer {
        let h = try await f.customer("Hospital", by: f.alice)
        let ctx = try f.ctx(f.alice)
        for (d, qty, units) in [("2026-01-01", 10, 100), ("2026-01-31", 20, 200), ("2026-03-02", 30, 300), ("2026-03-12", 5, 50)] {
            _ = try await f.store.recordOrder(
                NewOrder(customerID: h.id, amount: Money(cents: Int64(units) * 100), quantity: Int64(qty), date: try date(d)), ctx)
        }
        _ = try await f.store.recordPayment(NewPayment(customerID: h.id, amount: Money(cents: 250_00), date: try date("2026-02-01")), ctx)
        _ = try await f.store.recordPayment(NewPayment(customerID: h.id, amount: Money(cents: 50_00), date: try date("2026-03-20")), ctx)
        _ = try await f.store.logActivity(NewActivity(customerID: h.id, type: .visit, at: try moment("2026-03-05T10:00")), ctx)
        _ = try await f.store.logActivity(NewActivity(customerID: h.id, type: .call, at: try moment("2026-02-01")), ctx)
        let resolved = try await f.store.openComplaint(NewComplaint(customerID: h.id, note: "late"), try f.ctx(f.alice, "c", "2026-03-01T09:00"))
        _ = try await f.store.resolveComplaint(resolved.id, resolution: "sorry", try f.ctx(f.alice, "c", "2026-03-03T09:00"))
        _ = try await f.store.openComplaint(NewComplaint(customerID: h.id, note: "broken"), try f.ctx(f.alice, "c", "2026-03-10T09:00"))
        return h
    }

    @Test func factsCarryTheAggregatesKeptByTriggers() async throws {
        let f = try await Fixture.make()
        let h = try await hospital(f)
        _ = try await f.store.updateCustomer(
            h.id, [.creditLimit(Money(cents: 100_00)), .salesPlan(Money(cents: 1_000_00)), .payday(25), .cost(Money(cents: 70_00))],
            try f.ctx(f.alice))
        let facts = try await f.store.insightFacts(try query("2026-03-31"), in: .everything)
        let x = try #require(facts.first)
        #expect(facts.count == 1)
        // Its orders made the lead a customer (funnel rule).
        #expect(x.id == h.id && x.name == "Hospital" && x.ownerID == f.alice.id && x.stage == .customer)
        #expect(x.orderCount == 4)
        #expect(try x.firstOrder == (try date("2026-01-01")) && x.lastOrder == (try date("2026-03-12")))
        #expect(x.medianGapDays == 30)
        #expect(x.totalOrdered == Money(cents: 650_00) && x.totalPaid == Money(cents: 300_00))
        #expect(x.balance == Money(cents: 350_00))
        #expect(x.quantityTotal == 65 && x.lastQuantity == 5 && x.lastOrderAmount == Money(cents: 50_00))
        #expect(x.lastContact == (try moment("2026-03-05T10:00")))
        // Window from Feb 1: 300 + 50; period from Mar 1: the same two orders.
        #expect(x.revenueInWindow == Money(cents: 350_00))
        #expect(x.orderedInPeriod == Money(cents: 350_00))
        #expect(x.openComplaints.map(\.note) == ["broken"])
        #expect(x.creditLimit == Money(cents: 100_00) && x.salesPlan == Money(cents: 1_000_00) && x.payday == 25)
        #expect(x.cost == Money(cents: 70_00))
    }

    /// On a file (reads on pooled read-only connections) the first question of a window
    /// refills the kept window revenue, and the card and the facts read it from then on:
    /// asking the readers whether the store was read-only kept it from ever being refilled,
    /// so every card summed every customer's orders of its owner's book again.
    @Test func aFileStoreRefillsTheWindowOnceAndReadsItAfter() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let f = try await Fixture.make(try SQLiteStore.open(path: dir.path("crm.sqlite")))
        let h = try await hospital(f)
        let window = { [store = f.store] in
            try await store.reading { db in try db.rows("SELECT window_start, as_of FROM insight_window") }
        }
        #expect(try await window().isEmpty)
        let card = try #require(try await f.store.cardFacts(for: h.id, try query("2026-03-31")))
        #expect(card.facts.revenueInWindow == Money(cents: 350_00))
        let kept = try await window()
        #expect(kept.count == 1)
        #expect(try kept.first?.string("window_start") == "2026-02-01" && kept.first?.string("as_of") == "2026-03-31")
        let windowCents = try await f.store.reading { db in
            try db.scalarInt("SELECT window_cents FROM customer_stats WHERE customer_id = ?", [.integer(h.id.rawValue)])
        }
        #expect(windowCents == 350_00)
        let facts = try await f.store.insightFacts(try query("2026-03-31"), in: .everything)
        #expect(facts.first?.revenueInWindow == Money(cents: 350_00))
    }

    @Test func undoingAnOrderRecomputesTheAggregates() async throws {
        let f = try await Fixture.make()
        let h = try await hospital(f)
        _ = try await f.store.recordOrder(NewOrder(customerID: h.id, amount: Money(cents: 999_00), date: try date("2026-03-30")), try f.ctx(f.bob))
        var x = try #require(try await f.store.insightFacts(try query("2026-03-31"), in: .everything).first)
        #expect(try x.orderCount == 5 && x.lastOrder == (try date("2026-03-30")))
        // Gaps 30, 30, 10, 18 → median (18 + 30) / 2 = 24.
        #expect(x.medianGapDays == 24)
        _ = try await f.store.undoLastChange(by: f.bob.id, at: try moment("2026-03-31T10:00"))
        x = try #require(try await f.store.insightFacts(try query("2026-03-31"), in: .everything).first)
        #expect(try x.orderCount == 4 && x.lastOrder == (try date("2026-03-12")) && x.medianGapDays == 30)
        #expect(x.totalOrdered == Money(cents: 650_00))
    }

    @Test func aCustomerWithoutRecordsHasEmptyAggregates() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("Empty", by: f.alice)
        let x = try #require(try await f.store.insightFacts(try query("2026-03-31"), in: .everything).first)
        #expect(x.orderCount == 0 && x.lastOrder == nil && x.medianGapDays == nil && x.lastContact == nil)
        #expect(x.totalOrdered == .zero && x.revenueInWindow == .zero && x.openComplaints.isEmpty)
        #expect(try await f.store.insightFacts(try query("2026-03-31"), in: .owners([])).isEmpty)
    }

    @Test func scopeAndStagesFilter() async throws {
        let f = try await Fixture.make()
        let mine = try await f.customer("Mine", by: f.alice)
        _ = try await f.customer("Bobs", by: f.bob)
        _ = try await f.store.updateCustomer(mine.id, [.stage(.key)], try f.ctx(f.alice))
        let aliceScope = try await f.store.accessScope(for: f.alice)
        #expect(try await f.store.insightFacts(try query("2026-03-31"), in: aliceScope).map(\.name) == ["Mine"])
        #expect(try await f.store.insightFacts(try query("2026-03-31"), in: .everything).count == 2)
        #expect(try await f.store.insightFacts(try query("2026-03-31", stages: [.key]), in: .everything).map(\.name) == ["Mine"])
        #expect(try await f.store.insightFacts(try query("2026-03-31", stages: [.won]), in: .everything).isEmpty)
    }

    @Test func exactAsOfLooksBack() async throws {
        let f = try await Fixture.make()
        _ = try await hospital(f)
        // As of Feb 15: two orders (Jan 1, Jan 31), one payment, the Feb 1 call, no complaint yet.
        let x = try #require(try await f.store.insightFacts(try query("2026-02-15", exact: true), in: .everything).first)
        #expect(try x.orderCount == 2 && x.lastOrder == (try date("2026-01-31")) && x.medianGapDays == 30)
        #expect(x.totalOrdered == Money(cents: 300_00) && x.totalPaid == Money(cents: 250_00))
        #expect(x.lastQuantity == 20 && x.lastOrderAmount == Money(cents: 200_00))
        #expect(x.lastContact == (try moment("2026-02-01")))
        #expect(x.openComplaints.isEmpty)
        // As of Mar 2 the first complaint is open (resolved on Mar 3).
        let y = try #require(try await f.store.insightFacts(try query("2026-03-02", exact: true), in: .everything).first)
        #expect(y.openComplaints.map(\.note) == ["late"])
        #expect(y.orderCount == 3 && y.medianGapDays == 30)
    }

    @Test func funnelCellsCountStageGradeAndQualification() async throws {
        let f = try await Fixture.make()
        let a = try await f.customer("A", by: f.alice)
        let b = try await f.customer("B", by: f.alice)
        _ = try await f.customer("C", by: f.bob)
        _ = try await f.store.updateCustomer(a.id, [.stage(.prospect), .grade(.A), .money(.yes), .authority(.yes), .need(.yes)], try f.ctx(f.alice))
        _ = try await f.store.updateCustomer(b.id, [.stage(.prospect), .grade(.A), .money(.yes)], try f.ctx(f.alice))
        let all = try await f.store.funnelCells(in: .everything)
        #expect(
            Set(all) == [
                FunnelCell(stage: .lead, grade: nil, qualified: false, count: 1),
                FunnelCell(stage: .prospect, grade: .A, qualified: false, count: 1),
                FunnelCell(stage: .prospect, grade: .A, qualified: true, count: 1),
            ])
        #expect(try await f.store.funnelCells(in: .owners([f.bob.id])).map(\.count) == [1])
    }

    @Test func birthdaysOfCustomersAndContactsAcrossTheYearEnd() async throws {
        let f = try await Fixture.make()
        let person = try await f.store.addCustomer(NewCustomer(kind: .person, name: "Li Na"), try f.ctx(f.alice))
        _ = try await f.store.updateCustomer(person.id, [.birthday(MonthDay(month: 1, day: 2))], try f.ctx(f.alice))
        let h = try await f.customer("Hospital", by: f.alice)
        let wang = try await f.store.addContact(NewContact(customerID: h.id, name: "Wang Tong"), try f.ctx(f.alice))
        _ = try await f.store.updateContact(wang.id, [.birthday(MonthDay(month: 12, day: 30, year: 1996))], try f.ctx(f.alice))
        let zhou = try await f.store.addContact(NewContact(customerID: h.id, name: "Zhou Hua"), try f.ctx(f.alice))
        _ = try await f.store.updateContact(zhou.id, [.birthday(MonthDay(month: 3, day: 1))], try f.ctx(f.alice))
        let bobs = try await f.store.addCustomer(NewCustomer(kind: .person, name: "Bob's"), try f.ctx(f.bob))
        _ = try await f.store.updateCustomer(bobs.id, [.birthday(MonthDay(month: 12, day: 31))], try f.ctx(f.bob))

        let found = try await f.store.birthdays(in: .owners([f.alice.id]), from: try date("2026-12-28"), days: 7)
        #expect(Set(found.map(\.name)) == ["Li Na", "Wang Tong"])
        let contact = try #require(found.first { $0.name == "Wang Tong" })
        #expect(contact.contactID == wang.id && contact.customerName == "Hospital" && contact.birthday.year == 1996)
        #expect(try await f.store.birthdays(in: .everything, from: try date("2026-12-28"), days: 7).count == 3)
        // Day 0 only.
        #expect(try await f.store.birthdays(in: .everything, from: try date("2026-12-30"), days: 0).map(\.name) == ["Wang Tong"])
    }

    @Test func customerHistoryHasEverything() async throws {
        let f = try await Fixture.make()
        let h = try await hospital(f)
        _ = try await f.store.logObjection(NewObjection(customerID: h.id, kind: .price, date: try date("2026-02-02")), try f.ctx(f.alice))
        _ = try await f.store.logReferral(
            NewReferral(fromCustomerID: h.id, to: .new(NewCustomer(name: "Clinic")), date: try date("2026-02-03")), try f.ctx(f.alice))
        let x = try #require(try await f.store.customerHistory(for: h.id))
        #expect(x.orders.map(\.date.iso) == ["2026-01-01", "2026-01-31", "2026-03-02", "2026-03-12"])
        #expect(x.totalPaid == Money(cents: 300_00))
        #expect(x.complaints.count == 2)
        #expect(x.objections.map(\.kind) == [.price])
        #expect(x.referralsOut == 1 && x.activityCount == 2)
        #expect(try await f.store.customerHistory(for: CustomerID(999)) == nil)
    }

    @Test func periodFactsAndStageMovesWhichUndoRemoves() async throws {
        let f = try await Fixture.make()
        let h = try await hospital(f)
        _ = try await f.store.updateCustomer(h.id, [.stage(.prospect)], try f.ctx(f.alice, "stage.set", "2026-03-10T10:00"))
        _ = try await f.store.updateCustomer(h.id, [.note("no move")], try f.ctx(f.alice, "customer.update", "2026-03-10T11:00"))
        _ = try await f.store.updateCustomer(h.id, [.stage(.customer)], try f.ctx(f.bob, "stage.set", "2026-03-11T10:00"))
        let facts = try await f.store.periodFacts(in: .everything, from: try date("2026-03-01"), through: try date("2026-03-31"))
        let alice = try #require(facts.first { $0.repID == f.alice.id })
        #expect(alice.activities == [.visit: 1])
        #expect(alice.orderCount == 2 && alice.revenue == Money(cents: 350_00))
        #expect(alice.newCustomers == 1)  // created by the fixture at 2026-03-01T10:00
        // The fixture's first order made the lead a customer; then Alice moved it back to prospect.
        #expect(alice.stageMoves.map { "\($0.from.rawValue)>\($0.to.rawValue)" } == ["lead>customer", "customer>prospect"])
        let bob = try #require(facts.first { $0.repID == f.bob.id })
        #expect(bob.stageMoves.map { "\($0.from.rawValue)>\($0.to.rawValue)" } == ["prospect>customer"])
        #expect(bob.orderCount == 0)
        _ = try await f.store.undoLastChange(by: f.bob.id, at: try moment("2026-03-12T10:00"))
        let after = try await f.store.periodFacts(in: .everything, from: try date("2026-03-01"), through: try date("2026-03-31"))
        #expect(after.flatMap(\.stageMoves).count == 2)
        #expect(try await f.store.customer(id: h.id)?.stage == .prospect)
        // Outside the period: nothing.
        #expect(try await f.store.periodFacts(in: .everything, from: try date("2025-01-01"), through: try date("2025-12-31")).isEmpty)
    }

    @Test func migrationBackfillsTheAggregatesOfAnOlderFile() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("old.sqlite")
        do {
            let raw = try olderDatabase(at: path, through: [.initial001, .indexes002])
            try raw.execute("INSERT INTO customers (kind, name, owner_id, created_at) VALUES ('company', 'Old Co', 1, '2025-01-01')")
            for d in ["2025-01-01", "2025-01-11", "2025-02-10"] {
                try raw.execute("INSERT INTO orders (customer_id, rep_id, amount_cents, date) VALUES (1, 1, 100, ?)", [.text(d)])
            }
            try raw.execute("INSERT INTO payments (customer_id, rep_id, amount_cents, date) VALUES (1, 1, 40, '2025-03-01')")
            try raw.execute("INSERT INTO activities (customer_id, rep_id, type, at) VALUES (1, 1, 'call', '2025-03-02T09:00')")
        }
        let store = try SQLiteStore.open(path: path)
        let x = try #require(try await store.insightFacts(try query("2026-03-31"), in: .everything).first)
        #expect(x.orderCount == 3 && x.medianGapDays == 20 && x.totalOrdered == Money(cents: 300))
        #expect(try x.totalPaid == Money(cents: 40) && x.lastContact == (try moment("2025-03-02T09:00")))
    }
}
