import CRMBot
import CRMSupport
import Testing

@Suite struct BotReplyTests {
    @Test func successJSONHasIdIntentTextData() {
        let r = BotReply(id: .int(7), ok: true, intent: "undo", text: "Done.", data: .object([("x", 1)]), language: .en)
        #expect(r.json.serialized == #"{"id":7,"ok":true,"intent":"undo","text":"Done.","data":{"x":1}}"#)
    }

    @Test func failureJSONHasError() {
        let r = BotReply(id: nil, ok: false, intent: "", text: "Too long.",
            error: BotError(code: "too_long", message: "Too long."), language: .en)
        #expect(r.json.serialized == #"{"ok":false,"error":{"code":"too_long","message":"Too long."}}"#)
    }
}
