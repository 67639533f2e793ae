import CRMDomain
import CRMSupport
import CRMTestSupport
import Foundation
import Synchronization
import Testing

@testable import CRMStorage

@Suite struct FileTests {
    @Test func freshFileIsMigratedMarkedAndInWAL() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        _ = try SQLiteStore.open(path: path)
        let raw = try Connection(path: path)
        #expect(try raw.scalarInt("PRAGMA application_id") == Migrator.applicationID)
        #expect(try raw.scalarText("PRAGMA journal_mode") == "wal")
        let applied = try raw.rows("SELECT identifier FROM crmbot_migrations ORDER BY identifier").map { try $0.string("identifier") }
        #expect(applied == ["001-initial", "002-indexes", "003-insights", "004-relays", "005-name-lookup", "006-read-guard", "007-name-keys", "008-task-cancel",
            "009-activities-by-rep", "010-search", "011-request-keys", "012-referred-contacts", "013-deals", "014-reps-leaving", "015-complaint-steps", "016-trash", "017-repeat-rules", "018-reminder-acks", "019-check-lists"])
        #expect(try raw.scalarInt("PRAGMA foreign_keys") == 1)
    }

    @Test(arguments: SQLiteStore.Durability.allCases)
    func connectionsAreNormalAndOnlyFullSyncs(durability: SQLiteStore.Durability) async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try SQLiteStore.open(path: dir.path("crm.sqlite"), options: .init(durability: durability))
        let (synchronous, foreignKeys) = try await store.reading { db in
            (try db.scalarInt("PRAGMA synchronous"), try db.scalarInt("PRAGMA foreign_keys"))
        }
        // NORMAL on every connection: `full` syncs the log itself, after the write lock.
        #expect(synchronous == 1)
        #expect(foreignKeys == 1)
        #expect((store.syncer != nil) == (durability == .full))
        // A single writer pays one sync a write, before the write returns.
        let f = try await Fixture.make(store)
        let before = store.syncer?.syncCount ?? 0
        for i in 0..<3 {
            _ = try await f.customer("Synced \(i)", by: f.alice)
            if let syncer = store.syncer { #expect(syncer.syncCount == before + i + 1) }
        }
    }

    /// Writes that commit while a sync runs wait for the next one, which covers them all;
    /// none returns before a sync that began after its commit.
    @Test func concurrentWritesShareOneSync() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        let gate = DispatchSemaphore(value: 0)
        let held = Shared(false)
        let syncer = WALSyncer(walPath: path + "-wal") { fd in
            // Once armed, the next sync waits until the test lets it go.
            if held.value.withLock({ h in defer { h = false }; return h }) { gate.wait() }
            return fdatasync(fd)
        }
        let store = try SQLiteStore.open(path: path, options: .init(durability: .full), nameScripts: .empty, syncer: syncer)
        let f = try await Fixture.make(store)
        let syncsAfterSetup = syncer.syncCount
        held.value.withLock { $0 = true }
        let returned = Shared(0)
        let first = Task {
            _ = try await f.customer("First", by: f.alice)
            returned.value.withLock { $0 += 1 }
        }
        try await waitUntil { syncer.waitingCount == 1 }
        let others = (0..<9).map { i in
            Task {
                _ = try await f.customer("Other \(i)", by: f.bob)
                returned.value.withLock { $0 += 1 }
            }
        }
        // All nine commit (the writer is free: the held sync is outside its lock) and wait.
        try await waitUntil { syncer.waitingCount == 10 }
        #expect(returned.value.withLock { $0 } == 0)
        gate.signal()
        try await first.value
        for task in others { try await task.value }
        #expect(returned.value.withLock { $0 } == 10)
        // The held sync covered only the first commit; one more covered the nine.
        #expect(syncer.syncCount == syncsAfterSetup + 2)
        #expect(try await store.directory(in: .everything).count == 10)
    }

    /// Through a symbolic link SQLite keeps the log beside the real file: the syncer syncs
    /// that one (a stale file beside the link must not be synced instead).
    @Test func fullDurabilitySyncsTheLogSQLiteWritesThroughASymbolicLink() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path("real"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path("link"), withIntermediateDirectories: true)
        _ = try SQLiteStore.open(path: dir.path("real/crm.sqlite"))
        try FileManager.default.createSymbolicLink(atPath: dir.path("link/crm.sqlite"), withDestinationPath: dir.path("real/crm.sqlite"))
        #expect(FileManager.default.createFile(atPath: dir.path("link/crm.sqlite-wal"), contents: Data()))
        let store = try SQLiteStore.open(path: dir.path("link/crm.sqlite"), options: .init(durability: .full))
        let f = try await Fixture.make(store)
        _ = try await f.customer("Beta Labs", by: f.alice)
        let synced = try #require(store.syncer)
        #expect(synced.walPath.hasSuffix("/real/crm.sqlite-wal"), "\(synced.walPath)")
        #expect(FileManager.default.fileExists(atPath: synced.walPath))
    }

    /// A sync that fails fails its write with an error that says the change was saved (so
    /// the rep does not send it again), and every write after it, until a restart.
    @Test func aFailedSyncFailsEveryWriteAfterIt() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        let failing = Shared(false)
        let syncer = WALSyncer(walPath: path + "-wal") { fd in
            failing.value.withLock { $0 } ? -1 : fdatasync(fd)
        }
        let store = try SQLiteStore.open(path: path, options: .init(durability: .full), nameScripts: .empty, syncer: syncer)
        let f = try await Fixture.make(store)
        failing.value.withLock { $0 = true }
        let first = await storeError { _ = try await f.customer("Saved Anyway", by: f.alice) }
        #expect(first?.code == .io)
        #expect(first?.message.contains("saved") == true)
        failing.value.withLock { $0 = false }
        let second = await storeError { _ = try await f.customer("After The Failure", by: f.alice) }
        #expect(second?.code == .io, "a sync that succeeds after a failed one proves nothing")
        #expect(try await store.directory(in: .everything).map(\.name).sorted() == ["After The Failure", "Saved Anyway"])
    }

    private final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    /// Polls `condition` until it holds; fails after a generous deadline (a hang detector).
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 60 s")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func dataSurvivesReopen() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        do {
            let f = try await Fixture.make(try SQLiteStore.open(path: path, options: .init(durability: .full)))
            _ = try await f.customer("Kept", by: f.alice)
        }
        let again = try SQLiteStore.open(path: path)
        #expect(try await again.directory(in: .everything).map(\.name) == ["Kept"])
        #expect(try await again.reps().count == 4)
    }

    @Test func olderFileWithOnlyFirstMigrationOpensAndUpgrades() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("old.sqlite")
        do {
            let raw = try olderDatabase(at: path, through: [.initial001])
            #expect(try raw.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'customers_by_owner'") == 0)
        }
        let store = try SQLiteStore.open(path: path)
        #expect(try await store.rep(named: "old rep")?.name == "Old Rep")
        let raw = try Connection(path: path)
        #expect(try raw.scalarInt("SELECT COUNT(*) FROM crmbot_migrations") == Int64(Migration.all.count))
        #expect(try raw.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'customers_by_owner'") == 1)
    }

    @Test func garbageFileIsRefusedAndUnchanged() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("garbage.sqlite")
        let bytes = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try bytes.write(to: URL(fileURLWithPath: path))
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .corrupt)
        #expect(e?.message.contains("is not a crmbot database or is damaged; it was not changed") == true)
        #expect(try contents(path) == bytes)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func textFileIsRefusedAndUnchanged() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("notes.txt")
        let bytes = Data(String(repeating: "customer notes, not a database\n", count: 200).utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .corrupt)
        #expect(try contents(path) == bytes)
    }

    @Test func foreignSQLiteFileIsRefusedAndUnchanged() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("other.sqlite")
        do {
            let raw = try Connection(path: path)
            try raw.execute("CREATE TABLE notes (x TEXT)")
            try raw.execute("INSERT INTO notes VALUES ('keep me')")
        }
        let before = try contents(path)
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .corrupt)
        #expect(e?.message.contains("not a crmbot database") == true)
        #expect(try contents(path) == before)
    }

    @Test func otherApplicationIDIsRefusedAndUnchanged() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("other.sqlite")
        do {
            let raw = try Connection(path: path)
            try raw.execute("PRAGMA application_id = 1234")
        }
        let before = try contents(path)
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .corrupt)
        #expect(try contents(path) == before)
    }

    @Test func newerFileIsTooNew() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("new.sqlite")
        _ = try SQLiteStore.open(path: path)
        do {
            let raw = try Connection(path: path)
            try raw.execute("INSERT INTO crmbot_migrations VALUES ('999-future', 'x')")
        }
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .tooNew)
        #expect(e?.context.contains("999-future") == true)
    }

    @Test func readOnlyOptionReadsButRefusesWrites() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        let writer = try SQLiteStore.open(path: path)
        let alice = try await writer.ensureRep(named: "Alice", role: .rep)
        let reader = try SQLiteStore.open(path: path, options: .init(readOnly: true))
        #expect(try await reader.rep(named: "Alice") == alice)
        let e = await storeError { _ = try await reader.ensureRep(named: "Bob", role: .rep) }
        #expect(e?.code == .readOnly)
        let missing = await storeError { _ = try SQLiteStore.open(path: dir.path("none.sqlite"), options: .init(readOnly: true)) }
        #expect(missing?.code == .cannotOpen)
        #expect(!FileManager.default.fileExists(atPath: dir.path("none.sqlite")))
    }

    @Test func missingDirectoryIsCannotOpenAndNotCreated() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let missing = dir.path("no/such/dir")
        let e = await storeError { _ = try SQLiteStore.open(path: missing + "/crm.sqlite") }
        #expect(e?.code == .cannotOpen)
        #expect(e?.message.contains(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func readOnlyDirectoryIsReportedAsReadOnly() async throws {
        let dir = try TempDirectory()
        defer {
            ReadOnlyDirectory.unlock(dir.url.path)
            dir.remove()
        }
        let existing = dir.path("crm.sqlite")
        do {
            let f = try await Fixture.make(try SQLiteStore.open(path: existing))
            _ = try await f.customer("Before lock", by: f.alice)
        }
        guard ReadOnlyDirectory.lock(dir.url.path) else {
            try Test.cancel("cannot make a directory read-only here (root without chattr)")
        }
        let fresh = await storeError { _ = try SQLiteStore.open(path: dir.path("new.sqlite")) }
        #expect(fresh?.code == .readOnly)
        #expect(fresh?.message.contains(dir.url.path) == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path("new.sqlite")))
        let old = await storeError { _ = try SQLiteStore.open(path: existing) }
        #expect(old?.code == .readOnly)
    }
}

/// Makes a directory unwritable: `chmod 0555`, plus `chattr +i` when running as root
/// (root ignores permission bits but not the immutable flag).
enum ReadOnlyDirectory {
    static func lock(_ path: String) -> Bool {
        chmod(path, 0o555)
        if access(path, W_OK) != 0 { return true }
        _ = chattr("+i", path)
        return access(path, W_OK) != 0
    }

    static func unlock(_ path: String) {
        if geteuid() == 0 { _ = chattr("-i", path) }
        chmod(path, 0o755)
    }

    private static func chattr(_ flag: String, _ path: String) -> Bool {
        let tool = "/usr/bin/chattr"
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        // Not Foundation's Process: see ChildProcess.
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        guard let p = try? ChildProcess.spawn(tool, arguments: [flag, path], environment: [:], stdin: null, stdout: null, stderr: null)
        else { return false }
        return p.wait(seconds: 120) == .exited(0)
    }
}
