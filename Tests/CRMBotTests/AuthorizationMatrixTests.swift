import CRMBot
import CRMDomain
import CRMIntents
@testable import CRMStorage
import CRMSupport
import Foundation
import Testing

/// Issue 8: the authorization matrix, with the real grammar and model on a real SQLite file.
///
/// Every intent in the catalog is tried on Alice's records by:
/// - Bob, a rep on no team, and Otto, the manager of another team. Each probe must get
///   the same answer as the same message about records that do not exist ("decoys").
///   No reply may show anything of Alice's that the message did not name. Nothing of
///   Alice's may change, even when the outsider answers "yes" to a question.
/// - Mona, Alice's manager, and Boss, the admin: their reads see Alice's records.
/// - Alice herself, so that every probe is a real message for its intent.
@Suite struct AuthorizationMatrixTests {
    /// One message for an intent about Alice's records, and the same message about
    /// records nobody has.
    struct Probe: CustomStringConvertible {
        let intent: String
        let text: String
        let decoy: String
        var description: String { "\(intent): \(text)" }
    }

    /// What Alice has and nobody else may learn. The names appear in some messages; a
    /// reply may repeat what the message named, never the rest.
    static let secrets = [
        "Harbor Dental", "Fang Ruolan", "柳如烟", "13811112222", "rosewood", "aligners", "walnut", "77,777", "77777",
        "Sun Li",
    ]

    /// Decoy names and ids, mapped back to the real ones before replies are compared.
    static let decoyNames = [
        ("Quartz Mills", "Harbor Dental"), ("Zhao Yun", "Fang Ruolan"), ("赵云", "柳如烟"), ("juniper", "rosewood"),
        ("quartz", "harbor"), ("Carl", "Alice"), ("Zed", "Alice"),
    ]

    static func p(_ intent: String, _ text: String, _ decoy: String? = nil) -> Probe {
        Probe(intent: intent, text: text, decoy: decoy ?? text)
    }

    /// One probe or more per catalog intent, English and Chinese. Ids 1 are Alice's
    /// records (she is seeded first); 91 exists for nobody.
    static let probes: [Probe] = [
        p("customer.show", "show Harbor Dental", "show Quartz Mills"),
        p("customer.show", "查看柳如烟", "查看赵云"),
        p("customer.history", "history with Harbor Dental", "history with Quartz Mills"),
        p("customer.history", "柳如烟的记录", "赵云的记录"),
        p("search", "search rosewood", "search juniper"),
        p("search", "search harbor", "search quartz"),
        p("customer.update", "Fang Ruolan's phone is 13900000000", "Zhao Yun's phone is 13900000000"),
        p("customer.update", "柳如烟的电话是13900000000", "赵云的电话是13900000000"),
        p("customer.update", "Harbor Dental's owner is Bob", "Quartz Mills's owner is Bob"),
        p("contact.profile", "Fang Ruolan is the decision maker", "Zhao Yun is the decision maker"),
        p("contact.profile", "柳如烟是决策人", "赵云是决策人"),
        p("contact.list", "contacts at Harbor Dental", "contacts at Quartz Mills"),
        p("contact.list", "show my contacts"),
        p("contact.move", "Fang Ruolan now works at Harbor Dental", "Zhao Yun now works at Quartz Mills"),
        p("contact.move", "把柳如烟调到Harbor Dental", "把赵云调到Quartz Mills"),
        p("alias.remove", "remove alias HDX from Harbor Dental", "remove alias HDX from Quartz Mills"),
        p("customer.delete", "delete customer Harbor Dental", "delete customer Quartz Mills"),
        p("customer.delete", "把Harbor Dental删了", "把Quartz Mills删了"),
        p("customer.restore", "show deleted customers"),
        p("customer.merge", "merge Harbor Dental into Harbor Dental", "merge Quartz Mills into Quartz Mills"),
        p("customer.list", "list customers"),
        p("activity.log", "log visit to Fang Ruolan: bob was here", "log visit to Zhao Yun: bob was here"),
        p("activity.log", "拜访了柳如烟，聊了价格", "拜访了赵云，聊了价格"),
        p("activity.list", "what did I do this week"),
        p("objection.log", "Fang Ruolan says the price is too high", "Zhao Yun says the price is too high"),
        p("complaint.open", "complaint from Harbor Dental: late delivery", "complaint from Quartz Mills: late delivery"),
        p("complaint.acknowledge", "acknowledge complaint 1: we are on it", "acknowledge complaint 91: we are on it"),
        p("complaint.acknowledge", "投诉1已确认", "投诉91已确认"),
        p("complaint.resolve", "resolve complaint 1", "resolve complaint 91"),
        p("complaint.followup", "followed up complaint 1: all fine", "followed up complaint 91: all fine"),
        p("order.record", "Harbor Dental ordered 10 boxes for 5k", "Quartz Mills ordered 10 boxes for 5k"),
        p("order.correct", "order 1 was 12k", "order 91 was 12k"),
        p("order.correct", "订单1改成1万2", "订单91改成1万2"),
        p("order.delete", "delete order 1", "delete order 91"),
        p("order.delete", "删除订单1", "删除订单91"),
        p("order.list", "show orders for Harbor Dental", "show orders for Quartz Mills"),
        p("payment.record", "Harbor Dental paid 3k", "Quartz Mills paid 3k"),
        p("payment.correct", "payment 1 was 5k", "payment 91 was 5k"),
        p("payment.delete", "delete payment 1", "delete payment 91"),
        p("deal.add", "new deal with Harbor Dental, 50k", "new deal with Quartz Mills, 50k"),
        p("deal.update", "deal 1 is in negotiation", "deal 91 is in negotiation"),
        p("deal.update", "商机1金额改成45万", "商机91金额改成45万"),
        p("deal.won", "won deal 1", "won deal 91"),
        p("deal.lost", "商机1丢单了", "商机91丢单了"),
        p("deal.list", "deals for Harbor Dental", "deals for Quartz Mills"),
        p("deal.list", "my deals"),
        p("forecast.show", "forecast this month"),
        p("forecast.show", "本季度预测"),
        p("quota.set", "Alice's quota is 500k this month", "Zed's quota is 500k this month"),
        p("referral.log", "Fang Ruolan referred Li Lei", "Zhao Yun referred Li Lei"),
        p("stage.set", "move Harbor Dental to customer", "move Quartz Mills to customer"),
        p("prospect.grade", "grade Harbor Dental B", "grade Quartz Mills B"),
        p("qualify", "qualify Harbor Dental: money yes, authority yes, need yes",
            "qualify Quartz Mills: money yes, authority yes, need yes"),
        p("task.list", "my tasks"),
        p("task.list", "tasks for Harbor Dental", "tasks for Quartz Mills"),
        p("task.done", "done task 1", "done task 91"),
        p("task.done", "完成任务1", "完成任务91"),
        p("task.cancel", "cancel task 1", "cancel task 91"),
        p("task.cancel", "取消任务1", "取消任务91"),
        p("task.reschedule", "reschedule task 1 to friday", "reschedule task 91 to friday"),
        p("task.edit", "change task 1 to call the boss", "change task 91 to call the boss"),
        p("task.reassign", "give task 1 to Bob", "give task 91 to Bob"),
        p("task.reassign", "把任务1交给Bob", "把任务91交给Bob"),
        p("briefing", "briefing"),
        p("risk.list", "who is at risk"),
        p("risk.list", "哪些客户有流失风险"),
        p("reorder.due", "who should reorder"),
        p("tier.list", "top customers 80/20"),
        p("pipeline.show", "pipeline"),
        p("birthday.list", "upcoming birthdays"),
        p("loyalty.show", "loyalty of Harbor Dental", "loyalty of Quartz Mills"),
        p("report.show", "monthly report"),
        p("handover", "hand over Alice's accounts to Bob", "hand over Carl's accounts to Bob"),
        p("rep.add", "add rep Eve as admin"),
        p("rep.update", "Alice reports to Otto", "Zed reports to Otto"),
        p("rep.update", "make Alice a manager", "make Zed a manager"),
        p("rep.list", "list reps"),
        p("rep.deactivate", "deactivate Alice", "deactivate Zed"),
        p("undo", "undo"),
        p("undo", "撤销"),
        p("help", "help"),
        p("task.add", "remind me to call Fang Ruolan tomorrow", "remind me to call Zhao Yun tomorrow"),
        p("contact.add", "add contact Li Lei at Harbor Dental", "add contact Li Lei at Quartz Mills"),
        // Last: an outsider may keep a customer of the same name in their own book.
        p("customer.add", "add customer Harbor Dental", "add customer Quartz Mills"),
    ]

    /// Intents whose probe is a read of one of Alice's records: a manager or admin who
    /// may see her records gets them.
    static let recordReads: Set<String> = [
        "customer.show", "customer.history", "contact.list", "order.list", "loyalty.show", "deal.list",
    ]

    struct World {
        let h: Harness
        let alice: Rep
    }

    /// Alice (on Mona's team) with a customer, two contacts, a visit, an order, a payment,
    /// a complaint, a referral and a task; Carl (on Otto's team) with a customer of his
    /// own; Bob on no team; Boss the admin.
    func world() async throws -> World {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        let h = Harness(parser: engine)
        let ctx = { (rep: Rep) in WriteContext(repID: rep.id, at: h.clock.now(), action: "rep.add") }
        let boss = try await h.store.ensureRep(named: "Boss", role: .admin)
        let mona = try await h.store.addRep(named: "Mona", role: .manager, managerID: nil, ctx(boss))
        let otto = try await h.store.addRep(named: "Otto", role: .manager, managerID: nil, ctx(boss))
        let alice = try await h.store.addRep(named: "Alice", role: .rep, managerID: mona.id, ctx(boss))
        _ = try await h.store.addRep(named: "Carl", role: .rep, managerID: otto.id, ctx(boss))
        _ = try await h.store.addRep(named: "Bob", role: .rep, managerID: nil, ctx(boss))
        for m in [
            "add customer Harbor Dental",
            "add contact Fang Ruolan at Harbor Dental, head of purchasing",
            "Fang Ruolan's phone is 13811112222",
            "add contact 柳如烟 at Harbor Dental",
            "log visit to Fang Ruolan: discussed the rosewood trial",
            "Harbor Dental ordered 12 boxes for 77,777",
            "Harbor Dental paid 20k",
            "complaint from Harbor Dental: cracked aligners",
            "remind me to send Fang Ruolan the walnut brochure on friday",
            "Fang Ruolan referred Sun Li",
            "new deal with Harbor Dental: walnut chairs, 77,777, closing end of month",
            "Harbor Dental's alias is HDX",
        ] {
            var r = await h.say(m, as: "Alice")
            if r.data["question"] != nil { r = await h.say("yes", as: "Alice") }
            try #require(r.ok && r.data["question"] == nil, "seed: \(m) → \(r.text)")
        }
        for m in ["add customer Maple Farm", "add contact Li Lei at Maple Farm", "Maple Farm ordered for 9k"] {
            let r = await h.say(m, as: "Carl")
            try #require(r.ok, "seed: \(m) → \(r.text)")
        }
        return World(h: h, alice: alice)
    }

    // MARK: Reading the file

    /// Tables of records (not logs, counters, caches or the search index).
    static let recordTables = [
        "reps", "customers", "customer_aliases", "contacts", "contact_aliases", "contact_needs", "contact_roles",
        "activities", "objections", "complaints", "orders", "payments", "referrals", "stage_changes", "tasks", "deals",
        "quotas",
    ]

    /// Every row of every record table, by table and id, as text.
    static func snapshot(_ path: String) throws -> [String: [Int64: String]] {
        let db = try Connection(path: path, configuration: .init(readOnly: true))
        var all: [String: [Int64: String]] = [:]
        for table in recordTables {
            var rows: [Int64: String] = [:]
            for row in try db.rows("SELECT rowid AS rowid_, * FROM \(table)") {
                guard case .integer(let id) = row["rowid_"] else { continue }
                rows[id] = row.values.dropFirst().map { "\($0)" }.joined(separator: "|")
            }
            all[table] = rows
        }
        return all
    }

    /// Rows added since `before` that refer (by foreign key) to a row that existed
    /// then, other than a rep: an outsider's new record attached to someone else's.
    static func newRowsReferringToOldOnes(_ path: String, since before: [String: [Int64: String]]) throws -> [String] {
        let db = try Connection(path: path, configuration: .init(readOnly: true))
        var found: [String] = []
        for table in recordTables {
            let old = before[table] ?? [:]
            for fk in try db.rows("SELECT \"table\" AS target, \"from\" AS col FROM pragma_foreign_key_list('\(table)')") {
                guard case .text(let target) = fk["target"], case .text(let column) = fk["col"], target != "reps" else { continue }
                let targetOld = before[target] ?? [:]
                for row in try db.rows("SELECT rowid AS rowid_, \(column) AS ref FROM \(table)") {
                    guard case .integer(let id) = row["rowid_"], old[id] == nil,
                        case .integer(let ref) = row["ref"], targetOld[ref] != nil
                    else { continue }
                    found.append("\(table) #\(id).\(column) → \(target) #\(ref)")
                }
            }
        }
        return found
    }

    /// Rows that existed in `before` and differ now (changed or deleted).
    static func changedRows(_ path: String, since before: [String: [Int64: String]]) throws -> [String] {
        let now = try snapshot(path)
        var changed: [String] = []
        for (table, rows) in before {
            for (id, row) in rows where now[table]?[id] != row {
                changed.append("\(table) #\(id): \(row) → \(now[table]?[id] ?? "deleted")")
            }
        }
        return changed.sorted()
    }

    // MARK: Replies

    /// What a reply shows, text and data, with digits made equal (ids and dates of new
    /// records differ between a probe and its decoy) and decoy names put back.
    static func normalized(_ reply: BotReply, decoy: Bool) -> String {
        var s = reply.text + " " + reply.data.serialized
        if decoy { for (fake, real) in decoyNames { s = s.replacingOccurrences(of: fake, with: real) } }
        return s.replacingOccurrences(of: "[0-9]+", with: "0", options: .regularExpression)
    }

    /// The secrets a reply shows that the rep did not type (`typed`: their messages so far).
    static func leaked(_ reply: BotReply, typed: String) -> [String] {
        let shown = reply.text + " " + reply.data.serialized + " " + (reply.error?.message ?? "")
        return secrets.filter { !typed.contains($0) && shown.contains($0) }
    }

    /// Answers an open question with `answer`, returning that reply, or nil when none was open.
    func answer(_ w: World, _ r: BotReply, _ answer: String, as user: String) async -> BotReply? {
        guard r.data["question"] != nil else { return nil }
        return await w.h.say(answer, as: user)
    }

    // MARK: The matrix

    @Test("every intent: a rep and another team's manager are refused on Alice's records as if they did not exist")
    func outsidersLearnAndChangeNothing() async throws {
        let w = try await world()
        let before = try Self.snapshot(w.h.file.path)
        #expect(Set(Self.probes.map(\.intent)) == Set(IntentCatalog.names), "a probe for every intent")
        for outsider in ["Bob", "Otto"] {
            var typed = ""
            for probe in Self.probes {
                typed += probe.text + "\n" + probe.decoy + "\n"
                let real = await w.h.say(probe.text, as: outsider)
                let realAnswer = await answer(w, real, "no", as: outsider)
                let fake = await w.h.say(probe.decoy, as: outsider)
                _ = await answer(w, fake, "no", as: outsider)
                #expect(real.intent == probe.intent, "\(outsider) \(probe): read as \(real.intent)")
                #expect(Self.leaked(real, typed: typed).isEmpty,
                    "\(outsider) \(probe) shows \(Self.leaked(real, typed: typed)): \(real.text)")
                if let realAnswer {
                    #expect(Self.leaked(realAnswer, typed: typed).isEmpty, "\(outsider) \(probe), no → \(realAnswer.text)")
                }
                #expect(real.ok == fake.ok && real.error?.code == fake.error?.code,
                    "\(outsider) \(probe): \(real.error?.code ?? "ok") but \(fake.error?.code ?? "ok") without the records")
                if probe.intent == "customer.add" {
                    // The one thing an outsider learns, by design (issue 9): a customer of that
                    // name is in another rep's book — not whose, nor anything in it.
                    #expect(real.data["question"] != nil && real.text.hasPrefix(
                        "A customer called Harbor Dental is already in another rep's book."), "\(outsider): \(real.text)")
                    #expect(!real.text.contains("Alice") && !real.text.contains("Mona"), "\(outsider): \(real.text)")
                    #expect(fake.error == nil, "\(outsider) decoy: \(fake.text)")
                    continue
                }
                #expect(Self.normalized(real, decoy: false) == Self.normalized(fake, decoy: probe.text != probe.decoy),
                    "\(outsider) \(probe): «\(real.text)» differs from the decoy's «\(fake.text)»")
            }
            #expect(try Self.changedRows(w.h.file.path, since: before) == [], "\(outsider) changed records")
            #expect(try Self.newRowsReferringToOldOnes(w.h.file.path, since: before) == [], "\(outsider) attached records")
        }
    }

    @Test("every intent: an outsider who answers yes to a question still changes nothing of Alice's")
    func yesToAnOutsidersQuestionChangesNothingOfAlices() async throws {
        let w = try await world()
        var asked = 0
        for (i, probe) in Self.probes.enumerated() {
            // A fresh rep each time, so what one answer created cannot meet the next probe.
            let rep = "Outsider \(i)"
            let before = try Self.snapshot(w.h.file.path)
            let r = await w.h.say(probe.text, as: rep)
            guard let yes = await answer(w, r, "yes", as: rep) else { continue }
            asked += 1
            #expect(Self.leaked(yes, typed: probe.text).isEmpty, "\(probe), yes → \(yes.text)")
            #expect(try Self.changedRows(w.h.file.path, since: before) == [], "\(probe), yes → \(yes.text)")
            #expect(try Self.newRowsReferringToOldOnes(w.h.file.path, since: before) == [], "\(probe), yes → \(yes.text)")
        }
        #expect(asked > 0, "some probe asks an outsider a question")
    }

    @Test("Alice's manager and the admin read her records; another team's manager does not")
    func managersAndAdminsSeeTheirScope() async throws {
        let w = try await world()
        for reader in ["Mona", "Boss"] {
            // The probes that name one of her records ("my deals" is the reader's own).
            for probe in Self.probes where Self.recordReads.contains(probe.intent) && probe.text != "my deals" {
                let r = await w.h.say(probe.text, as: reader)
                #expect(r.ok && r.intent == probe.intent, "\(reader) \(probe): \(r.text)")
                #expect(!Self.leaked(r, typed: probe.text).isEmpty, "\(reader) \(probe) sees nothing of Alice's: \(r.text)")
            }
            let list = await w.h.say("list customers", as: reader)
            #expect(list.text.contains("Harbor Dental"), "\(reader): \(list.text)")
            #expect(list.text.contains("Maple Farm") == (reader == "Boss"), "\(reader): \(list.text)")
        }
        let otto = await w.h.say("list customers", as: "Otto")
        #expect(otto.text.contains("Maple Farm") && !otto.text.contains("Harbor Dental"), "\(otto.text)")
    }

    @Test("every probe is a real message for its intent: Alice gets it understood and, for her records, done")
    func theOwnerGetsEveryProbeUnderstood() async throws {
        let w = try await world()
        let adminOnly: Set<String> = ["rep.add", "handover", "quota.set", "rep.update", "rep.deactivate", "task.reassign"]
        for probe in Self.probes {
            let r = await w.h.say(probe.text, as: "Alice")
            _ = await answer(w, r, "no", as: "Alice")
            // Put her records back, so the next probe finds them as they were.
            // (A reply that says nothing changed wrote nothing to put back.)
            if r.ok && r.data["question"] == nil && r.data["unchanged"] == nil && !IntentCatalog.readOnly.contains(probe.intent)
                && probe.intent != "undo"
            {
                let undo = await w.h.say("undo", as: "Alice")
                #expect(undo.ok, "Alice \(probe), undo: \(undo.text)")
            }
            #expect(r.intent == probe.intent, "Alice \(probe): read as \(r.intent)")
            if adminOnly.contains(probe.intent) {
                #expect(r.error?.code == "forbidden", "Alice \(probe): \(r.text)")
            } else {
                #expect(r.error?.code != "not_found" && r.error?.code != "forbidden", "Alice \(probe): \(r.text)")
            }
        }
        let boss = await w.h.say("add rep Eve as admin", as: "Boss")
        #expect(boss.ok, "\(boss.text)")
    }
}
