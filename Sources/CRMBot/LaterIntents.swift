import CRMSupport

/// Intents of the public contract that a follow-up will build. The one place
/// that knows which they are: each answers `not_available` with what it will do.
enum LaterIntents {
    static let table: [String: (en: String, zh: String)] = [
        "risk.list": ("warn you about customers at risk (credit, sales progress, expenses, churn)",
            "提示有风险的客户（信用、销售进度、费用、流失）"),
        "reorder.due": ("list the customers due to reorder soon", "列出快要补货的客户"),
        "tier.list": ("show the 80/20 value tiers of your customers", "显示客户价值分级（二八分析）"),
        "pipeline.show": ("show the sales funnel with counts and conversion per stage", "显示销售漏斗（各阶段数量和转化率）"),
        "birthday.list": ("list upcoming birthdays of customers and contacts", "列出客户和联系人近期的生日"),
        "loyalty.show": ("show a customer's loyalty indicators", "显示客户的忠诚度指标"),
        "briefing": ("give you a daily briefing of what to do today", "给出每日简报：今天该做什么"),
        "report.show": ("give weekly, monthly and quarterly reports", "提供周报、月报和季报"),
        "handover": ("hand one rep's accounts over to another, with full history", "把一位销售的客户连同全部记录交接给另一位"),
    ]

    /// The honest "not yet" line for a later intent, or nil when the intent is available now.
    static func message(for intent: String, _ lang: Language) -> String? {
        guard let entry = table[intent] else { return nil }
        return lang == .zh
            ? "这个功能还在开发中，之后会\(entry.zh)。"
            : "That isn't available yet — it will \(entry.en)."
    }
}
