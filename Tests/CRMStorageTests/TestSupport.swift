import CRMDomain
import CRMSupport
import Foundation
import Testing

@testable import CRMStorage

/// A fresh directory under the system temp directory, removed by `remove()`.
struct TempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("crmbot-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

func date(_ s: String) throws -> CivilDate { try #require(CivilDate(iso: s)) }
func moment(_ s: String) throws -> LocalDateTime { try #require(LocalDateTime(iso: s)) }

/// A store with two reps (alice, bob), a manager and an admin.
struct Fixture {
    let store: SQLiteStore
    let alice: Rep
    let bob: Rep
    let manager: Rep
    let admin: Rep

    static func make(_ store: SQLiteStore? = nil) async throws -> Fixture {
        let store = try store ?? SQLiteStore.inMemory()
        let admin = try await store.ensureRep(named: "Admin", role: .admin)
        let boot = WriteContext(repID: admin.id, at: try moment("2026-01-01T08:00"), action: "rep.add")
        let manager = try await store.addRep(named: "Meg", role: .manager, managerID: nil, boot)
        let alice = try await store.addRep(named: "Alice", role: .rep, managerID: manager.id, boot)
        let bob = try await store.addRep(named: "Bob", role: .rep, managerID: nil, boot)
        return Fixture(store: store, alice: alice, bob: bob, manager: manager, admin: admin)
    }

    func ctx(_ rep: Rep, _ action: String = "test", _ at: String = "2026-03-01T10:00") throws -> WriteContext {
        WriteContext(repID: rep.id, at: try moment(at), action: action)
    }

    func customer(_ name: String, by rep: Rep, aliases: [String] = []) async throws -> Customer {
        try await store.addCustomer(NewCustomer(name: name, aliases: aliases), ctx(rep, "customer.add"))
    }
}

/// Bytes of a file, for "was not changed" checks.
func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

/// Runs `body` expecting a StoreError and returns it.
func storeError(_ body: () async throws -> Void) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch let e as StoreError {
        return e
    } catch {
        Issue.record("expected StoreError, got \(error)")
        return nil
    }
}

/// A database file as an older crmbot left it: WAL, only `migrations` applied, and one
/// rep, "Old Rep" (id 1). The caller adds rows of that era and closes the connection
/// before a store opens (and upgrades) the file.
func olderDatabase(at path: String, through migrations: [Migration]) throws -> Connection {
    let raw = try Connection(path: path)
    try raw.enableWAL()
    try Migrator(migrations: migrations).migrate(raw, at: "2025-01-01T00:00:00Z")
    try raw.execute("INSERT INTO reps (name, role) VALUES ('Old Rep', 'rep')")
    return raw
}

