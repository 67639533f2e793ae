import CRMBot
import CRMDomain
import CRMStorage
import CRMSupport
import Testing

@Suite struct HandoverActionTests {
    /// Li Ming (a rep) owns the hospital accounts; Boss is the admin; Zhang Wei the successor.
    func team() async -> Harness {
        let h = Harness()
        #expect(await h.makeAdmin("Boss"))
        #expect((await h.say("add rep Zhang Wei as manager", as: "Boss")).ok)
        await h.seedHospital(as: "Li Ming")
        #expect((await h.say("remind me to call Zhou Hua next Tuesday", as: "Li Ming")).ok)
        return h
    }

    @Test func anAdminHandsOverAccountsTasksAndHistoryInOneAuditedStep() async throws {
        let h = await team()
        let r = await h.say("hand over Li Ming's accounts to Zhang Wei", as: "Boss")
        #expect(r.ok)
        #expect(r.intent == "handover")
        #expect(r.text == "Handed over Li Ming's accounts to Zhang Wei: 2 customers with their history, 1 open tasks and 0 open complaints.")
        #expect(r.data["customers"]?.intValue == 2)
        // The successor sees the cards with their history; the predecessor no longer does.
        #expect((await h.say("show Quanyu Hospital", as: "Zhang Wei")).ok)
        #expect((await h.say("show Quanyu Hospital", as: "Li Ming")).error?.code == "not_found")
        let relayStore = try #require(h.store as? any CRMRelayStore)
        let audit = try await relayStore.auditLog(limit: 5)
        #expect(audit.first?.kind == .handover)
        #expect(audit.first?.actor == "Boss")
        // The admin can undo it.
        #expect((await h.say("undo", as: "Boss")).ok)
        #expect((await h.say("show Quanyu Hospital", as: "Li Ming")).ok)
    }

    @Test func aRepCannotHandOverAndUnknownRepsAreNamed() async {
        let h = await team()
        let refused = await h.say("hand over Li Ming's accounts to Zhang Wei", as: "Li Ming")
        #expect(refused.error?.code == "forbidden")
        #expect(refused.text == "Only an admin, or the manager of both reps, can hand over accounts.")
        h.scripted.add("hand over Li Ming's accounts to Nobody", "handover", [("from", "Li Ming"), ("to", "Nobody")])
        let unknown = await h.say("hand over Li Ming's accounts to Nobody", as: "Boss")
        #expect(unknown.error?.code == "not_found")
        #expect(unknown.text == "There is no rep called Nobody.")
    }
}
