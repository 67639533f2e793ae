import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct ContactsTests {
    @Test func addAndUpdateContact() async throws {
        let f = try await Fixture.make()
        let hospital = try await f.customer("Hospital", by: f.alice)
        let zhou = try await f.store.addContact(
            NewContact(customerID: hospital.id, name: "Zhou Hua", aliases: ["周华"], title: "Head of administration",
                roles: [.influencer, .gatekeeper, .influencer]),
            try f.ctx(f.alice, "contact.add"))
        #expect(zhou.roles == [.influencer, .gatekeeper])
        #expect(zhou.aliases == ["周华"])
        #expect(try await f.store.contact(id: zhou.id) == zhou)

        let birthday = try #require(MonthDay(month: 2, day: 29))
        let updated = try await f.store.updateContact(
            zhou.id,
            [.name("Zhou Hua Jr"), .addAlias("Xiao Zhou"), .title(nil), .phone("555"), .email("z@h.cn"),
             .birthday(birthday), .note("trusts evidence"), .addRoles([.decider, .gatekeeper]),
             .addNeeds([.logic, .safety]), .style(.analytical)],
            try f.ctx(f.alice, "contact.profile"))
        #expect(updated.name == "Zhou Hua Jr")
        #expect(updated.aliases == ["周华", "Xiao Zhou"])
        #expect(updated.title == nil)
        #expect(updated.phone == "555" && updated.email == "z@h.cn")
        #expect(updated.birthday == birthday)
        #expect(updated.note == "trusts evidence")
        #expect(updated.roles == [.influencer, .gatekeeper, .decider])
        #expect(updated.needs == [.logic, .safety])
        #expect(updated.style == .analytical)
        #expect(try await f.store.contact(id: zhou.id) == updated)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 1).first?.label == "Zhou Hua Jr")
    }

    @Test func contactOfMissingCustomerIsNotFound() async throws {
        let f = try await Fixture.make()
        let e = await storeError {
            _ = try await f.store.addContact(NewContact(customerID: CustomerID(42), name: "Ghost"), try f.ctx(f.alice))
        }
        #expect(e?.code == .notFound)
        #expect(try await f.store.contact(id: ContactID(1)) == nil)
    }

    @Test func activityWithContactOfAnotherCustomerIsRefused() async throws {
        let f = try await Fixture.make()
        let a = try await f.customer("A", by: f.alice)
        let b = try await f.customer("B", by: f.alice)
        let k = try await f.store.addContact(NewContact(customerID: a.id, name: "K"), try f.ctx(f.alice))
        let e = await storeError {
            _ = try await f.store.logActivity(
                NewActivity(customerID: b.id, contactID: k.id, type: .visit, at: try moment("2026-03-01")), try f.ctx(f.alice))
        }
        #expect(e?.code == .invalid)
    }
}
