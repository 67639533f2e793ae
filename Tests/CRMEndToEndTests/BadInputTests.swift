import CRMSupport
import Foundation
import Testing

/// Hostile and malformed input: every line gets exactly one reply and the bot
/// keeps running (`probe()` checks both: its reply must be the very next line).
@Suite(.serialized, .offThePool)
struct BadInputTests {
    static func withBot(_ body: (BotSession) throws -> Void) throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let bot = try BotSession(db: tmp.file("crm.sqlite"))
        try body(bot)
        #expect(bot.process.isRunning, "crmbot died; stderr: \(bot.process.stderrSoFar)")
        let status = try bot.finish()
        #expect(status == 0, "exit status after bad input; stderr: \(bot.process.stderrSoFar)")
    }

    @Test("empty and blank lines")
    func emptyLines() throws {
        try Self.withBot { bot in
            for raw in ["", "   ", "\t \t"] {
                let reply = try bot.sendRaw(Array(raw.utf8))
                #expect(!reply.message.isEmpty, "blank line \(raw.debugDescription) → \(reply)")
                try bot.probe()
            }
            let reply = try bot.say("")
            #expect(!reply.message.isEmpty, "\(reply)")
            try bot.probe()
        }
    }

    @Test("a 1 MB line")
    func hugeLine() throws {
        try Self.withBot { bot in
            let big = String(repeating: "visit wang tong ", count: 65536)  // 1 MiB
            let raw = try bot.sendRaw(Array(big.utf8))
            #expect(!raw.message.isEmpty, "\(raw)")
            try bot.probe()
            let json = try bot.say(String(repeating: "a", count: 1 << 20))
            #expect(!json.message.isEmpty, "\(json)")
            #expect(json.line.utf8.count < 1 << 20, "the reply should not echo a megabyte back")
            try bot.probe()
        }
    }

    @Test("invalid UTF-8 bytes")
    func invalidUTF8() throws {
        try Self.withBot { bot in
            // A bare (non-JSON) line with broken sequences.
            let reply = try bot.sendRaw([0xFF, 0xFE, 0x68, 0x69, 0x20, 0xC3, 0x28, 0xE4, 0xB8])
            #expect(!reply.message.isEmpty, "\(reply)")
            try bot.probe()
            // A JSON request whose text holds invalid bytes.
            let json = Array(#"{"id":900,"user":"Li Ming","text":"show "#.utf8) + [0xC0, 0xAF, 0xFF] + Array(#""}"#.utf8)
            let reply2 = try bot.sendRaw(json)
            #expect(!reply2.message.isEmpty, "\(reply2)")
            try bot.probe()
        }
    }

    @Test("NUL and control characters")
    func controlCharacters() throws {
        try Self.withBot { bot in
            let reply = try bot.say("add customer Nul\u{0}Co\u{7}\u{1B}[31m\u{8}")
            #expect(!reply.message.isEmpty, "\(reply)")
            try bot.probe()
            let raw = try bot.sendRaw([0x73, 0x68, 0x6F, 0x77, 0x00, 0x01, 0x07, 0x1B, 0x5B, 0x32, 0x4A, 0x0D])
            #expect(!raw.message.isEmpty, "\(raw)")
            try bot.probe()
            // Whatever was stored, the reply must stay one JSON line.
            let list = try bot.say("list all customers")
            #expect(!list.line.contains("\u{0}"), "raw NUL in a reply line")
            try bot.probe()
        }
    }

    @Test("a SQL-looking customer name is stored verbatim and shown back")
    func sqlLookingName() throws {
        try Self.withBot { bot in
            let name = "Robert'); DROP TABLE customers;--"
            let add = try bot.say("add customer \(name)")
            #expect(add.ok && add.intent == "customer.add", "\(add)")
            let show = try bot.say("show \(name)")
            #expect(show.ok && show.intent == "customer.show", "\(show)")
            #expect(show.mentions(name), "name not shown verbatim: \(show)")
            // The table is still there.
            let other = try bot.say("add customer City Clinic")
            #expect(other.ok && other.intent == "customer.add", "\(other)")
            let list = try bot.say("list all customers")
            #expect(list.ok && list.mentions("City Clinic") && list.mentions(name), "\(list)")
            try bot.probe()
        }
    }

    @Test("an unknown name gets a polite reply")
    func unknownName() throws {
        try Self.withBot { bot in
            let reply = try bot.say("show Nobody Whatsoever")
            #expect(!reply.message.isEmpty, "\(reply)")
            #expect(reply.errorCode != "internal", "\(reply)")
            try bot.probe()
            let log = try bot.say("called Nobody Whatsoever yesterday")
            #expect(!log.message.isEmpty, "\(log)")
            try bot.probe()
        }
    }

    @Test("an ambiguous name gets a question")
    func ambiguousName() throws {
        try Self.withBot { bot in
            #expect(try bot.say("add customer City Clinic").ok)
            #expect(try bot.say("add customer Harbor Clinic").ok)
            #expect(try bot.say("add contact Li Na at City Clinic").intent == "contact.add")
            #expect(try bot.say("add contact Li Na at Harbor Clinic").intent == "contact.add")
            let reply = try bot.say("show Li Na")
            #expect(reply.ok, "\(reply)")
            #expect(reply.asksQuestion, "two Li Na: the bot must ask which: \(reply)")
            #expect(reply.mentions("City Clinic") && reply.mentions("Harbor Clinic"), "\(reply)")
            let answer = try bot.say("City Clinic")
            #expect(answer.ok, "\(answer)")
            try bot.probe()
        }
    }

    @Test("an impossible date is refused clearly")
    func impossibleDate() throws {
        try Self.withBot { bot in
            #expect(try bot.say("add customer Quanyu Hospital").ok)
            let reply = try bot.say("remind me to call Quanyu Hospital about the zebra order on Feb 30")
            #expect(!reply.message.isEmpty, "\(reply)")
            let lower = reply.message.lowercased()
            #expect(lower.contains("feb") || lower.contains("30") || lower.contains("date"),
                "the reply should say the date is impossible: \(reply)")
            try bot.probe()
            let tasks = try bot.say("show all my tasks")
            #expect(tasks.intent == "task.list", "\(tasks)")
            #expect(!tasks.mentions("zebra"), "no task may be created for Feb 30: \(tasks)")

            let zh = try bot.say("2月30日提醒我给全宇医院打电话")
            #expect(!zh.message.isEmpty, "\(zh)")
            try bot.probe()
        }
    }

    @Test("negative and absurd amounts are refused")
    func badAmounts() throws {
        try Self.withBot { bot in
            #expect(try bot.say("add customer Quanyu Hospital").ok)
            let messages = [
                "Quanyu Hospital paid -5k",
                "Quanyu Hospital ordered 2 phones for 1e20",
                "Quanyu Hospital ordered 2 phones for 99999999999999999999999",
                "全宇医院回款负5万",
            ]
            for message in messages {
                let reply = try bot.say(message)
                #expect(!reply.message.isEmpty, "\(message) → \(reply)")
                let wroteIt = reply.ok && (reply.intent == "payment.record" || reply.intent == "order.record")
                    && (reply.data?.containsNumber { $0 < 0 || $0 >= 1e15 } ?? false)
                #expect(!wroteIt, "\(message) must be refused: \(reply)")
                try bot.probe()
            }
            let card = try bot.say("show Quanyu Hospital")
            #expect(card.ok, "\(card)")
            #expect(!(card.data?.containsNumber { $0 <= -5000 || $0 >= 1e15 } ?? false),
                "a refused amount reached the card: \(card)")
        }
    }

    @Test("a bare text line works in --json mode")
    func bareTextLine() throws {
        try Self.withBot { bot in
            let reply = try bot.sendRaw(Array("help".utf8))
            #expect(reply.ok && reply.intent == "help", "\(reply)")
            try bot.probe()
        }
    }
}
