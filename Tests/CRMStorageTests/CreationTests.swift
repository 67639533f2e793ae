import CRMDomain
import Foundation
import Glibc
import Testing

@testable import CRMStorage

/// An empty file is not a crmbot database (issue 8, defect 5), and crmbot never
/// leaves one behind itself: it builds a new database under a temporary name and
/// links it into place whole.
@Suite struct CreationTests {
    @Test func anEmptyFileIsRefusedAndUnchanged() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("z.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        for readOnly in [false, true] {
            let e = await storeError { _ = try SQLiteStore.open(path: path, options: .init(readOnly: readOnly)) }
            #expect(e?.code == .corrupt)
            #expect(e?.message == "The file \(path) is empty, so it is not a crmbot database; it was not changed. "
                + "To start a fresh database, delete it (rm \(path)) or choose a path that does not exist yet (--db).")
        }
        #expect(try contents(path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["z.sqlite"])
    }

    @Test func aNewDatabaseArrivesWholeAndLeavesNoTemporaryFile() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        do {
            let store = try SQLiteStore.open(path: path)
            _ = try await store.ensureRep(named: "Alice", role: .rep)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
            #expect(!names.contains { $0.contains("creating") }, "\(names)")
        }
        let raw = try Connection(path: path)
        #expect(try raw.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try raw.scalarInt("SELECT COUNT(*) FROM crmbot_migrations") == Int64(Migration.all.count))
        #expect(try raw.scalarInt("SELECT COUNT(*) FROM reps") == 1)
    }

    @Test func aDatabaseCreatedMeanwhileByAnotherProcessIsKept() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        let theirs = try SQLiteStore.open(path: path)
        _ = try await theirs.ensureRep(named: "Theirs", role: .rep)
        // As if our existence check ran before theirs created the file.
        try SQLiteStore.create(path: path, directory: dir.url.path, configuration: .init())
        let mine = try SQLiteStore.open(path: path)
        #expect(try await mine.rep(named: "Theirs") != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).allSatisfy { !$0.contains("creating") })
    }
}
