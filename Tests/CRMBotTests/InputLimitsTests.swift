import CRMBot
import CRMDomain
import CRMSupport
import Testing

@Suite struct InputLimitsTests {
    @Test(arguments: ["", "   ", "\n\t ", "\u{7}\u{1B}"])
    func emptyMessagesGetAPrompt(_ text: String) async {
        let h = Harness()
        let r = await h.say(text, id: 5)
        #expect(!r.ok)
        #expect(r.error?.code == "empty")
        #expect(r.json.serialized.hasPrefix(#"{"id":5,"ok":false,"error":{"code":"empty","message":"Say something"#))
    }

    @Test func tooLongMessagesAreRefused() async {
        let h = Harness()
        let r = await h.say(String(repeating: "a", count: 4001))
        #expect(r.error?.code == "too_long")
        let ok = await h.say(String(repeating: "a", count: 4000))
        #expect(ok.intent == "none")
    }

    @Test func controlCharactersAreStripped() async {
        let h = Harness()
        await h.seedHospital()
        let clean = await h.say("log vis\u{1B}it to Wang Tong: discussed the trial")
        #expect(clean.ok)
        #expect(clean.intent == "activity.log")
    }

    @Test func badUserNamesAreRefused() async throws {
        let h = Harness()
        let empty = await h.say("help", as: "   ")
        #expect(empty.error?.code == "invalid_user")
        let long = await h.say("help", as: String(repeating: "x", count: 65))
        #expect(long.error?.code == "invalid_user")
        let trimmed = await h.say("help", as: "  li.ming  ")
        #expect(trimmed.ok)
        #expect(try await h.store.rep(named: "li.ming") != nil)
    }

    @Test func storeFailuresBecomePoliteReplies() async {
        let h = Harness(store: FailingStore(StoreError(.busy, "The database is busy, please try again.")))
        let r = await h.say("help")
        #expect(!r.ok)
        #expect(r.error?.code == "busy")
        #expect(r.text == "The database is busy, please try again.")
        let zh = await h.say("帮助")
        #expect(zh.text == "数据库正忙，请稍后再试。")
    }

    @Test func unexpectedErrorsBecomeAnApology() async {
        struct Boom: Error {}
        let h = Harness(store: FailingStore(Boom()))
        let r = await h.say("help", id: "x")
        #expect(r.json.serialized
            == #"{"id":"x","ok":false,"error":{"code":"internal","message":"Sorry, something went wrong and I couldn't do that. Please try again."}}"#)
    }
}
