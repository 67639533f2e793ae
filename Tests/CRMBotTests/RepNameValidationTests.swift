import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Testing

/// Rep names typed inside messages follow the same rule as the `user` of a request
/// (issue 8, defect 3): `add rep`, handover targets and owner changes refuse a name
/// with a control or invisible character as `invalid_user`.
@Suite struct RepNameValidationTests {
    func harness() async throws -> Harness {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        let h = Harness(parser: engine)
        #expect(await h.makeAdmin("Boss"))
        return h
    }

    @Test func addRepRefusesAnInvisibleCharacter() async throws {
        let h = try await harness()
        let r = await h.say("add rep Bob\tBoss as manager", as: "Boss")
        #expect(r.intent == "rep.add")
        #expect(r.error?.code == "invalid_user")
        #expect(r.text.hasPrefix("The rep name \"Bob\\tBoss\" contains U+0009 (a control character)."))
        #expect(try await h.store.reps().map(\.name).sorted() == ["Boss"])
    }

    @Test func handoverRefusesAnInvisibleCharacter() async throws {
        let h = try await harness()
        let r = await h.say("hand over Li Ming's accounts to Zhang\tWei", as: "Boss")
        #expect(r.intent == "handover")
        #expect(r.error?.code == "invalid_user")
    }

    @Test func ownerChangeRefusesAnInvisibleCharacter() async throws {
        let h = try await harness()
        #expect((await h.say("add customer Gift Co", as: "Boss")).ok)
        let r = await h.say("Gift Co's owner is Bob\tX", as: "Boss")
        #expect(r.intent == "customer.update")
        #expect(r.error?.code == "invalid_user")
    }
}
