import CRMDomain
import Foundation
import Glibc
import Testing

@testable import CRMStorage

/// A database crmbot could read but not write is refused before SQLite opens it
/// (issue 8, defect 4), for root too: the check reads the mode's write bits.
@Suite struct WritabilityTests {
    /// A database with one customer, closed (so its -wal and -shm are gone).
    func made(_ dir: TempDirectory) async throws -> String {
        let path = dir.path("crm.sqlite")
        let f = try await Fixture.make(try SQLiteStore.open(path: path))
        _ = try await f.customer("Before", by: f.alice)
        return path
    }

    @Test func aReadOnlyFileIsRefusedAndNoSideFileIsCreated() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try await made(dir)
        try #require(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["crm.sqlite"])
        chmod(path, 0o400)
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .readOnly)
        #expect(e?.message.hasPrefix("The database file \(path) is read-only;") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["crm.sqlite"])
        chmod(path, 0o600)
        #expect(try await SQLiteStore.open(path: path).customer(id: CustomerID(1))?.name == "Before")
    }

    @Test(arguments: ["-shm", "-wal"])
    func aReadOnlyJournalFileIsRefusedWithWhatToDo(_ suffix: String) async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try await made(dir)
        // Left by an older crmbot that opened the file while it was read-only.
        #expect(FileManager.default.createFile(atPath: path + suffix, contents: nil, attributes: [.posixPermissions: 0o400]))
        let e = await storeError { _ = try SQLiteStore.open(path: path) }
        #expect(e?.code == .readOnly)
        #expect(e?.message.hasPrefix("The journal file \(path)\(suffix) beside the database is read-only;") == true)
        chmod(path + suffix, 0o600)
        _ = try SQLiteStore.open(path: path)
    }

    @Test func theReadOnlyOptionStillOpensAWriteProtectedFile() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try await made(dir)
        chmod(path, 0o400)
        #expect(try await SQLiteStore.open(path: path, options: .init(readOnly: true)).customer(id: CustomerID(1)) != nil)
    }
}
