import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct CustomersTests {
    @Test func addGetAndUpdateEveryField() async throws {
        let f = try await Fixture.make()
        let added = try await f.store.addCustomer(
            NewCustomer(kind: .company, name: "Quanyu Telecom", aliases: ["全宇", "Quanyu"], industry: "telecom",
                region: "North", phone: "123", stage: .prospect),
            try f.ctx(f.alice, "customer.add"))
        #expect(added.ownerID == f.alice.id)
        #expect(added.aliases == ["全宇", "Quanyu"])
        #expect(added.stage == .prospect)
        #expect(added.createdAt == (try moment("2026-03-01T10:00")))
        #expect(try await f.store.customer(id: added.id) == added)

        let birthday = try #require(MonthDay(month: 5, day: 3))
        let changes: [CustomerChange] = [
            .name("Quanyu Group"), .addAlias("QY"), .phone(nil), .email("a@b.c"), .address("1 Road"), .region("South"),
            .industry("mobile"), .title("Ltd"), .birthday(birthday), .creditLimit(Money(cents: 1_000_000)),
            .salesPlan(Money(cents: 2_000_000)), .expenseBudget(Money(cents: 30_000)), .cost(Money(cents: 5_000)),
            .payday(15), .consumptionRate(2.5), .owner(f.bob.id), .note("VIP"), .stage(.key), .grade(.A),
            .tierOverride(.bad), .money(.yes), .authority(.no), .need(.yes),
        ]
        let updated = try await f.store.updateCustomer(added.id, changes, try f.ctx(f.alice, "customer.update"))
        #expect(updated.name == "Quanyu Group")
        #expect(updated.aliases == ["全宇", "Quanyu", "QY"])
        #expect(updated.phone == nil)
        #expect(updated.email == "a@b.c")
        #expect(updated.address == "1 Road")
        #expect(updated.region == "South")
        #expect(updated.industry == "mobile")
        #expect(updated.title == "Ltd")
        #expect(updated.birthday == birthday)
        #expect(updated.creditLimit == Money(cents: 1_000_000))
        #expect(updated.salesPlan == Money(cents: 2_000_000))
        #expect(updated.expenseBudget == Money(cents: 30_000))
        #expect(updated.cost == Money(cents: 5_000))
        #expect(updated.payday == 15)
        #expect(updated.consumptionRate == 2.5)
        #expect(updated.ownerID == f.bob.id)
        #expect(updated.note == "VIP")
        #expect(updated.stage == .key)
        #expect(updated.grade == .A)
        #expect(updated.tierOverride == .bad)
        #expect(updated.money == .yes && updated.authority == .no && updated.need == .yes)
        #expect(try await f.store.customer(id: added.id) == updated)
        let last = try await f.store.recentChanges(by: f.alice.id, limit: 1)
        #expect(last.first?.label == "Quanyu Group")
        #expect(last.first?.action == "customer.update")
    }

    @Test func updateOfMissingCustomerIsNotFound() async throws {
        let f = try await Fixture.make()
        let e = await storeError {
            _ = try await f.store.updateCustomer(CustomerID(999), [.note("x")], try f.ctx(f.alice))
        }
        #expect(e?.code == .notFound)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 5).isEmpty)
    }

    @Test func missingOwnerOrWriterIsAConstraintError() async throws {
        let f = try await Fixture.make()
        let owner = await storeError {
            _ = try await f.store.addCustomer(NewCustomer(name: "Orphan", ownerID: RepID(404)), try f.ctx(f.alice))
        }
        #expect(owner?.code == .constraint)
        #expect(owner?.context.contains("FOREIGN KEY") == true)
        let writer = await storeError {
            _ = try await f.store.addCustomer(
                NewCustomer(name: "Ghost"), WriteContext(repID: RepID(404), at: try moment("2026-03-01"), action: "x"))
        }
        #expect(writer?.code == .constraint)
        #expect(try await f.store.directory(in: .everything).isEmpty)
    }

    @Test func invalidValuesAreRefused() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Acme", by: f.alice)
        let payday = await storeError { _ = try await f.store.updateCustomer(c.id, [.payday(32)], try f.ctx(f.alice)) }
        #expect(payday?.code == .invalid)
        let long = String(repeating: "é", count: 5_001)  // 10,002 bytes
        let note = await storeError { _ = try await f.store.updateCustomer(c.id, [.note(long)], try f.ctx(f.alice)) }
        #expect(note?.code == .invalid)
        let name = await storeError {
            _ = try await f.store.addCustomer(NewCustomer(name: String(repeating: "n", count: 201)), try f.ctx(f.alice))
        }
        #expect(name?.code == .invalid)
        let blank = await storeError { _ = try await f.store.addCustomer(NewCustomer(name: "  "), try f.ctx(f.alice)) }
        #expect(blank?.code == .invalid)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 5).count == 1)
    }

    @Test func directoryRespectsScope() async throws {
        let f = try await Fixture.make()
        let a = try await f.customer("Hospital", by: f.alice, aliases: ["Clinic"])
        let b = try await f.customer("School", by: f.bob)
        let wang = try await f.store.addContact(
            NewContact(customerID: a.id, name: "Wang Tong", aliases: ["王彤"]), try f.ctx(f.alice, "contact.add"))
        let mine = try await f.store.directory(in: try await f.store.accessScope(for: f.alice))
        #expect(mine.count == 2)
        #expect(mine.contains(DirectoryEntry(
            ref: .customer(a.id), name: "Hospital", aliases: ["Clinic"], customerID: a.id, customerName: "Hospital",
            ownerID: f.alice.id)))
        #expect(mine.contains(DirectoryEntry(
            ref: .contact(wang.id), name: "Wang Tong", aliases: ["王彤"], customerID: a.id, customerName: "Hospital",
            ownerID: f.alice.id)))
        let team = try await f.store.directory(in: try await f.store.accessScope(for: f.manager))
        #expect(team.count == 2)
        let all = try await f.store.directory(in: .everything)
        #expect(all.count == 3)
        #expect(all.contains { $0.ref == .customer(b.id) })
    }

    @Test func listCustomersRevenueSortAndFilters() async throws {
        let f = try await Fixture.make()
        let a = try await f.customer("Beta", by: f.alice)
        let b = try await f.customer("alpha", by: f.alice)
        let c = try await f.customer("Gamma", by: f.alice)
        let d = try await f.customer("Delta", by: f.bob)
        let ctx = try f.ctx(f.alice, "order.record")
        _ = try await f.store.recordOrder(NewOrder(customerID: a.id, amount: Money(cents: 500), date: try date("2026-02-01")), ctx)
        _ = try await f.store.recordOrder(NewOrder(customerID: a.id, amount: Money(cents: 900), date: try date("2025-01-01")), ctx)
        _ = try await f.store.recordOrder(NewOrder(customerID: c.id, amount: Money(cents: 700), date: try date("2026-01-01")), ctx)
        _ = try await f.store.recordOrder(NewOrder(customerID: d.id, amount: Money(cents: 9_999), date: try date("2026-01-05")), try f.ctx(f.bob))
        _ = try await f.store.logActivity(
            NewActivity(customerID: b.id, type: .call, at: try moment("2026-02-03T09:30")), try f.ctx(f.alice))
        let list = try await f.store.listCustomers(
            CustomerFilter(), in: try await f.store.accessScope(for: f.alice), revenueSince: try date("2026-01-01"))
        #expect(list.map(\.customer.name) == ["Gamma", "Beta", "alpha"])
        #expect(list.map(\.revenue.cents) == [700, 500, 0])
        #expect(list[1].orderCount == 1)
        #expect(list[1].lastOrder == (try date("2026-02-01")))
        #expect(list[2].lastActivity == (try moment("2026-02-03T09:30")))
        let all = try await f.store.listCustomers(CustomerFilter(limit: 2), in: .everything, revenueSince: try date("2020-01-01"))
        #expect(all.map(\.customer.name) == ["Delta", "Beta"])
        #expect(all[1].revenue.cents == 1_400)
        let bobs = try await f.store.listCustomers(CustomerFilter(ownerID: f.bob.id), in: .everything, revenueSince: try date("2020-01-01"))
        #expect(bobs.map(\.customer.id) == [d.id])
        _ = try await f.store.updateCustomer(b.id, [.stage(.won), .region("East")], try f.ctx(f.alice))
        let won = try await f.store.listCustomers(
            CustomerFilter(stage: .won, region: "east"), in: .everything, revenueSince: try date("2020-01-01"))
        #expect(won.map(\.customer.id) == [b.id])
    }
}
