import CRMBot
import CRMSupport
import Testing

/// Issue 8, defect 8: customer.show put "qualified" twice in `data`; a JSON reader
/// keeps one of the two silently. No reply may repeat a key in any object.
@Suite struct ReplyKeysTests {
    /// "data.qualified" for every key repeated in an object anywhere in `value`.
    static func repeatedKeys(in value: JSONValue, at path: String = "data") -> [String] {
        switch value {
        case .object(let pairs):
            var seen: Set<String> = []
            var repeated: [String] = []
            for (key, child) in pairs {
                if !seen.insert(key).inserted { repeated.append("\(path).\(key)") }
                repeated += repeatedKeys(in: child, at: "\(path).\(key)")
            }
            return repeated
        case .array(let items):
            return items.enumerated().flatMap { repeatedKeys(in: $0.element, at: "\(path)[\($0.offset)]") }
        default:
            return []
        }
    }

    @Test(arguments: [
        "show Quanyu Hospital", "show Wang Tong", "log visit to Wang Tong: discussed the trial",
        "Quanyu Hospital ordered 50 phones for 120k", "list customers", "who is at risk", "what should I do today",
        "pipeline", "80/20", "how loyal is Quanyu Hospital", "weekly report", "undo",
    ])
    func noReplyRepeatsAKey(_ message: String) async throws {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        let h = Harness(parser: engine)
        await h.seedHospital()
        await h.say("Quanyu Hospital has money, authority and need")
        let reply = await h.say(message)
        #expect(Self.repeatedKeys(in: reply.data) == [], "\(message) → \(reply.intent)")
    }
}
