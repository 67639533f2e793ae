import CRMDomain
import CRMSupport
import Testing

@testable import CRMStorage

@Suite struct RepsTests {
    @Test func ensureRepIsIdempotentAndCaseInsensitive() async throws {
        let store = try SQLiteStore.inMemory()
        let a = try await store.ensureRep(named: "Wang Tong", role: .rep)
        let b = try await store.ensureRep(named: "wang tong", role: .manager)
        #expect(a == b)
        #expect(b.role == .rep)
        #expect(try await store.rep(named: "WANG TONG") == a)
        #expect(try await store.rep(id: a.id) == a)
        #expect(try await store.rep(named: "Nobody") == nil)
        #expect(try await store.reps() == [a])
    }

    @Test func addRepRefusesDuplicatesAndRecordsChange() async throws {
        let f = try await Fixture.make()
        #expect(f.alice.managerID == f.manager.id)
        let e = await storeError { _ = try await f.store.addRep(named: "ALICE", role: .rep, managerID: nil, try f.ctx(f.admin)) }
        #expect(e?.code == .constraint)
        #expect(e?.message == "A rep with that name already exists.")
        let changes = try await f.store.recentChanges(by: f.admin.id, limit: 10)
        #expect(changes.map(\.label) == ["Bob", "Alice", "Meg"])
        #expect(changes.allSatisfy { $0.action == "rep.add" })
        #expect(try await f.store.reps().count == 4)
    }

    @Test func accessScopes() async throws {
        let f = try await Fixture.make()
        #expect(try await f.store.accessScope(for: f.alice) == .owners([f.alice.id]))
        #expect(try await f.store.accessScope(for: f.manager) == .owners([f.manager.id, f.alice.id]))
        #expect(try await f.store.accessScope(for: f.admin) == .everything)
    }

    @Test func tooLongNameRefusedBeforeTheDatabase() async throws {
        let store = try SQLiteStore.inMemory()
        let e = await storeError { _ = try await store.ensureRep(named: String(repeating: "x", count: 201), role: .rep) }
        #expect(e?.code == .invalid)
        #expect(try await store.reps().isEmpty)
    }
}
