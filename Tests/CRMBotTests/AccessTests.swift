import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Testing

@Suite struct AccessTests {
    @Test func repBCannotSeeRepAsCustomer() async {
        let h = Harness()
        await h.say("hello", as: "admin.first")  // the first rep; stays a plain rep
        await h.seedHospital(as: "alice")
        let show = await h.say("show Quanyu Hospital", as: "bob")
        #expect(!show.ok)
        #expect(show.error?.code == "not_found")
        let log = await h.say("log visit to Wang Tong: discussed the trial", as: "bob")
        #expect(log.error?.code == "not_found")
        let list = await h.say("list customers", as: "bob")
        #expect(list.text == "No customers match.")
        // Bob may add his own customer of the same name: names are unique per scope.
        let add = await h.say("add customer Quanyu Hospital", as: "bob")
        #expect(add.ok)
    }

    @Test func repsCannotResolveOthersComplaintsOrTasks() async {
        let h = Harness()
        await h.seedHospital(as: "alice")
        let k = await h.say("complaint from Quanyu Hospital: delivery was late", as: "alice")
        let id = Harness.id(k, "complaint_id") ?? 0
        h.scripted.add("resolve complaint \(id)", "complaint.resolve", [("ref", .number(Double(id)))])
        let r = await h.say("resolve complaint \(id)", as: "bob")
        #expect(r.error?.code == "not_found")
    }

    @Test func onlyAdminsAddRepsAndTheFirstAdminIsNamedOutsideTheChat() async throws {
        let h = Harness()
        // Being first to type gives nobody the keys: the refusal says how to name an admin.
        let first = await h.say("add rep Boss as admin", as: "founder")
        #expect(first.error?.code == "forbidden")
        #expect(first.text == "Only an admin can add reps. There is no admin yet: whoever runs crmbot names the first one with `crmbot admin NAME`.")
        #expect(try await h.store.rep(named: "Boss") == nil)
        #expect(await h.makeAdmin("Boss"))
        let notAdmin = await h.say("add rep Zhang Wei as manager", as: "founder")
        #expect(!notAdmin.ok)
        #expect(notAdmin.error?.code == "forbidden")
        #expect(notAdmin.text == "Only an admin can add reps.")
        let byAdmin = await h.say("add rep Zhang Wei as manager", as: "Boss")
        #expect(byAdmin.text == "Added Zhang Wei as a manager.")
        let dup = await h.say("add rep Zhang Wei as manager", as: "Boss")
        #expect(dup.error?.code == "duplicate")
        // A rep registered by their first message is promoted by the command.
        let other = Harness()
        await other.say("hello", as: "first")
        #expect(await other.makeAdmin("first"))
        #expect(try await other.store.rep(named: "first")?.role == .admin)
        let zh = await other.say("添加销售张伟，经理", as: "first")
        #expect(zh.text == "已添加经理张伟。")
    }
}

@Suite struct AdminScopeTests {
    @Test func anAdminSeesEveryonesCustomersWithTheirOwner() async {
        let h = Harness()
        #expect(await h.makeAdmin("Boss"))
        await h.seedHospital(as: "alice")
        let list = await h.say("list customers", as: "Boss")
        #expect(list.text == "2 customers:\n1. Quanyu Hospital — lead · tier small · alice\n2. City Clinic — lead · tier small · alice")
        #expect(list.data["customers"]?.arrayValue?.first?["owner"] == "alice")
        let show = await h.say("show Wang Tong", as: "Boss")
        #expect(show.ok)
        let mine = await h.say("list customers", as: "alice")
        #expect(mine.text == "2 customers:\n1. Quanyu Hospital — lead · tier small\n2. City Clinic — lead · tier small")
    }
}
