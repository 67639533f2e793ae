import CRMDomain
import CRMSupport
import Foundation
import Synchronization
import Testing

@testable import CRMStorage

@Suite struct ConcurrencyTests {
    @Test func twoStoresOnOneFileSeeEachOthersWrites() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("shared.sqlite")
        let first = try SQLiteStore.open(path: path)
        let second = try SQLiteStore.open(path: path)
        let alice = try await first.ensureRep(named: "Alice", role: .rep)
        let bob = try await second.ensureRep(named: "Bob", role: .rep)
        #expect(try await second.rep(named: "alice") == alice)
        #expect(try await first.rep(named: "bob") == bob)
        let ctxA = WriteContext(repID: alice.id, at: try moment("2026-03-01T09:00"), action: "customer.add")
        let ctxB = WriteContext(repID: bob.id, at: try moment("2026-03-01T09:01"), action: "customer.add")
        let a = try await first.addCustomer(NewCustomer(name: "From first"), ctxA)
        let b = try await second.addCustomer(NewCustomer(name: "From second"), ctxB)
        #expect(a.id != b.id)
        #expect(try await first.customer(id: b.id)?.name == "From second")
        #expect(try await second.customer(id: a.id)?.name == "From first")
        #expect(try await second.undoLastChange(by: alice.id, at: try moment("2026-03-01T10:00"))?.label == "From first")
        #expect(try await first.customer(id: a.id) == nil)
    }

    @Test func concurrentWritersFromManyTasksAllLand() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("busy.sqlite")
        let stores = [try SQLiteStore.open(path: path), try SQLiteStore.open(path: path)]
        let rep = try await stores[0].ensureRep(named: "Alice", role: .rep)
        let at = try moment("2026-03-01T09:00")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                let store = stores[i % 2]
                group.addTask {
                    _ = try await store.addCustomer(
                        NewCustomer(name: "C\(i)"), WriteContext(repID: rep.id, at: at, action: "customer.add"))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await stores[1].directory(in: .everything).count == 40)
        #expect(try await stores[0].recentChanges(by: rep.id, limit: 100).count == 40)
    }

    @Test func ensureRepRacingOnTwoConnectionsYieldsOneRep() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("race.sqlite")
        let stores = [try SQLiteStore.open(path: path), try SQLiteStore.open(path: path)]
        let ids = try await withThrowingTaskGroup(of: RepID.self) { group in
            for i in 0..<20 {
                let store = stores[i % 2]
                group.addTask { try await store.ensureRep(named: i % 3 == 0 ? "ALICE" : "alice", role: .rep).id }
            }
            var ids: Set<RepID> = []
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(ids.count == 1)
        #expect(try await stores[0].reps().count == 1)
    }

    @Test func writerBlockedPastTheBusyTimeoutGetsBusy() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("locked.sqlite")
        let store = try SQLiteStore.open(path: path, options: .init(busyTimeoutMilliseconds: 100))
        let blocker = try Connection(path: path)
        try blocker.execute("BEGIN IMMEDIATE")
        let e = await storeError { _ = try await store.ensureRep(named: "Alice", role: .rep) }
        #expect(e?.code == .busy)
        try blocker.execute("COMMIT")
        #expect(try await store.ensureRep(named: "Alice", role: .rep).name == "Alice")
    }

    /// The pool's promise: a read holds a snapshot without holding up the writer or other
    /// readers. A read is kept open on its own thread while a write and a second read run;
    /// the open read still sees the file as it was when it began.
    @Test func aReadInProgressNeitherBlocksWritesNorSeesThem() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try SQLiteStore.open(path: dir.path("pool.sqlite"))
        let rep = try await store.ensureRep(named: "Alice", role: .rep)
        let ctx = WriteContext(repID: rep.id, at: try moment("2026-03-01T09:00"), action: "customer.add")
        _ = try await store.addCustomer(NewCustomer(name: "Before"), ctx)

        let inside = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let readDone = DispatchSemaphore(value: 0)
        let seen = Mutex<[String]>([])
        let names = "SELECT name || ':' || COALESCE(region, '-') AS name FROM customers ORDER BY name"
        Thread {
            let r = try? store.database.readSynchronously { db -> [String] in
                let first = try db.rows(names).map { try $0.string("name") }
                inside.signal()
                _ = release.wait(timeout: .now() + 120)
                return first + ["|"] + (try db.rows(names).map { try $0.string("name") })
            }
            seen.withLock { $0 = r.flatMap { $0 } ?? ["read failed"] }
            readDone.signal()
        }.start()
        try #require(inside.wait(timeout: .now() + 120) == .success)
        // With one connection for everything this write would wait for the open read, and
        // the read for a release that never comes: the hang detector ends it.
        let written = try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                try await store.database.write { db in try db.execute("UPDATE customers SET region = 'North'") }
                return try await store.database.read { db in try db.rows(names).map { try $0.string("name") } }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(120))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        release.signal()
        #expect(written == ["Before:North"], "the write waited for a read")
        #expect(readDone.wait(timeout: .now() + 120) == .success)
        #expect(seen.withLock { $0 } == ["Before:-", "|", "Before:-"])
    }
}
