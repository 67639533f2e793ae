import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Foundation
import Testing

/// The bot with the real grammar engine (loaded from `<repo>/Intents`) on a real SQLite store.
@Suite struct RealEngineTests {
    static let engine: IntentEngine? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try? IntentEngine.load(directory: repo.appendingPathComponent("Intents").path)
    }()

    func harness() throws -> Harness {
        let engine = try #require(Self.engine, "the grammar in Intents/ must load")
        return Harness(parser: engine)
    }

    func seed(_ h: Harness) async throws {
        for m in [
            "add customer Quanyu Hospital", "add customer City Clinic",
            "add contact Wang Tong at Quanyu Hospital, head of purchasing",
            "add contact Zhou Hua at Quanyu Hospital, head of administration",
        ] {
            let r = await h.say(m)
            try #require(r.ok, "\(m) → \(r.text)")
        }
    }

    @Test func hospitalStoryEnglish() async throws {
        let h = try harness()
        try await seed(h)
        let visit = await h.say("log visit to Wang Tong: discussed the trial")
        #expect(visit.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22: discussed the trial.")
        let phone = await h.say("Wang Tong's phone is 13800001111")
        #expect(phone.text == "Wang Tong's phone: 13800001111 (was —).")
        let q = await h.say("log a visit: left a GSM trial phone")
        #expect(q.text == "Visit with whom?")
        let a = await h.say("Wang Tong")
        #expect(a.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22: left a GSM trial phone.")
        let order = await h.say("Quanyu Hospital ordered 50 phones for 120k")
        #expect(order.data["amount"] == .int(120_000))
        #expect(order.data["quantity"] == .int(50))
        let undo = await h.say("undo")
        #expect(undo.text == "Undone: order from Quanyu Hospital.")
        let undo2 = await h.say("undo")
        #expect(undo2.text == "Undone: visit logged for Wang Tong.")
        let profile = await h.say("Zhou Hua cares about logic and safety")
        #expect(profile.intent == "contact.profile")
        #expect(profile.text.hasPrefix("Zhou Hua: needs logic and safety"))
        let task = await h.say("remind me to call Zhou Hua next Tuesday")
        #expect(task.intent == "task.add")
        #expect(task.data["due"] == "2026-11-24")
        let card = await h.say("show Quanyu Hospital")
        #expect(card.intent == "customer.show")
        #expect(card.text.contains("Zhou Hua, head of administration — needs logic and safety"))
    }

    @Test func hospitalStoryChinese() async throws {
        let h = try harness()
        #expect((await h.say("新建客户全宇医院")).intent == "customer.add")
        #expect((await h.say("添加联系人王彤，全宇医院采购部主任")).intent == "contact.add")
        let visit = await h.say("拜访了王彤，讨论试用")
        #expect(visit.text == "已记录2026-11-22与王彤（全宇医院）的拜访：讨论试用。")
        let q = await h.say("记录拜访：带了试用手机")
        #expect(q.text == "拜访了谁？")
        let a = await h.say("王彤")
        #expect(a.text == "已记录2026-11-22与王彤（全宇医院）的拜访：带了试用手机。")
        #expect((await h.say("撤销")).text == "已撤销：给王彤记录的拜访。")
        let bad = await h.say("2月30日提醒我给全宇医院打电话")
        #expect(bad.text == "没有2月30日这一天，是哪一天？")
        let fixed = await h.say("明天")
        #expect(fixed.text.hasPrefix("已添加任务#"))
        #expect(fixed.data["due"] == "2026-11-23")
    }

    @Test func impossibleDateIsNotWritten() async throws {
        let h = try harness()
        try await seed(h)
        let r = await h.say("remind me to call Quanyu Hospital about the zebra order on Feb 30")
        #expect(r.text == "There is no Feb 30. Which date did you mean?")
        #expect(r.data["question"]?["slot"] == "due")
        let tasks = await h.say("show all my tasks")
        #expect(!tasks.text.contains("zebra"))
    }

    /// What the customer said is not the rep's hedge or denial: a complaint's "never" and a
    /// stage called 可能客户 write at once; an activity its own note denies ("didn't reach
    /// her") and a real hedge still wait for a yes.
    @Test func wordsInsideAValueAreNotTheMessagesMood() async throws {
        let h = try harness()
        try await seed(h)
        let complaint = await h.say("complaint from City Clinic: the installer never showed up")
        #expect(complaint.intent == "complaint.open")
        #expect(complaint.text.hasPrefix("Opened complaint #1 for City Clinic"), "\(complaint.text)")
        let stage = await h.say("把City Clinic设为可能客户")
        #expect(stage.text.hasPrefix("City Clinic的阶段：可能客户"), "\(stage.text)")
        let denied = await h.say("complaint from City Clinic: no complaint, they're happy")
        #expect(denied.data["question"] != nil, "a denial inside the text still asks: \(denied.text)")
        #expect(!(await h.say("no")).text.isEmpty)
        let objection = await h.say("Wang Tong said price is not an issue")
        #expect(objection.data["question"] != nil, "\(objection.text)")
        #expect(!(await h.say("no")).text.isEmpty)
        let missed = await h.say("tried calling Wang Tong, didn't reach him")
        #expect(missed.data["question"] != nil, "\(missed.text)")
        #expect(!(await h.say("no")).text.isEmpty)
        let hedge = await h.say("可能把City Clinic设为重点客户")
        #expect(hedge.data["question"] != nil, "\(hedge.text)")
        #expect(!(await h.say("no")).text.isEmpty)
        // "was going to visit …, but he was away": the 了 of his clause says nothing was done.
        let meant = await h.say("本来要去拜访Wang Tong，结果他出差了")
        #expect(meant.data["question"] != nil || meant.intent != "activity.log", "\(meant.text)")
        #expect(!meant.text.hasPrefix("已记录"), "\(meant.text)")
        // "didn't get round to calling", "wanted to visit but didn't make it", "don't know
        // whether they will order": nothing was done, so nothing is written without a yes.
        // …nor is a promise ("says they'll pay 50k next week"): it is offered as a task.
        for text in ["今天没来得及给Wang Tong打电话", "本来想去拜访Wang Tong的 没去成", "不知道City Clinic还会不会下单",
            "City Clinic说下周回款5万"]
        {
            let reply = await h.say(text)
            #expect(reply.data["question"] != nil, "\(text): \(reply.text)")
            #expect(!reply.text.hasPrefix("已记录"), "\(text): \(reply.text)")
            #expect(!(await h.say("不是")).text.isEmpty)
        }
    }

    /// A plan in a clause about someone else ("he will pay next week") is theirs: the call the
    /// rep made is logged, not turned into a question.
    @Test func theirPlanInANoteIsNoPlanOfTheRep() async throws {
        let h = try harness()
        try await seed(h)
        let call = await h.say("called Wang Tong, he will pay next week")
        #expect(call.intent == "activity.log", "\(call.text)")
        #expect(call.data["question"] == nil, "\(call.text)")
        #expect(call.text.contains("he will pay next week"), "\(call.text)")
        // The rep's own plan still is one.
        let plan = await h.say("Wang Tong promised to pay 5k next week")
        #expect(plan.data["question"] != nil, "\(plan.text)")
    }

    /// A negation outside a task's text turns it around ("didn't visit City Clinic today" is
    /// no plain task to visit it): it waits for a yes. "don't forget to …" and a negation
    /// inside the task's own text write at once.
    @Test func aNegatedTaskAsksFirst() async throws {
        let h = try harness()
        try await seed(h)
        let negated = await h.say("didn't visit City Clinic today")
        #expect(negated.data["question"] != nil, "\(negated.text)")
        #expect((await h.say("no")).text == "OK, I didn't add anything.")
        // "forgot to call X yesterday" is a call that did not happen, not a task to add.
        let forgot = await h.say("forgot to call Wang Tong yesterday")
        #expect(forgot.data["question"] != nil, "\(forgot.text)")
        #expect((await h.say("no")).text == "OK, I didn't add anything.")
        let reminder = await h.say("don't forget to call City Clinic tomorrow")
        #expect(reminder.intent == "task.add")
        #expect(reminder.data["question"] == nil, "\(reminder.text)")
        #expect(reminder.text.hasPrefix("Task #1: call City Clinic"), "\(reminder.text)")
        let inside = await h.say("remind me to follow up with City Clinic, they haven't paid")
        #expect(inside.data["question"] == nil, "\(inside.text)")
        #expect(inside.text.hasPrefix("Task #2: follow up with City Clinic, they haven't paid"), "\(inside.text)")
        let zh = await h.say("别忘了明天给City Clinic打电话")
        #expect(zh.text.hasPrefix("已添加任务#3"), "\(zh.text)")
    }

    /// "华康医院的郑晓东", "Priya Nair at Lakeside Hospital": the person is `who`, the company
    /// `company`; the bot looks them up together, so the company tells two people of the same
    /// name apart and stands in for a person not on file.
    @Test func aPersonIsFoundThroughTheirCompany() async throws {
        let h = try harness()
        for m in [
            "add customer 华康医院", "add customer 东方医院", "add contact 郑晓东 at 华康医院", "add contact 郑晓东 at 东方医院",
            "add customer Lakeside Hospital", "add contact Priya Nair at Lakeside Hospital",
        ] {
            let r = await h.say(m)
            try #require(r.ok, "\(m) → \(r.text)")
        }
        let visit = await h.say("昨天拜访了东方医院的郑晓东，聊了试用情况")
        #expect(visit.intent == "activity.log")
        #expect(visit.text == "已记录2026-11-21与郑晓东（东方医院）的拜访：聊了试用情况。", "\(visit.text)")
        let unknown = await h.say("去华康医院拜访了刘芳")
        #expect(unknown.text.hasPrefix("已记录2026-11-22与华康医院的拜访"), "\(unknown.text)")
        let english = await h.say("met Priya Nair at Lakeside Hospital yesterday")
        #expect(english.text == "Logged visit with Priya Nair (Lakeside Hospital) on 2026-11-21.", "\(english.text)")
        // A company not on file: someone of that name elsewhere is offered, never taken.
        let r = await h.say("add contact 王芳 at 东方医院")
        try #require(r.ok, "\(r.text)")
        let elsewhere = await h.say("去瑞丰集团拜访了王芳")
        #expect(elsewhere.text == "哪一个王芳？\n1) 王芳 — 东方医院", "\(elsewhere.text)")
        #expect((await h.say("取消")).ok)
        // A place that is no organisation is not a company: the person is found as usual.
        let place = await h.say("met Priya Nair at Starbucks yesterday")
        #expect(place.text == "Logged visit with Priya Nair (Lakeside Hospital) on 2026-11-21.", "\(place.text)")
    }

    @Test func unknownMessageGetsSuggestions() async throws {
        let h = try harness()
        let r = await h.say("can you book me a flight to shanghai")
        #expect(r.intent == "none")
        #expect(r.ok)
        #expect(r.text.hasPrefix("Sorry, I didn't understand that."))
    }

    @Test func helpTopicsUseTheCatalog() async throws {
        let h = try harness()
        let r = await h.say("help visits")
        #expect(r.intent == "help")
        #expect(r.text.contains("log visit to Wang Tong: discussed the trial"))
        let zh = await h.say("帮助 拜访")
        #expect(zh.language == .zh)
        #expect(zh.text.hasPrefix("拜访、电话等联系："))
    }

    @Test func everyAvailableIntentEnglish() async throws {
        let h = try harness()
        try await seed(h)
        let script: [(String, String, String?)] = [
            ("grade City Clinic B", "prospect.grade", "City Clinic graded B — needs follow-up (was —)."),
            ("move Quanyu Hospital to key", "stage.set", "Quanyu Hospital is now at stage key (was lead)."),
            ("complaint from Quanyu Hospital: delivery was late", "complaint.open",
                "Opened complaint #1 for Quanyu Hospital: delivery was late."),
            ("resolve complaint 1: replaced the handsets", "complaint.resolve",
                "Complaint #1 (Quanyu Hospital) resolved: replaced the handsets. Follow up with the customer within a week (\"followed up complaint 1: …\")."),
            ("Zhou Hua says they already have a supplier", "objection.log",
                "Noted objection from Zhou Hua (Quanyu Hospital): already has a supplier."),
            ("Wang Tong referred City Clinic", "referral.log",
                "Logged referral: Wang Tong (Quanyu Hospital) referred City Clinic."),
            ("Quanyu Hospital ordered 50 phones for 120k", "order.record",
                "Recorded order #1 from Quanyu Hospital: 120,000 for 50 × phones on 2026-11-22."),
            ("Quanyu Hospital paid 60k", "payment.record",
                "Recorded payment #1 of 60,000 from Quanyu Hospital on 2026-11-22. Outstanding: 60,000."),
            ("qualify City Clinic: money yes, authority yes, need yes", "qualify",
                "City Clinic: money yes, authority yes, need yes — qualified (MAN)."),
            ("set Quanyu Hospital credit limit to 200k", "customer.update",
                "Quanyu Hospital's credit limit: 200,000 (was —)."),
            ("remind me to call Zhou Hua next Tuesday", "task.add", "Task #1: call Zhou Hua — due Tue 2026-11-24."),
            ("my tasks this week", "task.list", nil),
            ("done 1", "task.done", "Done: #1 call Zhou Hua."),
            ("list key accounts", "customer.list", "1 customer:\n1. Quanyu Hospital — key · tier key · 120,000"),
            ("add rep Zhang Wei as manager", "rep.add", "Added Zhang Wei as a manager."),
            ("who is at risk", "risk.list", nil),
        ]
        for (message, intent, text) in script {
            // Only an admin names reps; the first admin is named outside the chat.
            if intent == "rep.add" { #expect(await h.makeAdmin("li.ming")) }
            let r = await h.say(message)
            #expect(r.intent == intent, "\(message) → \(r.json.serialized)")
            if let text { #expect(r.text == text, "\(message)") }
        }
    }

    @Test func everyAvailableIntentChinese() async throws {
        let h = try harness()
        for m in ["新建客户全宇医院", "新建客户市诊所", "添加联系人王彤，全宇医院采购部主任", "添加联系人周华，全宇医院行政部主任"] {
            let r = await h.say(m)
            try #require(r.ok, "\(m) → \(r.text)")
        }
        let script: [(String, String, String?)] = [
            ("市诊所评为A级", "prospect.grade", "市诊所评为A级——近期可能成交（原为—）。"),
            ("把全宇医院升为重点客户", "stage.set", "全宇医院的阶段：重点客户（原为潜在客户）。"),
            ("全宇医院投诉：送货延迟", "complaint.open", "已登记全宇医院的投诉#1：送货延迟。"),
            ("投诉1已解决：更换了手机", "complaint.resolve", "投诉#1（全宇医院）已解决：更换了手机。一周内记得回访客户（“投诉1已回访：……”）。"),
            ("周华说已经有供应商了", "objection.log", "已记录周华（全宇医院）的异议：已有供应商。"),
            ("王彤介绍了市诊所", "referral.log", "已记录转介绍：王彤（全宇医院）介绍了市诊所。"),
            ("全宇医院订了50部手机，12万", "order.record", "已记录全宇医院的订单#1：120,000，50 × 手机，2026-11-22。"),
            ("全宇医院回款6万", "payment.record", "已记录全宇医院2026-11-22回款60,000（回款#1）。未回款：60,000。"),
            ("市诊所资格：有钱、有决策权、没有需求", "qualify",
                "市诊所：购买力是，决策权是，需求否——暂不合格（需要购买力、决策权和需求三者都具备）。"),
            ("把全宇医院的信用额度设为20万", "customer.update", "全宇医院的信用额度：200,000（原为—）。"),
            ("王彤的电话是13800001111", "customer.update", "王彤的电话：13800001111（原为—）。"),
            ("今天有什么任务", "task.list", "没有待办任务（今天的任务）。"),
            ("列出关键客户", "customer.list", "共1个客户：\n1. 全宇医院 — 重点客户 · 关键客户 · 120,000"),
            ("添加销售张伟，经理", "rep.add", "已添加经理张伟。"),
            ("哪些客户有流失风险", "risk.list", nil),
            ("撤销", "undo", "已撤销：添加的销售张伟。"),
        ]
        for (message, intent, text) in script {
            // Only an admin names reps; the first admin is named outside the chat.
            if intent == "rep.add" { #expect(await h.makeAdmin("li.ming")) }
            let r = await h.say(message)
            #expect(r.intent == intent, "\(message) → \(r.json.serialized)")
            #expect(r.language == .zh)
            if let text { #expect(r.text == text, "\(message)") }
        }
    }
}
