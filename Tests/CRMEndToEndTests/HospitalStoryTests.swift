import CRMSupport
import Foundation
import Testing

/// The hospital story of the domain README §1, replayed from the demo files in
/// `Scripts/demo/` (the same files `Scripts/demo.sh` plays), via `--json`.
@Suite(.serialized, .offThePool)
struct HospitalStoryTests {
    /// The intent each demo line must produce; nil where the reply is the bot's
    /// clarifying question (its intent is not part of the contract).
    static let expectedIntents: [String?] = [
        "help",  // what can you do
        "customer.add",  // Quanyu Hospital
        "contact.add",  // Wang Tong
        "contact.add",  // Zhou Hua
        "contact.profile",  // Wang Tong: decider, power + recognition
        "contact.profile",  // Zhou Hua: logic + safety, analytical
        nil,  // log a visit … → "with whom?"
        "activity.log",  // Wang Tong (answers the question)
        "activity.log",  // call with Zhou Hua
        "customer.update",  // phone
        "customer.update",  // birthday
        "customer.update",  // note
        "objection.log",  // price
        "task.add",  // call Zhou Hua next Tuesday
        "task.add",  // follow up with Wang Tong in 3 days
        "order.record",  // 50 phones, 120k
        "payment.record",  // 6k (typo)
        "undo",
        "payment.record",  // 60k
        "stage.set",  // key
        "customer.show",  // the card
        "task.list",
        "task.done",  // done 2
        "task.list",
        "pipeline.show",
        "none",  // book a flight
        "help",  // help visits
    ]

    struct Names {
        let customer: String
        let wangTong: String
        let zhouHua: String
    }

    static func names(_ lang: String) -> Names {
        lang == "zh"
            ? Names(customer: "全宇医院", wangTong: "王彤", zhouHua: "周华")
            : Names(customer: "Quanyu Hospital", wangTong: "Wang Tong", zhouHua: "Zhou Hua")
    }

    static func demoMessages(_ lang: String) throws -> [String] {
        let url = CrmbotLocation.repoRoot.appendingPathComponent("Scripts/demo/hospital-\(lang).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
    }

    @Test("the hospital story", arguments: ["en", "zh"])
    func hospitalStory(lang: String) throws {
        let messages = try Self.demoMessages(lang)
        try #require(
            messages.count == Self.expectedIntents.count,
            "Scripts/demo/hospital-\(lang).txt has \(messages.count) messages, the test expects \(Self.expectedIntents.count)")
        let tmp = try TempDir()
        defer { tmp.remove() }
        let bot = try BotSession(db: tmp.file("crm.sqlite"))
        let n = Self.names(lang)

        var replies: [Reply] = []
        for (message, expected) in zip(messages, Self.expectedIntents) {
            let reply = try bot.say(message)
            replies.append(reply)
            #expect(reply.ok, "\(lang): \(message) → \(reply)")
            #expect(!reply.text.isEmpty, "\(lang): \(message) → empty text")
            if let expected {
                #expect(reply.intent == expected, "\(lang): \(message) → \(reply)")
            } else {
                #expect(reply.asksQuestion, "\(lang): \(message) should ask who → \(reply)")
            }
        }
        func replyFor(_ intent: String, _ occurrence: Int = 0) -> Reply? {
            let indices = Self.expectedIntents.indices.filter { Self.expectedIntents[$0] == intent }
            return occurrence < indices.count ? replies[indices[occurrence]] : nil
        }

        // The order carries its amount and quantity as numbers.
        let order = try #require(replyFor("order.record"))
        #expect(order.dataContainsNumber(120000), "order data lacks 120000: \(order)")
        #expect(order.dataContainsNumber(50), "order data lacks quantity 50: \(order)")
        // The re-entered payment (after the undone typo) is 60k.
        let payment = try #require(replyFor("payment.record", 1))
        #expect(payment.dataContainsNumber(60000), "payment data lacks 60000: \(payment)")
        // The card shows both contacts.
        let card = try #require(replyFor("customer.show"))
        #expect(card.mentions(n.customer), "card: \(card)")
        #expect(card.mentions(n.wangTong), "card lacks \(n.wangTong): \(card)")
        #expect(card.mentions(n.zhouHua), "card lacks \(n.zhouHua): \(card)")
        // The undone 6k payment is gone from the card; the 60k one is there.
        #expect(!card.dataContainsNumber(6000), "card still shows the undone 6k payment: \(card)")
        // The task list holds the call to Zhou Hua.
        let tasks = try #require(replyFor("task.list"))
        #expect(tasks.mentions(n.zhouHua), "task list lacks the \(n.zhouHua) task: \(tasks)")
        let tasksAfter = try #require(replyFor("task.list", 1))
        #expect(tasksAfter.mentions(n.zhouHua), "the \(n.zhouHua) task must stay open: \(tasksAfter)")

        let status = try bot.finish()
        #expect(status == 0)
    }
}
