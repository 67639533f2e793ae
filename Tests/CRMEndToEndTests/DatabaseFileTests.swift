import CRMSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Database files crmbot must refuse up front (issue 8, defects 4 and 5): exit
/// status 4, a message naming the file, and the file and its folder exactly as
/// they were — no `-wal` or `-shm` left behind.
@Suite(.serialized, .offThePool)
struct DatabaseFileTests {
    static func args(_ db: URL, json: Bool) -> [String] {
        ["--db", db.path, "--now", fixedNow, "--as", defaultUser] + (json ? ["--json"] : [])
    }

    /// The names in `dir`, sorted.
    static func listing(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    @Test("a read-only database file (chmod 400): exit 4 naming the file, no side files; usable again after chmod 600")
    func readOnlyFile() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let created = try CrmbotProcess.run(Self.args(db, json: true), input: Array("add customer Quanyu Hospital\n".utf8))
        try #require(created.status == 0, "stderr: \(created.stderr)")
        try #require(try Self.listing(tmp.url) == ["crm.sqlite"], "side files left after a clean exit")
        chmod(db.path, 0o400)
        let original = try Data(contentsOf: db)
        for json in [false, true] {
            let run = try CrmbotProcess.run(Self.args(db, json: json), input: Array("add customer City Clinic\n".utf8))
            #expect(run.status == 4, "json=\(json) stdout: \(run.stdout) stderr: \(run.stderr)")
            #expect(run.stdout.isEmpty, "no reply may be given: \(run.stdout)")
            #expect(run.stderr.contains("\(db.path) is read-only"), "\(run.stderr)")
            #expect(try Self.listing(tmp.url) == ["crm.sqlite"], "side files were created")
            #expect(Self.mode(db.path) == 0o400)
            #expect(try Data(contentsOf: db) == original)
        }
        chmod(db.path, 0o600)
        let again = try BotSession(db: db)
        let show = try again.say("show Quanyu Hospital")
        #expect(show.ok && show.intent == "customer.show", "\(show)")
        #expect(try again.say("add customer City Clinic").ok)
        #expect(try again.finish() == 0)
    }

    @Test("a read-only folder: exit 4 naming the folder, nothing created")
    func readOnlyFolder() throws {
        let tmp = try TempDir()
        defer {
            chmod(tmp.url.path, 0o700)
            tmp.remove()
        }
        let db = tmp.file("crm.sqlite")
        let created = try CrmbotProcess.run(Self.args(db, json: true), input: Array("add customer Quanyu Hospital\n".utf8))
        try #require(created.status == 0, "stderr: \(created.stderr)")
        chmod(tmp.url.path, 0o500)
        for path in [db, tmp.file("new.sqlite")] {
            let run = try CrmbotProcess.run(Self.args(path, json: true), input: Array("help\n".utf8))
            #expect(run.status == 4, "stdout: \(run.stdout) stderr: \(run.stderr)")
            #expect(run.stderr.contains("The folder \(tmp.url.path) is read-only"), "\(run.stderr)")
            #expect(try Self.listing(tmp.url) == ["crm.sqlite"])
        }
    }

    @Test("an empty file (: > z.sqlite): exit 4 saying how to start fresh, the file untouched")
    func emptyFile() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("z.sqlite")
        #expect(FileManager.default.createFile(atPath: db.path, contents: Data()))
        for json in [false, true] {
            let run = try CrmbotProcess.run(Self.args(db, json: json), input: Array("add customer City Clinic\n".utf8))
            #expect(run.status == 4, "json=\(json) stdout: \(run.stdout) stderr: \(run.stderr)")
            #expect(run.stdout.isEmpty, "no reply may be given: \(run.stdout)")
            #expect(run.stderr.contains("The file \(db.path) is empty, so it is not a crmbot database"), "\(run.stderr)")
            #expect(run.stderr.contains("delete it") && run.stderr.contains("--db"), "\(run.stderr)")
            #expect(try Data(contentsOf: db).isEmpty, "the empty file was written")
            #expect(try Self.listing(tmp.url) == ["z.sqlite"], "side files were created")
        }
        try FileManager.default.removeItem(at: db)
        let fresh = try BotSession(db: db)
        #expect(try fresh.say("add customer City Clinic").ok)
        #expect(try fresh.finish() == 0)
    }
}
