import CRMIntents
import CRMSupport
import Synchronization

extension SlotValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

/// An IntentParser that answers from a script (text → intent and slots), so bot
/// tests run without the grammar engine. Required slots come from `catalog`.
final class ScriptedParser: IntentParser {
    typealias Line = (intent: String, slots: [(String, SlotValue)], suggestions: [String])
    private let script: Mutex<[String: Line]>
    let catalog: [IntentInfo]

    init(_ lines: [(String, String, [(String, SlotValue)])], suggestions: [String: [String]] = [:]) {
        var s: [String: Line] = [:]
        for (text, intent, slots) in lines { s[text] = (intent, slots, []) }
        for (text, sug) in suggestions { s[text] = ("none", [], sug) }
        script = Mutex(s)
        catalog = ScriptedParser.standardCatalog
    }

    /// Adds a line while a test runs (for messages that name ids known only then).
    func add(_ text: String, _ intent: String, _ slots: [(String, SlotValue)]) {
        script.withLock { $0[text] = (intent, slots, []) }
    }

    func parse(_ text: String, now: LocalDateTime) -> ParsedIntent {
        let lang = Language.detect(text)
        guard let line = script.withLock({ $0[text] }) else { return ParsedIntent(intent: "none", language: lang) }
        let required = catalog.first { $0.name == line.intent }?.slots.filter(\.required).map(\.name) ?? []
        let missing = required.filter { name in !line.slots.contains { $0.0 == name } }
        return ParsedIntent(intent: line.intent, slots: line.slots, language: lang, missing: missing,
            suggestions: line.suggestions)
    }

    /// The answers the bot tests type (the real table is the grammar's lexicon `answers`).
    func bareAnswer(_ text: String) -> BareAnswer? {
        switch text.lowercased().trimmingCharacters(in: " ") {
        case "yes", "y", "ok", "是", "是的", "好的": return .yes
        case "no", "n", "不", "不用": return .no
        case "cancel", "never mind", "算了", "取消": return .cancel
        default: return nil
        }
    }

    func parseSlotAnswer(_ text: String, intent: String, slot: String, now: LocalDateTime) -> SlotValue? {
        let t = text.trimmingCharacters(in: " ")
        guard !t.isEmpty else { return nil }
        switch slot {
        case "date", "due":
            switch t.lowercased() {
            case "today", "今天": return .date(LocalDateTime(date: now.date))
            case "tomorrow", "明天": return .date(LocalDateTime(date: now.date.adding(days: 1)))
            case "yesterday", "昨天": return .date(LocalDateTime(date: now.date.adding(days: -1)))
            case "may 3", "5月3日": return .date(LocalDateTime(date: CivilDate(year: now.date.year + 1, month: 5, day: 3) ?? now.date))
            default: return LocalDateTime(iso: t).map { .date($0) }
            }
        case "amount":
            var s = t.lowercased().filter { $0 != "," && $0 != "¥" }
            var factor = 1.0
            if s.hasSuffix("k") { factor = 1000; s.removeLast() }
            if s.hasSuffix("万") { factor = 10000; s.removeLast() }
            return Double(s).map { .number($0 * factor) }
        case "quantity", "ref":
            return Double(t).map { .number($0) }
        case "type":
            return ["visit", "call", "email", "meeting"].contains(t.lowercased()) ? .text(t.lowercased()) : nil
        default:
            return .text(t)
        }
    }

    static func info(_ name: String, _ required: [String], _ optional: [String] = [], en: [String], zh: [String]) -> IntentInfo {
        IntentInfo(
            name: name,
            slots: required.map { .init(name: $0, type: "text", required: true) }
                + optional.map { .init(name: $0, type: "text", required: false) },
            summary: [.en: "Summary of \(name).", .zh: "\(name)的说明。"], examples: [.en: en, .zh: zh])
    }

    static let standardCatalog: [IntentInfo] = [
        info("customer.add", ["name"], ["kind", "industry", "region", "phone"],
            en: ["add customer Quanyu Hospital", "new company City Clinic in the north region"],
            zh: ["新建客户 全宇医院", "添加客户市诊所，华北区"]),
        info("contact.add", ["name", "customer"], ["title", "role"],
            en: ["add contact Wang Tong at Quanyu Hospital, head of purchasing"], zh: ["添加联系人 王彤 全宇医院 采购部主任"]),
        info("customer.show", ["who"], en: ["show Wang Tong", "card for Quanyu Hospital"], zh: ["查看王彤", "全宇医院的资料"]),
        info("customer.update", ["who", "field", "value"],
            en: ["Wang Tong's phone is 13800001111", "set Quanyu Hospital credit limit to 200k", "Wang Tong's birthday is May 3"],
            zh: ["王彤的电话是13800001111"]),
        info("contact.profile", ["who"], ["role", "needs", "style"],
            en: ["Wang Tong is the decision maker", "Zhou Hua cares about logic and safety"], zh: ["王彤是决策者", "周华看重逻辑和安全"]),
        info("customer.list", [], ["tier", "stage", "region", "owner"], en: ["list key accounts", "my prospects in the north"],
            zh: ["列出关键客户"]),
        info("activity.log", ["type", "who"], ["date", "note"],
            en: ["log visit to Wang Tong: discussed the trial", "called Zhou Hua yesterday about pricing", "sent Wang Tong a birthday gift"],
            zh: ["拜访了王彤，讨论试用", "昨天给周华打了电话"]),
        info("objection.log", ["who", "kind"], ["note"], en: ["Zhou Hua says they already have a supplier"], zh: ["周华说已经有供应商了"]),
        info("complaint.open", ["who", "note"], en: ["complaint from Quanyu Hospital: delivery was late"], zh: ["全宇医院投诉：送货延迟"]),
        info("complaint.resolve", ["ref"], ["note"], en: ["resolve complaint 3: replaced the handsets"], zh: ["投诉3已解决：更换了手机"]),
        info("order.record", ["who", "amount"], ["quantity", "item", "date"], en: ["Quanyu Hospital ordered 50 phones for 120k"],
            zh: ["全宇医院订了50部手机，12万"]),
        info("payment.record", ["who", "amount"], ["date"], en: ["Quanyu Hospital paid 60k"], zh: ["全宇医院回款6万"]),
        info("referral.log", ["from", "to"], ["note"], en: ["Wang Tong referred Li Na of City Clinic"], zh: ["王彤介绍了市诊所的李娜"]),
        info("stage.set", ["who", "stage"], en: ["move Quanyu Hospital to key", "mark City Clinic as lost"], zh: ["把全宇医院升为重点客户"]),
        info("prospect.grade", ["who", "grade"], en: ["grade City Clinic B"], zh: ["市诊所评为A级"]),
        info("qualify", ["who"], ["money", "authority", "need"], en: ["qualify City Clinic: money yes, authority yes, need no"],
            zh: ["市诊所资格：有钱、有决策权、没有需求"]),
        info("task.add", ["what"], ["who", "due", "repeat"],
            en: ["remind me to call Zhou Hua next Tuesday", "follow up with Wang Tong in 3 days"], zh: ["下周二提醒我给周华打电话", "三天后跟进王彤"]),
        info("task.list", [], ["range"], en: ["what's due today", "my tasks this week"], zh: ["今天有什么任务", "本周待办"]),
        info("task.done", ["ref"], en: ["done 3", "finished task 3"], zh: ["任务3完成"]),
        info("undo", [], en: ["undo", "undo that"], zh: ["撤销"]),
        info("rep.add", ["name"], ["role"], en: ["add rep Zhang Wei as manager"], zh: ["添加销售张伟，经理"]),
        info("help", [], ["topic"], en: ["help", "help visits"], zh: ["帮助"]),
    ]
}

/// A clock the test moves by hand.
final class TestClock: WallClock {
    private let current: Mutex<LocalDateTime>
    init(_ iso: String = "2026-11-22T09:00") {
        current = Mutex(LocalDateTime(iso: iso) ?? LocalDateTime(date: CivilDate(dayNumber: 0)))
    }
    func now() -> LocalDateTime { current.withLock { $0 } }
    func advance(minutes: Int) {
        current.withLock { t in
            let total = t.date.dayNumber * 1440 + (t.minuteOfDay ?? 0) + minutes
            t = LocalDateTime(date: CivilDate(dayNumber: total / 1440), minuteOfDay: total % 1440)
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
