import CRMBot
import CRMDomain
import CRMSupport
import Testing

@Suite struct UndoActionTests {
    @Test func undoNamesWhatWasUndone() async {
        let h = Harness()
        await h.seedHospital()
        await h.say("log visit to Wang Tong: discussed the trial")
        let r = await h.say("undo")
        #expect(r.ok)
        #expect(r.text == "Undone: visit logged for Wang Tong.")
        #expect(r.data["undone"]?["action"] == "activity.log")
        let card = await h.say("show Quanyu Hospital")
        #expect(card.data["activities"]?.arrayValue?.isEmpty == true)
    }

    @Test func undoChinese() async {
        let h = Harness()
        await h.say("新建客户 全宇医院")
        await h.say("添加联系人 王彤 全宇医院 采购部主任")
        await h.say("拜访了王彤，讨论试用")
        #expect((await h.say("撤销")).text == "已撤销：给王彤记录的拜访。")
        #expect((await h.say("撤销")).text == "已撤销：添加的联系人王彤。")
        #expect((await h.say("撤销")).text == "已撤销：新建的客户全宇医院。")
        #expect((await h.say("撤销")).text == "没有可以撤销的操作。")
    }

    @Test func nothingToUndo() async {
        let h = Harness()
        let r = await h.say("undo")
        #expect(r.ok)
        #expect(r.text == "There is nothing to undo.")
    }

    @Test func undoNeverTouchesAnotherRepsChange() async {
        let h = Harness()
        await h.say("add customer Quanyu Hospital", as: "alice")
        await h.say("add customer City Clinic", as: "bob")
        let r = await h.say("undo", as: "alice")
        #expect(r.text == "Undone: customer Quanyu Hospital added.")
        let bobs = await h.say("list customers", as: "bob")
        #expect(bobs.data["customers"]?.arrayValue?.map { $0["name"] } == ["City Clinic"])
        #expect((await h.say("undo", as: "alice")).text == "There is nothing to undo.")
    }
}

@Suite struct UndoConflictTests {
    @Test func anAdminMadeARepCannotUndoTheirTeamChange() async throws {
        let h = Harness()
        #expect(await h.makeAdmin("Boss"))
        #expect(await h.makeAdmin("Root"))
        #expect((await h.say("add rep Zhang Wei as manager", as: "Boss")).ok)
        // Root makes Boss a rep again (straight in the store: the chat's wording is not the point).
        let boss = try #require(try await h.store.rep(named: "Boss"))
        let root = try #require(try await h.store.rep(named: "Root"))
        _ = try await h.store.changeRep(boss.id, [.role(.rep)], WriteContext(repID: root.id, at: h.clock.now(), action: "rep.update"))
        let r = await h.say("undo", as: "Boss")
        #expect(r.error?.code == "forbidden")
        #expect(r.text == "I can't undo that: your role no longer allows that kind of change. Ask an admin.")
        #expect(try await h.store.rep(named: "Zhang Wei") != nil)
    }

    @Test func undoRefusesWhenAnotherRepChangedTheRecordSince() async {
        let h = Harness()
        #expect(await h.makeAdmin("Boss"))
        await h.say("add customer Quanyu Hospital", as: "alice")
        let update = await h.say("set Quanyu Hospital credit limit to 200k", as: "Boss")
        #expect(update.ok)
        let r = await h.say("undo", as: "alice")
        #expect(!r.ok)
        #expect(r.error?.code == "constraint")
        #expect(r.text == "I can't undo that: someone else has changed or built on that record since.")
        let card = await h.say("show Quanyu Hospital", as: "alice")
        #expect(card.ok)
    }
}
