import CRMSupport
import Foundation
import Testing

/// Safe retries through the real binary: a request sent again with its key — also after
/// the process was killed and restarted — gets the first reply and writes nothing.
@Suite(.serialized, .offThePool)
struct RequestKeyEndToEndTests {
    static func keyed(_ session: BotSession, id: Int64, key: String, _ text: String) throws -> Reply {
        let request = JSONValue.object([("id", .int(id)), ("user", .string(session.user)), ("key", .string(key)), ("text", .string(text))])
        try session.process.sendLine(request.serialized)
        return try session.readReply()
    }

    @Test("a payment retried with its key is recorded once, before and after kill -9")
    func retriedPaymentIsRecordedOnce() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db)
        #expect(try li.say("add customer Quanyu Hospital").ok)
        #expect(try li.say("Quanyu Hospital ordered 50 phones for 120k").ok)
        let first = try Self.keyed(li, id: 100, key: "wecom-msg-42", "Quanyu Hospital paid 60k")
        #expect(first.ok && first.intent == "payment.record" && first.id == 100, "\(first)")
        let again = try Self.keyed(li, id: 101, key: "wecom-msg-42", "Quanyu Hospital paid 60k")
        #expect(again.id == 101 && again.text == first.text, "\(again)")
        try li.kill9()

        let back = try BotSession(db: db)
        let after = try Self.keyed(back, id: 102, key: "wecom-msg-42", "Quanyu Hospital paid 60k")
        #expect(after.id == 102 && after.text == first.text, "\(after)")
        #expect(try back.say("show Quanyu Hospital").data?["outstanding"]?.intValue == 60_000)
        let bad = try Self.keyed(back, id: 103, key: "", "Quanyu Hospital paid 60k")
        #expect(bad.errorCode == "invalid_key", "\(bad)")
        try back.process.sendLine(#"{"id":104,"user":"Li Ming","key":7,"text":"help"}"#)
        #expect(try back.readReply().errorCode == "bad_request")
        #expect(try back.finish() == 0)
    }
}
