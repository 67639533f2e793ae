import CRMSupport
import Foundation
import Testing

/// Issue 8, defect 3, through the real binary: a `user` or `--as` that could forge
/// an audit entry or hide characters is refused, never stored.
@Suite(.serialized, .offThePool)
struct RepNameEndToEndTests {
    @Test("a JSON user with a line break, a tab, NUL or a zero-width space: invalid_user, the bot goes on")
    func forgedUsersAreRefused() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let bot = try BotSession(db: tmp.file("crm.sqlite"))
        for user in ["Bob\n2026-11-22T09:05  login  boss-phone", "Bob\tBoss", "Bo\u{0}b", "Bob\u{200B}", "Bob "] {
            let request = JSONValue.object([("id", .int(7)), ("user", .string(user)), ("text", .string("hi"))])
            let reply = try bot.sendRaw(Array(request.serialized.utf8))
            #expect(reply.id == 7)
            #expect(reply.errorCode == "invalid_user", "\(reply)")
            #expect(reply.errorMessage?.contains(VisibleText.escaped(user)) == true, "\(reply)")
            try bot.probe()
        }
        let who = try bot.say("list my customers")
        #expect(who.ok, "\(who)")
        #expect(try bot.finish() == 0)
    }

    @Test("--as with a line break or a space at the end: usage error, exit 2")
    func badAsIsAUsageError() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        for name in ["Bob\nBoss", "Bob "] {
            let run = try CrmbotProcess.run(["--db", db.path, "--as", name], input: Array("help\n".utf8))
            #expect(run.status == 2, "stdout: \(run.stdout) stderr: \(run.stderr)")
            #expect(run.stderr.contains("--as: The rep name \"\(VisibleText.escaped(name))\""), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: db.path), "nothing may be created on a usage error")
    }
}
