import CRMIntents
import CRMSupport

/// help: what the bot can do, grouped by topic; `help <topic>` gives a few
/// example phrasings per intent from the grammar's catalog, in the rep's language.
enum Help {
    struct Topic {
        var key: String
        var en: String
        var zh: String
        var intents: [String]
        /// Words that name the topic in `help <topic>`.
        var words: [String]
    }

    static let topics: [Topic] = [
        Topic(key: "customers", en: "Customers and contacts", zh: "客户和联系人",
            intents: ["customer.add", "contact.add", "customer.show", "customer.history", "search", "customer.update", "contact.profile", "contact.list", "customer.list"],
            words: ["customers", "customer", "contacts", "contact", "card", "cards", "search", "客户", "联系人", "资料", "搜索"]),
        Topic(key: "cleanup", en: "Fixing the books: delete, restore, merge, move, aliases", zh: "整理客户：删除、恢复、合并、调动、别名",
            intents: ["customer.delete", "customer.restore", "customer.merge", "contact.move", "alias.remove"],
            words: ["delete", "restore", "merge", "duplicates", "duplicate", "trash", "move", "alias", "aliases",
                "删除", "恢复", "合并", "重复", "回收站", "调动", "别名"]),
        Topic(key: "activities", en: "Visits, calls and other contact", zh: "拜访、电话等联系",
            intents: ["activity.log", "activity.list", "objection.log", "referral.log"],
            words: ["visits", "visit", "calls", "call", "activity", "activities", "log", "objections", "referrals",
                "拜访", "电话", "活动", "联系", "异议", "转介绍"]),
        Topic(key: "sales", en: "Funnel, orders and payments", zh: "销售漏斗、订单和回款",
            intents: ["stage.set", "prospect.grade", "qualify", "order.record", "order.correct", "order.delete", "order.list",
                "payment.record", "payment.correct", "payment.delete"],
            words: ["sales", "orders", "order", "payments", "payment", "money", "funnel", "stage", "grade", "qualify",
                "订单", "回款", "付款", "销售", "漏斗", "阶段", "评级", "资格"]),
        Topic(key: "deals", en: "Deals, forecast and quotas", zh: "商机、预测和指标",
            intents: ["deal.add", "deal.update", "deal.won", "deal.lost", "deal.list", "forecast.show", "quota.set"],
            words: ["deals", "deal", "opportunities", "opportunity", "forecast", "quota", "quotas", "商机", "预测", "指标"]),
        Topic(key: "complaints", en: "Complaints", zh: "投诉",
            intents: ["complaint.open", "complaint.acknowledge", "complaint.resolve", "complaint.followup"], words: ["complaints", "complaint", "投诉"]),
        Topic(key: "tasks", en: "Tasks and reminders", zh: "任务和提醒",
            intents: ["task.add", "task.list", "task.done", "task.reschedule", "task.edit", "task.cancel", "task.reassign"],
            words: ["tasks", "task", "reminders", "reminder", "todo", "to-do", "任务", "提醒", "待办"]),
        Topic(key: "insights", en: "Warnings, reorders, tiers and the daily plan", zh: "预警、补货、分级和每日安排",
            intents: ["briefing", "risk.list", "reorder.due", "tier.list", "pipeline.show", "birthday.list", "loyalty.show",
                "report.show"],
            words: ["insights", "warnings", "risk", "briefing", "reorder", "tiers", "pipeline", "birthdays", "loyalty",
                "report", "reports", "预警", "风险", "简报", "补货", "分级", "生日", "忠诚度", "报告"]),
        Topic(key: "admin", en: "Undo and team", zh: "撤销和团队",
            intents: ["undo", "rep.add", "rep.update", "rep.list", "rep.deactivate", "handover"], words: ["admin", "undo", "reps", "rep", "team", "handover", "撤销", "团队", "管理"]),
    ]

    static func reply(_ turn: Turn) -> Done {
        let lang = turn.language
        let catalog = turn.parser.catalog
        if let raw = turn.text("topic") {
            let t = TextMatching.fold(raw)
            if let topic = topics.first(where: { $0.key == t || $0.words.contains(t) || $0.intents.contains(t) }) {
                return detail(topic, catalog: catalog, turn)
            }
            if let info = catalog.first(where: { $0.name == t }) {
                let topic = Topic(key: info.name, en: info.name, zh: info.name, intents: [info.name], words: [])
                return detail(topic, catalog: catalog, turn)
            }
        }
        var lines = [turn.say("I keep your customer records. Just tell me what happened, for example:",
            "我帮你管理客户资料，直接告诉我发生了什么，例如：")]
        for topic in topics {
            let example = topic.intents.lazy.compactMap { name in examples(name, catalog, lang).first }.first
            lines.append("• " + (lang == .zh ? topic.zh : topic.en) + (example.map { turn.say(": ", "：") + $0 } ?? ""))
        }
        lines.append(turn.say(
            "More: help customers · help activities · help sales · help complaints · help tasks · help insights · help admin",
            "更多：帮助 客户 · 帮助 拜访 · 帮助 订单 · 帮助 投诉 · 帮助 任务 · 帮助 预警 · 帮助 撤销"))
        let unknown = turn.text("topic").map { turn.say("I have no help on '\($0)'. ", "没有关于“\($0)”的帮助。") } ?? ""
        return Done(
            text: unknown + lines.joined(separator: "\n"),
            data: [("topics", .array(topics.map { .string($0.key) }))])
    }

    private static func detail(_ topic: Topic, catalog: [IntentInfo], _ turn: Turn) -> Done {
        let lang = turn.language
        var lines = [(lang == .zh ? topic.zh : topic.en) + turn.say(":", "：")]
        var rows: [JSONValue] = []
        for name in topic.intents {
            let info = catalog.first(where: { $0.name == name })
            let summary = info?.summary[lang] ?? info?.summary[.en]
            let ex = Array(examples(name, catalog, lang).prefix(3))
            if summary == nil, ex.isEmpty { continue }
            if let summary { lines.append(summary) }
            for e in ex { lines.append("  • " + e) }
            rows.append(.object([
                ("intent", .string(name)), ("summary", summary.map { .string($0) } ?? .null),
                ("examples", .array(ex.map { .string($0) })),
            ]))
        }
        return Done(text: lines.joined(separator: "\n"), data: [("topic", .string(topic.key)), ("intents", .array(rows))])
    }

    private static func examples(_ intent: String, _ catalog: [IntentInfo], _ lang: Language) -> [String] {
        guard let info = catalog.first(where: { $0.name == intent }) else { return [] }
        return info.examples[lang] ?? info.examples[.en] ?? []
    }
}
