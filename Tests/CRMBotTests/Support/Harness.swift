import CRMBot
import CRMDomain
import CRMIntents
import CRMStorage
import CRMSupport
import Foundation

/// A database file in the temporary directory, removed (with its WAL files) when released.
final class TempDatabase: Sendable {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("crmbot-bot-\(UUID().uuidString).sqlite").path
    }
    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// A bot on a fresh store with a scripted parser and a hand-moved clock
/// (2026-11-22 09:00, a Sunday).
struct Harness {
    let store: any CRMStore
    let parser: any IntentParser
    let scripted: ScriptedParser
    let clock: TestClock
    let bot: Bot
    let file = TempDatabase()

    /// A bot on `store`, or by default on a real SQLite store in a fresh temporary file.
    init(store: (any CRMStore)? = nil, parser: (any IntentParser)? = nil) {
        if let store {
            self.store = store
        } else {
            do {
                self.store = try SQLiteStore.open(path: file.path)
            } catch {
                fatalError("cannot open a test database: \(error)")
            }
        }
        scripted = Script.parser()
        self.parser = parser ?? scripted
        clock = TestClock()
        bot = Bot(store: self.store, parser: self.parser, clock: clock)
    }

    /// Makes `name` an admin as `crmbot admin NAME` does (the chat names no first admin).
    @discardableResult
    func makeAdmin(_ name: String) async -> Bool {
        (try? await Admins.grant(name, store: store, at: clock.now())) != nil
    }

    @discardableResult
    func say(_ text: String, as user: String = "li.ming", id: JSONValue? = nil) async -> BotReply {
        await bot.respond(to: BotRequest(id: id, user: user, text: text))
    }

    /// The hospital story: Quanyu Hospital with Wang Tong and Zhou Hua; City Clinic with Li Na;
    /// a second Li Na at the hospital.
    func seedHospital(as user: String = "li.ming") async {
        for text in [
            "add customer Quanyu Hospital", "add customer City Clinic",
            "add contact Wang Tong at Quanyu Hospital, head of purchasing",
            "add contact Zhou Hua at Quanyu Hospital, head of administration",
            "add contact Li Na at City Clinic", "add contact Li Na at Quanyu Hospital",
        ] {
            let r = await say(text, as: user)
            precondition(r.ok, "seed failed: \(text): \(r.text)")
        }
    }

    /// An id from a reply's data.
    static func id(_ reply: BotReply, _ key: String) -> Int64? { reply.data[key]?.intValue }
}

/// The scripted messages shared by the tests.
enum Script {
    static func d(_ iso: String) -> SlotValue { .date(LocalDateTime(iso: iso) ?? LocalDateTime(date: CivilDate(dayNumber: 0))) }

    static func parser() -> ScriptedParser {
        ScriptedParser([
            // customers and contacts
            ("add customer Quanyu Hospital", "customer.add", [("name", "Quanyu Hospital")]),
            ("add customer City Clinic", "customer.add", [("name", "City Clinic"), ("region", "north")]),
            ("add customer Star Mall", "customer.add", [("name", "Star Mall")]),
            ("add customer quanyu hospital", "customer.add", [("name", "quanyu hospital")]),
            ("add person Zhang San", "customer.add", [("name", "Zhang San"), ("kind", "person")]),
            ("add customer", "customer.add", []),
            ("add customer Robert'); DROP TABLE customers;--", "customer.add", [("name", "Robert'); DROP TABLE customers;--")]),
            ("show Robert'); DROP TABLE customers;--", "customer.show", [("who", "Robert'); DROP TABLE customers;--")]),
            ("add contact Wang Tong at Quanyu Hospital, head of purchasing", "contact.add",
                [("name", "Wang Tong"), ("customer", "Quanyu Hospital"), ("title", "head of purchasing")]),
            ("add contact Zhou Hua at Quanyu Hospital, head of administration", "contact.add",
                [("name", "Zhou Hua"), ("customer", "Quanyu Hospital"), ("title", "head of administration")]),
            ("add contact Li Na at City Clinic", "contact.add", [("name", "Li Na"), ("customer", "City Clinic")]),
            ("add contact Li Na at Quanyu Hospital", "contact.add", [("name", "Li Na"), ("customer", "Quanyu Hospital")]),
            ("add contact Chen Jie at Sunny Farm", "contact.add", [("name", "Chen Jie"), ("customer", "Sunny Farm")]),
            ("add contact Chen Jie", "contact.add", [("name", "Chen Jie")]),
            ("show Quanyu Hospital", "customer.show", [("who", "Quanyu Hospital")]),
            ("show Wang Tong", "customer.show", [("who", "Wang Tong")]),
            ("Wang Tong's phone is 13800001111", "customer.update",
                [("who", "Wang Tong"), ("field", "phone"), ("value", "13800001111")]),
            ("Wang Tong's phone is banana", "customer.update", [("who", "Wang Tong"), ("field", "phone"), ("value", "banana")]),
            ("Wang Tong's email is wt@quanyu.cn", "customer.update",
                [("who", "Wang Tong"), ("field", "email"), ("value", "wt@quanyu.cn")]),
            ("set Quanyu Hospital credit limit to 200k", "customer.update",
                [("who", "Quanyu Hospital"), ("field", "credit_limit"), ("value", .number(200_000))]),
            ("Wang Tong's birthday is May 3", "customer.update",
                [("who", "Wang Tong"), ("field", "birthday"), ("value", d("2027-05-03"))]),
            ("Quanyu Hospital pays on day 40", "customer.update",
                [("who", "Quanyu Hospital"), ("field", "payday"), ("value", .number(40))]),
            ("Quanyu Hospital pays on day 15", "customer.update",
                [("who", "Quanyu Hospital"), ("field", "payday"), ("value", .number(15))]),
            ("Quanyu Hospital owner is Zhang Wei", "customer.update",
                [("who", "Quanyu Hospital"), ("field", "owner"), ("value", "Zhang Wei")]),
            ("Wang Tong is the decision maker", "contact.profile", [("who", "Wang Tong"), ("role", "decider")]),
            ("Wang Tong wants power and recognition, a powerful type", "contact.profile",
                [("who", "Wang Tong"), ("needs", .list(["power", "recognition"])), ("style", "powerful")]),
            ("Zhou Hua cares about logic and safety", "contact.profile",
                [("who", "Zhou Hua"), ("needs", .list(["logic", "safety"])), ("style", "analytical")]),
            ("Quanyu Hospital is the decision maker", "contact.profile", [("who", "Quanyu Hospital"), ("role", "decider")]),
            ("Zhang San is analytical", "contact.profile", [("who", "Zhang San"), ("style", "analytical")]),
            ("list customers", "customer.list", []),
            ("list key accounts", "customer.list", [("tier", "key")]),
            ("list small accounts", "customer.list", [("tier", "small")]),
            ("my customers in the north", "customer.list", [("region", "north"), ("owner", "me")]),
            // funnel
            ("move Quanyu Hospital to key", "stage.set", [("who", "Quanyu Hospital"), ("stage", "key")]),
            ("grade City Clinic B", "prospect.grade", [("who", "City Clinic"), ("grade", "B")]),
            ("qualify City Clinic: money yes, authority yes, need no", "qualify",
                [("who", "City Clinic"), ("money", "yes"), ("authority", "yes"), ("need", "no")]),
            ("City Clinic needs it after all", "qualify", [("who", "City Clinic"), ("need", "yes")]),
            // activities
            ("log visit to Wang Tong: discussed the trial", "activity.log",
                [("type", "visit"), ("who", "Wang Tong"), ("note", "discussed the trial")]),
            ("log visit", "activity.log", [("type", "visit")]),
            ("log visit to Wnag Tong", "activity.log", [("type", "visit"), ("who", "Wnag Tong")]),
            ("log visit to Wang", "activity.log", [("type", "visit"), ("who", "Wang")]),
            ("log call with Li Na", "activity.log", [("type", "call"), ("who", "Li Na")]),
            ("log call with Li Na at City Clinic", "activity.log", [("type", "call"), ("who", "Li Na at City Clinic")]),
            ("log visit to Nobody Here", "activity.log", [("type", "visit"), ("who", "Nobody Here")]),
            ("log visit to Wang Tong on Feb 30", "activity.log",
                [("type", "visit"), ("who", "Wang Tong"), ("date", "2026-02-30")]),
            ("called Zhou Hua yesterday about pricing", "activity.log",
                [("type", "call"), ("who", "Zhou Hua"), ("date", d("2026-11-21")), ("note", "about pricing")]),
            ("Zhou Hua says they already have a supplier", "objection.log", [("who", "Zhou Hua"), ("kind", "has_supplier")]),
            ("Wang Tong referred City Clinic", "referral.log", [("from", "Wang Tong"), ("to", "City Clinic")]),
            ("Wang Tong referred Sun Li", "referral.log", [("from", "Wang Tong"), ("to", "Sun Li")]),
            ("complaint from Quanyu Hospital: delivery was late", "complaint.open",
                [("who", "Quanyu Hospital"), ("note", "delivery was late")]),
            // money
            ("Quanyu Hospital ordered 50 phones for 120k", "order.record",
                [("who", "Quanyu Hospital"), ("amount", .number(120_000)), ("quantity", .number(50)), ("item", "phones")]),
            ("City Clinic ordered for 20k", "order.record", [("who", "City Clinic"), ("amount", .number(20_000))]),
            ("Star Mall ordered for 5k", "order.record", [("who", "Star Mall"), ("amount", .number(5_000))]),
            ("Quanyu Hospital ordered phones", "order.record", [("who", "Quanyu Hospital"), ("item", "phones")]),
            ("Quanyu Hospital ordered for 0", "order.record", [("who", "Quanyu Hospital"), ("amount", .number(0))]),
            ("Quanyu Hospital ordered for -5", "order.record", [("who", "Quanyu Hospital"), ("amount", .number(-5))]),
            ("Quanyu Hospital ordered for 2 trillion", "order.record",
                [("who", "Quanyu Hospital"), ("amount", .number(2e12))]),
            ("Quanyu Hospital paid 60k", "payment.record", [("who", "Quanyu Hospital"), ("amount", .number(60_000))]),
            ("Quanyu Hospital paid 0", "payment.record", [("who", "Quanyu Hospital"), ("amount", .number(0))]),
            ("Quanyu Hospital paid a fraction of a cent", "payment.record",
                [("who", "Quanyu Hospital"), ("amount", .number(0.001))]),
            // tasks
            ("remind me to call Zhou Hua next Tuesday", "task.add",
                [("what", "call Zhou Hua"), ("who", "Zhou Hua"), ("due", d("2026-11-24"))]),
            ("remind me to send the report tomorrow at 3pm", "task.add",
                [("what", "send the report"), ("due", d("2026-11-23T15:00"))]),
            ("check stock every week", "task.add", [("what", "check stock"), ("due", d("2026-11-23")), ("repeat", "weekly")]),
            ("remind me to pay rent last month", "task.add", [("what", "pay rent"), ("due", d("2026-10-01"))]),
            ("someday read the manual", "task.add", [("what", "read the manual")]),
            ("my tasks", "task.list", []),
            ("all my tasks", "task.list", [("range", "all")]),
            ("overdue tasks", "task.list", [("range", "overdue")]),
            ("what's due today", "task.list", [("range", "today")]),
            ("undo", "undo", []),
            // admin, help, later
            ("add rep Zhang Wei as manager", "rep.add", [("name", "Zhang Wei"), ("role", "manager")]),
            ("add rep Boss as admin", "rep.add", [("name", "Boss"), ("role", "admin")]),
            ("help", "help", []),
            ("help visits", "help", [("topic", "visits")]),
            ("help tasks", "help", [("topic", "tasks")]),
            ("who is at risk", "risk.list", []),
            ("pipeline", "pipeline.show", []),
            ("hand over Li Ming's accounts to Zhang Wei", "handover", [("from", "Li Ming"), ("to", "Zhang Wei")]),
            ("把李明的客户交接给张伟", "handover", [("from", "李明"), ("to", "张伟")]),
            // Chinese
            ("新建客户 全宇医院", "customer.add", [("name", "全宇医院")]),
            ("添加联系人 王彤 全宇医院 采购部主任", "contact.add", [("name", "王彤"), ("customer", "全宇医院"), ("title", "采购部主任")]),
            ("添加联系人 周华 全宇医院", "contact.add", [("name", "周华"), ("customer", "全宇医院")]),
            ("拜访了王彤，讨论试用", "activity.log", [("type", "visit"), ("who", "王彤"), ("note", "讨论试用")]),
            ("拜访了", "activity.log", [("type", "visit")]),
            ("查看王彤", "customer.show", [("who", "王彤")]),
            ("查看王彤主任", "customer.show", [("who", "王彤主任")]),
            ("王彤的电话是13800001111", "customer.update", [("who", "王彤"), ("field", "phone"), ("value", "13800001111")]),
            ("王彤是决策者", "contact.profile", [("who", "王彤"), ("role", "decider")]),
            ("全宇医院订了50部手机，12万", "order.record",
                [("who", "全宇医院"), ("amount", .number(120_000)), ("quantity", .number(50)), ("item", "手机")]),
            ("全宇医院订了手机", "order.record", [("who", "全宇医院"), ("item", "手机")]),
            ("全宇医院回款6万", "payment.record", [("who", "全宇医院"), ("amount", .number(60_000))]),
            ("下周二提醒我给周华打电话", "task.add", [("what", "给周华打电话"), ("who", "周华"), ("due", d("2026-11-24"))]),
            ("今天有什么任务", "task.list", [("range", "today")]),
            ("我的任务", "task.list", []),
            ("撤销", "undo", []),
            ("列出关键客户", "customer.list", [("tier", "key")]),
            ("把全宇医院升为重点客户", "stage.set", [("who", "全宇医院"), ("stage", "key")]),
            ("全宇医院评为A级", "prospect.grade", [("who", "全宇医院"), ("grade", "A")]),
            ("全宇医院资格：有钱、有决策权、有需求", "qualify",
                [("who", "全宇医院"), ("money", "yes"), ("authority", "yes"), ("need", "yes")]),
            ("全宇医院投诉：送货延迟", "complaint.open", [("who", "全宇医院"), ("note", "送货延迟")]),
            ("周华说已经有供应商了", "objection.log", [("who", "周华"), ("kind", "has_supplier")]),
            ("王彤介绍了李娜", "referral.log", [("from", "王彤"), ("to", "李娜")]),
            ("哪些客户有流失风险", "risk.list", []),
            ("帮助", "help", []),
            ("帮助 任务", "help", [("topic", "任务")]),
            ("添加销售张伟，经理", "rep.add", [("name", "张伟"), ("role", "manager")]),
        ], suggestions: [
            "blah blah": ["activity.log", "task.add"],
            "胡说八道": ["activity.log"],
        ])
    }
}
