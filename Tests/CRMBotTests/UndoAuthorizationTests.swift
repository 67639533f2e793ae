import CRMBot
import CRMDomain
import CRMIntents
import CRMStorage
import CRMSupport
import Testing

/// Issue 8, defect 1, as the reps typed it (real grammar, real store): undo must
/// not hand back a customer together with the records another rep wrote since.
@Suite struct UndoAuthorizationTests {
    func harness() throws -> Harness {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        return Harness(parser: engine)
    }

    @Test func undoOfAnOwnerChangeDoesNotLeakTheNewOwnersRecords() async throws {
        let h = try harness()
        #expect((await h.say("help", as: "Bob")).ok)
        #expect((await h.say("add customer Gift Co", as: "Alice")).ok)
        let moved = await h.say("Gift Co's owner is Bob", as: "Alice")
        #expect(moved.intent == "customer.update" && moved.ok)
        #expect((await h.say("log visit to Gift Co: bob secret", as: "Bob")).ok)
        let undo = await h.say("undo", as: "Alice")
        #expect(!undo.ok)
        #expect(undo.error?.code == "constraint")
        #expect(undo.text == "I can't undo that: someone else has changed or built on that record since.")
        let show = await h.say("show Gift Co", as: "Alice")
        #expect(!show.text.contains("bob secret"))
        #expect(!show.ok || !show.text.contains("owner Alice"))
        let bobs = await h.say("show Gift Co", as: "Bob")
        #expect(bobs.text.contains("owner Bob") && bobs.text.contains("bob secret"))
    }

    @Test func ownerChangeIsAudited() async throws {
        let h = try harness()
        await h.say("help", as: "Bob")
        await h.say("add customer Gift Co", as: "Alice")
        await h.say("Gift Co's owner is Bob", as: "Alice")
        let store = try #require(h.store as? any CRMRelayStore)
        let entries = try await store.auditLog(limit: 5)
        #expect(entries.map(\.kind) == [.handover])
        #expect(entries.first?.actor == "Alice")
        #expect(entries.first?.detail.hasSuffix("owner Alice → Bob") == true)
    }
}
