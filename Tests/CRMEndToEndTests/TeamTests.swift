import CRMSupport
import Foundation
import Testing

/// The team through the real binary (issue 9): a rep registered by their first message
/// is promoted by naming their role, an admin puts reps on a manager's team (who then
/// sees and hands over their accounts and sets their quota), a rep who left is
/// deactivated once their accounts are handed over, and each change is undone.
@Suite(.serialized, .offThePool)
struct TeamEndToEndTests {
    @Test("rep.add promotes, rep.update, rep.list, rep.deactivate: admins only, undone, in both languages")
    func theTeamThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        // Typing first gives no keys; the first admin is named by `crmbot admin`, here a
        // rep already registered by their first message.
        let boss = try BotSession(db: db, user: "Boss")
        let admin = try boss.say("add rep Boss as admin")
        #expect(!admin.ok && admin.errorCode == "forbidden" && admin.message.contains("crmbot admin NAME"), "\(admin)")
        #expect(try BotSession.makeAdmin("Boss", db: db) == "Boss is now an admin (was rep).")
        #expect(try BotSession.makeAdmin("Boss", db: db) == "Boss is already an admin.")
        let bad = try CrmbotProcess.run(["admin", "Bad\tName", "--db", db.path])
        #expect(bad.status == 2 && bad.stderr.contains("U+0009"), "\(bad)")
        let none = try CrmbotProcess.run(["admin", "--db", db.path])
        #expect(none.status == 2 && none.stderr.contains("admin needs the rep's name"), "\(none)")
        let li = try BotSession(db: db, user: "Li Ming")
        #expect(try li.say("add customer Quanyu Hospital").ok)
        #expect(try boss.say("add rep Mona").ok)
        let promote = try boss.say("make Mona a manager")
        #expect(promote.ok && promote.intent == "rep.update" && promote.text == "Mona is now a manager (was rep).", "\(promote)")

        // Before: Mona does not see Li Ming's customer.
        let mona = try BotSession(db: db, user: "Mona")
        let before = try mona.say("show Quanyu Hospital")
        #expect(!before.ok && before.errorCode == "not_found", "\(before)")
        let join = try boss.say("Li Ming reports to Mona")
        #expect(join.ok && join.text.hasPrefix("Li Ming now reports to Mona"), "\(join)")
        let sees = try mona.say("show Quanyu Hospital")
        #expect(sees.ok && sees.intent == "customer.show", "\(sees)")
        let quota = try mona.say("Li Ming's quota is 300k this month")
        #expect(quota.ok && quota.text == "Li Ming's quota for 2026-11 is 300,000.", "\(quota)")
        let team = try mona.say("my team")
        #expect(team.ok && team.text == "Your team:\nMona — manager\nLi Ming — rep, reports to Mona", "\(team.text)")
        // Undo takes Li Ming off the team again.
        #expect(try boss.say("undo").text.contains("team change for Li Ming"))
        let after = try mona.say("show Quanyu Hospital")
        #expect(!after.ok && after.errorCode == "not_found", "\(after)")
        #expect(try boss.say("Li Ming reports to Mona").ok)

        // Only an admin changes the team; no loops, no rep as a manager.
        for (who, m) in [(li, "make Li Ming an admin"), (mona, "Li Ming reports to Boss"), (li, "deactivate Mona")] {
            let r = try who.say(m)
            #expect(!r.ok && r.errorCode == "forbidden", "\(m) → \(r)")
        }
        let loop = try boss.say("Mona reports to Li Ming")
        #expect(!loop.ok && loop.errorCode == "invalid" && loop.message.contains("Li Ming is a rep, not a manager"), "\(loop)")
        let demote = try boss.say("make Mona a rep")
        #expect(!demote.ok && demote.errorCode == "has_team", "\(demote)")

        // Leaving: the accounts go first; then the rep is locked out; undo lets them back.
        let early = try boss.say("Li Ming left the company")
        #expect(!early.ok && early.errorCode == "has_accounts" && early.message.contains("owns 1 customers"), "\(early)")
        #expect(try boss.say("hand over Li Ming's accounts to Mona").ok)
        let gone = try boss.say("Li Ming left the company")
        #expect(gone.ok && gone.intent == "rep.deactivate" && gone.text.hasPrefix("Deactivated Li Ming"), "\(gone)")
        let locked = try li.say("list customers")
        #expect(!locked.ok && locked.errorCode == "forbidden" && locked.message.contains("deactivated"), "\(locked)")
        let lockedZh = try li.say("我的客户")
        #expect(!lockedZh.ok && lockedZh.message.contains("账号已停用"), "\(lockedZh)")
        let roster = try boss.say("list reps")
        #expect(roster.ok && roster.text.contains("Li Ming — rep, reports to Mona (deactivated)"), "\(roster)")
        #expect(try boss.say("undo").text.contains("deactivation of Li Ming"))
        #expect(try li.say("list customers").ok)

        // In Chinese.
        #expect(try boss.say("添加销售王芳").ok)
        let zh = try boss.say("王芳归Mona管")
        #expect(zh.ok && zh.intent == "rep.update" && zh.text.hasPrefix("王芳现在归Mona管"), "\(zh)")
        let zhList = try mona.say("我的团队")
        #expect(zhList.ok && zhList.text.contains("王芳 — 销售，归Mona管"), "\(zhList)")
        let zhLeave = try boss.say("王芳离职了")
        #expect(zhLeave.ok && zhLeave.text.hasPrefix("已停用王芳"), "\(zhLeave)")
        for s in [boss, li, mona] { #expect(try s.finish() == 0) }
    }
}
