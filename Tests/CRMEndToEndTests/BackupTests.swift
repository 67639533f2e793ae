import CRMSupport
import Foundation
import Testing

/// `crmbot backup FILE` through the real binary: an online copy while a rep keeps
/// writing, checked and usable as a database; never overwriting; a clear error and
/// exit status 6, with nothing left behind, when it cannot write.
@Suite(.serialized, .offThePool)
struct BackupEndToEndTests {
    @Test("a backup taken while a rep writes opens as a database holding what was acknowledged before it")
    func onlineBackupIsCompleteAndUsable() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db)
        for m in ["add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital, head of purchasing",
                  "log visit to Wang Tong: discussed the trial", "Quanyu Hospital ordered 50 phones for 120k"] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        // The session stays open (holding the database) while the backup runs.
        let backup = tmp.file("backup.sqlite")
        let run = try CrmbotProcess.run(["backup", backup.path, "--db", db.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("integrity ok, 1 customers, 1 contacts, 1 activities, 1 orders, 0 payments, 0 tasks"), "\(run.stdout)")
        // Writes after the backup are in the database, not in the copy.
        #expect(try li.say("add customer City Clinic").ok)
        #expect(try li.finish() == 0)

        let restored = try BotSession(db: backup)
        let card = try restored.say("show Quanyu Hospital")
        #expect(card.ok && card.text.contains("Wang Tong") && card.text.contains("discussed the trial"), "\(card)")
        #expect(try restored.say("show City Clinic").errorCode == "not_found")
        #expect(try restored.finish() == 0)
        // One file: no journal or WAL beside the copy once it is closed.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).filter { $0.hasPrefix("backup.sqlite-") || $0.hasPrefix(".backup") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("an existing file is never overwritten, and an unwritable place leaves nothing behind (exit 6)")
    func refusesToOverwriteOrHalfWrite() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db)
        #expect(try li.say("add customer Quanyu Hospital").ok)
        #expect(try li.finish() == 0)
        let existing = tmp.file("precious.txt")
        try Data("keep me".utf8).write(to: existing)
        let over = try CrmbotProcess.run(["backup", existing.path, "--db", db.path])
        #expect(over.status == 6 && over.stderr.contains("already exists"), "\(over)")
        #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me")

        let nowhere = try CrmbotProcess.run(["backup", tmp.file("no/such/dir/b.sqlite").path, "--db", db.path])
        #expect(nowhere.status == 6 && nowhere.stderr.contains("cannot be written"), "\(nowhere)")
        let missing = try CrmbotProcess.run(["backup", "--db", db.path])
        #expect(missing.status == 2 && missing.stderr.contains("backup needs a file"), "\(missing)")
        let files = try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).sorted()
        #expect(files == ["crm.sqlite", "precious.txt"], "\(files)")
    }
}
