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
        // A name is taken exactly as given: spaces at either end are refused, not trimmed.
        let padded = await h.say("help", as: "  li.ming  ")
        #expect(padded.error?.code == "invalid_user")
        #expect(try await h.store.reps().isEmpty)
    }

    @Test(arguments: [
        "Bob\n2026-11-22T09:05  login  boss-phone", "Bob\tBoss", "Bo\0b", "Bob\u{200B}", "\u{202E}boB", "Bob\u{2028}",
        "Bob ", " Bob",
    ])
    func userNamesThatCouldForgeOrHideAreRefused(_ user: String) async throws {
        let h = Harness()
        let r = await h.say("help", as: user, id: 9)
        #expect(!r.ok)
        #expect(r.error?.code == "invalid_user")
        #expect(r.text.contains("\"\(VisibleText.escaped(user))\""))
        #expect(!r.text.contains("\n") && !r.text.contains("\u{200B}"))
        #expect(try await h.store.reps().isEmpty)
        let zh = await h.say("帮助", as: user)
        #expect(zh.text.contains("销售名字须为1到64个可见字符"))
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
