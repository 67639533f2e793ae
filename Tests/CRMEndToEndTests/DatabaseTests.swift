import CRMSupport
import Foundation
import Testing

@Suite(.serialized, .offThePool)
struct DatabaseTests {
    @Test("a --db in a missing directory: non-zero exit, stderr names the path")
    func missingDirectory() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.url.appendingPathComponent("no/such/dir/crm.sqlite")
        for json in [false, true] {
            let args = ["--db", db.path, "--now", fixedNow, "--as", defaultUser] + (json ? ["--json"] : [])
            let run = try CrmbotProcess.run(args, input: Array("show Wang Tong\n".utf8))
            #expect(run.status != 0, "json=\(json) stdout: \(run.stdout)")
            #expect(run.stderr.contains("no/such/dir"), "stderr should name the path: \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("no").path),
            "the bot must not create the missing directory")
    }

    @Test("a corrupt database file: non-zero exit, a message, file untouched")
    func corruptFile() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<16384).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes.replaceSubrange(0..<8, with: Array("garbage!".utf8))  // never a SQLite header
        let original = Data(bytes)
        try original.write(to: db)

        for json in [false, true] {
            let args = ["--db", db.path, "--now", fixedNow, "--as", defaultUser] + (json ? ["--json"] : [])
            let run = try CrmbotProcess.run(args, input: Array("add customer City Clinic\n".utf8))
            #expect(run.status != 0, "json=\(json) stdout: \(run.stdout)")
            #expect(!run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "no message on stderr")
            #expect(try Data(contentsOf: db) == original, "the corrupt file was modified")
        }
    }

    @Test("acknowledged writes survive kill -9", arguments: ["normal", "full"])
    func killNineDurability(durability: String) throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let names = [
            "Alder", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Juniper", "Larch", "Maple", "Oak",
            "Pine", "Rowan", "Spruce", "Teak", "Walnut", "Willow", "Yew", "Ash", "Beech", "Poplar",
        ].map { "\($0) Clinic" }
        func phone(_ i: Int) -> String { "1390000\(String(format: "%04d", i + 1))" }

        let bot = try BotSession(db: db, extraArguments: ["--durability", durability])
        for (i, name) in names.enumerated() {
            let reply = try bot.say("add customer \(name), phone \(phone(i))")
            try #require(reply.ok && reply.intent == "customer.add", "write \(i) not acknowledged: \(reply)")
        }
        let logs = (0..<20).map { "called Alder Clinic about durability check \($0 + 100)" }
        for log in logs {
            let reply = try bot.say(log)
            try #require(reply.ok && reply.intent == "activity.log", "\(reply)")
        }
        try bot.kill9()
        #expect(bot.process.wasSignalled)

        let again = try BotSession(db: db)
        for (i, name) in names.enumerated() {
            let show = try again.say("show \(name)")
            #expect(show.ok && show.intent == "customer.show", "\(show)")
            #expect(show.mentions(phone(i)), "\(name) (or its phone) lost after kill -9: \(show)")
        }
        let card = try again.say("show Alder Clinic")
        let seen = (0..<20).filter { card.mentions("durability check \($0 + 100)") }.count
        // The card may list only recent activities; at least the last one must be there.
        #expect(card.mentions("durability check 119"), "last acknowledged call lost: \(card)")
        #expect(seen > 0)
        #expect(try again.finish() == 0)
    }

    @Test("--durability and CRMBOT_DURABILITY take normal or full; anything else is a usage error (exit 2) that opens nothing")
    func durabilityValues() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let base = ["--db", db.path, "--now", fixedNow, "--as", defaultUser]
        for (args, env) in [(["--durability", "sometimes"], [String: String]()), ([], ["CRMBOT_DURABILITY": "always"])] {
            let run = try CrmbotProcess.run(base + args, input: Array("add customer City Clinic\n".utf8), environment: env)
            #expect(run.status == 2, "stdout: \(run.stdout) stderr: \(run.stderr)")
            #expect(run.stderr.contains("normal or full"), "stderr: \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db.path), "a usage error must not create the database")
        }
        for (args, env) in [(["--durability", "FULL"], [String: String]()), ([], ["CRMBOT_DURABILITY": "full"])] {
            let run = try CrmbotProcess.run(base + args, input: Array("add customer City Clinic\nshow City Clinic\n".utf8), environment: env)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("City Clinic"), "stdout: \(run.stdout)")
        }
    }

    @Test("two bots one after the other on the same file see the same data")
    func reopen() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let first = try BotSession(db: db)
        #expect(try first.say("add customer Quanyu Hospital, phone 13800001111").intent == "customer.add")
        #expect(try first.finish() == 0)
        let second = try BotSession(db: db)
        let show = try second.say("show Quanyu Hospital")
        #expect(show.ok && show.intent == "customer.show", "\(show)")
        #expect(show.mentions("13800001111"), "data written by the first bot is missing: \(show)")
        #expect(try second.finish() == 0)
    }
}
