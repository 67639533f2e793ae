import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct TextTests {
    @Test(arguments: [
        "Robert'); DROP TABLE customers;--",
        "O'Brien \"the\" `quoted` ; -- /* */",
        "王彤 🏥📞 Zhou Hua",
        "",
        "%_\\ ?1 :name @x $y",
    ])
    func textIsStoredVerbatim(_ text: String) async throws {
        let f = try await Fixture.make()
        let name = text.isEmpty ? "Plain" : text
        let c = try await f.store.addCustomer(NewCustomer(name: name, aliases: [name + "!"]), try f.ctx(f.alice))
        let updated = try await f.store.updateCustomer(c.id, [.note(text)], try f.ctx(f.alice))
        let read = try #require(try await f.store.customer(id: c.id))
        #expect(read.name == name)
        #expect(read.aliases == [name + "!"])
        #expect(read.note == text)
        #expect(read == updated)
        #expect(try await f.store.directory(in: .everything).count == 1)
        #expect(try await f.store.recentChanges(by: f.alice.id, limit: 1).first?.label == name)
    }

    @Test func nulBytesInsideTextRoundTrip() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Nul", by: f.alice)
        let note = "before\u{0}after\u{0}"
        let a = try await f.store.logActivity(
            NewActivity(customerID: c.id, type: .call, at: try moment("2026-03-01"), note: note), try f.ctx(f.alice))
        #expect(a.note == note)
        #expect(a.note?.utf8.count == 13)
        let card = try #require(try await f.store.card(for: c.id, recentLimit: 1))
        #expect(card.recentActivities.first?.note == note)
        let t = try await f.store.addTask(NewTask(repID: f.alice.id, what: "x\u{0}y"), try f.ctx(f.alice))
        #expect(try await f.store.task(id: t.id)?.what == "x\u{0}y")
    }

    @Test func textAtTheLimitIsAcceptedOneByteOverIsRefused() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Limits", by: f.alice)
        let ok = String(repeating: "a", count: 10_000)
        let updated = try await f.store.updateCustomer(c.id, [.note(ok)], try f.ctx(f.alice))
        #expect(updated.note == ok)
        let e = await storeError {
            _ = try await f.store.openComplaint(NewComplaint(customerID: c.id, note: ok + "b"), try f.ctx(f.alice))
        }
        #expect(e?.code == .invalid)
        #expect(e?.context.contains(ok) == false)
        #expect(try await f.store.card(for: c.id, recentLimit: 1)?.openComplaints.isEmpty == true)
        let name200 = String(repeating: "名", count: 200)
        #expect(try await f.store.addCustomer(NewCustomer(name: name200), try f.ctx(f.alice)).name == name200)
    }
}
