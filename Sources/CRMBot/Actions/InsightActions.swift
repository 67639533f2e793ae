import CRMDomain
import CRMInsights
import CRMSupport

/// The CRM method's answers (domain §4–§12): risk.list, reorder.due, tier.list,
/// pipeline.show, birthday.list and loyalty.show. Each reads in bulk through the
/// store's insight reads, applies the rules of `CRMInsights`, and replies with a few
/// narrow lines plus every row, with its numbers, in `data`.
enum InsightActions {
    /// The thresholds: the bot's ``BotOptions/insights``.
    static func settings(_ turn: Turn) -> InsightSettings { turn.options.insights }
    /// At most this many entries are written out in a list reply; `data` has them all
    /// up to ``dataLimit``.
    static let textLimit = 15
    static let dataLimit = 500

    /// The facts of every customer the rep may see in `scope`, with their value tiers.
    static func facts(_ turn: Turn, in scope: AccessScope) async throws -> (facts: [CustomerFacts], tiers: TierResult) {
        let settings = Self.settings(turn)
        let facts = try await turn.store.insightFacts(.standard(asOf: turn.today, settings: settings), in: scope)
        return (facts, TierCalculator.calculate(facts, settings: settings))
    }

    /// `scope` slot: mine (own accounts), team or all (whatever the rep may see: a
    /// manager's team, everything for an admin, own accounts for a rep).
    static func scope(_ turn: Turn) -> (AccessScope, String) {
        let word = turn.text("scope").map { TextMatching.fold($0) } ?? ""
        if word == "mine" { return (.owners([turn.rep.id]), "mine") }
        switch turn.rep.role {
        case .admin: return (turn.scope, "all")
        case .manager: return (turn.scope, "team")
        case .rep: return (turn.scope, "mine")
        }
    }

    /// "… and 12 more" / "……另有12个".
    static func more(_ n: Int, _ turn: Turn) -> String? {
        n > 0 ? turn.say("… and \(n) more (all in data)", "……另有\(n)个（见data）") : nil
    }

    static func tierLabel(_ t: ValueTier?, _ turn: Turn) -> String {
        guard let t, t != .small else { return "" }
        return turn.say(" (\(Vocabulary.tier(t, turn.language)))", "（\(Vocabulary.tier(t, turn.language))）")
    }

    // MARK: risk.list

    static func risk(_ turn: Turn) async throws -> Done {
        let settings = Self.settings(turn)
        let (scope, scopeName) = scope(turn)
        let (facts, tiers) = try await facts(turn, in: scope)
        let warnings = RiskRules.evaluate(facts, asOf: turn.today, tiers: tiers.tiers, settings: settings)
        let risks = RiskRules.group(warnings)
        let quotas = try await quotaShortfalls(turn, in: scope, settings: settings)
        let lang = turn.language
        var lines: [String] = []
        if risks.isEmpty {
            lines.append(turn.say("No customer is at risk right now.", "目前没有客户有风险。"))
        } else {
            lines.append(turn.say(
                "\(risks.count) customer\(risks.count == 1 ? "" : "s") at risk (\(warnings.count) warning\(warnings.count == 1 ? "" : "s")), key accounts first:",
                "\(risks.count)个客户有风险（\(warnings.count)条预警），关键客户在前："))
            for (i, r) in risks.prefix(textLimit).enumerated() {
                lines.append("\(i + 1). \(r.customerName)\(tierLabel(r.tier, turn))")
                for reason in r.reasons {
                    lines.append("   " + reason.kind.name(lang) + turn.say(": ", "：") + reason.why(lang))
                    lines.append("   → " + reason.nextStep(lang))
                }
            }
            if let m = more(risks.count - textLimit, turn) { lines.append(m) }
        }
        if !quotas.isEmpty {
            lines.append(turn.say("Behind quota this month:", "本月指标进度落后："))
            for q in quotas {
                lines.append("• " + turn.say(
                    "\(q.name): \(q.shortfall.ordered.grouped) of \(q.shortfall.quota.grouped), behind the \(q.shortfall.expected.grouped) expected by day \(q.shortfall.dayOfMonth) of \(q.shortfall.daysInMonth)",
                    "\(q.name)：已完成\(q.shortfall.ordered.grouped)，指标\(q.shortfall.quota.grouped)，按进度第\(q.shortfall.dayOfMonth)天（共\(q.shortfall.daysInMonth)天）应达\(q.shortfall.expected.grouped)"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("scope", .string(scopeName)), ("as_of", InsightJSON.date(turn.today)),
                ("customers", .int(Int64(risks.count))), ("warnings", .int(Int64(warnings.count))),
                ("rows", .array(risks.prefix(dataLimit).map { InsightJSON.customerRisk($0, lang) })),
                ("quota_warnings", .array(quotas.map { q in
                    .object([
                        ("rep", .string(q.name)), ("rep_id", .int(q.shortfall.repID.rawValue)),
                        ("ordered", .double(q.shortfall.ordered.units)), ("expected", .double(q.shortfall.expected.units)),
                        ("quota", .double(q.shortfall.quota.units)), ("day", .int(Int64(q.shortfall.dayOfMonth))),
                        ("days", .int(Int64(q.shortfall.daysInMonth))),
                    ])
                })),
            ])
    }

    /// The reps in `scope` behind their quota this month, with their names.
    static func quotaShortfalls(_ turn: Turn, in scope: AccessScope, settings: InsightSettings) async throws
        -> [(name: String, shortfall: QuotaProgress.Shortfall)]
    {
        let first = CivilDate(year: turn.today.year, month: turn.today.month, day: 1) ?? turn.today
        let quotas = try await turn.store.quotas(from: first, through: turn.today).filter { scope.allows(owner: $0.repID) }
        guard !quotas.isEmpty else { return [] }
        let facts = try await turn.store.periodFacts(in: scope, from: first, through: turn.today)
        let ordered = Dictionary(facts.map { ($0.repID, $0.revenue) }, uniquingKeysWith: { a, _ in a })
        var out: [(name: String, shortfall: QuotaProgress.Shortfall)] = []
        for s in QuotaProgress.behind(quotas: quotas, ordered: ordered, asOf: turn.today, settings: settings) {
            out.append((try await turn.store.rep(id: s.repID)?.name ?? "#\(s.repID.rawValue)", s))
        }
        return out
    }

    // MARK: reorder.due

    static func reorder(_ turn: Turn) async throws -> Done {
        let settings = Self.settings(turn)
        let within = try turn.integer("within").map { Int(min($0, 365)) } ?? settings.reorderHorizonDays
        let facts = try await turn.store.insightFacts(.standard(asOf: turn.today, settings: settings), in: turn.scope)
        let due = ReorderPredictor.due(facts, asOf: turn.today, within: within, settings: settings)
        let collections = ReorderPredictor.collections(facts, asOf: turn.today, within: within, settings: settings)
        let lang = turn.language
        var lines: [String] = []
        if due.isEmpty {
            lines.append(turn.say("Nobody is due to reorder within \(within) days.", "\(within)天内没有客户需要补货。"))
        } else {
            lines.append(turn.say(
                "\(due.count) customer\(due.count == 1 ? "" : "s") due to reorder within \(within) days:",
                "\(within)天内有\(due.count)个客户需要补货："))
            for p in due.prefix(textLimit) {
                let when: String
                if p.daysLeft < 0 {
                    when = turn.say("ran out \(p.runOut.iso) (\(-p.daysLeft) days ago)", "\(p.runOut.iso)已用完（\(-p.daysLeft)天前）")
                } else if p.daysLeft == 0 {
                    when = turn.say("runs out today", "今天用完")
                } else {
                    when = turn.say("runs out \(p.runOut.iso) (in \(p.daysLeft) days)", "预计\(p.runOut.iso)用完（\(p.daysLeft)天后）")
                }
                lines.append("• \(p.customerName)" + turn.say(" — ", "——") + when)
                lines.append("  " + turn.say("last order \(p.lastOrder.iso): ", "上次订货\(p.lastOrder.iso)：") + p.basis.text(lang))
            }
            if let m = more(due.count - textLimit, turn) { lines.append(m) }
        }
        if !collections.isEmpty {
            lines.append(turn.say("Collections on payday:", "按付款日催收："))
            for day in collections.prefix(textLimit) {
                let names = day.collections.prefix(5).map { "\($0.customerName) \($0.outstanding.grouped)" }
                lines.append("• \(day.date.iso): " + names.joined(separator: turn.say(", ", "，"))
                    + (day.collections.count > 5 ? "…" : ""))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("within", .int(Int64(within))), ("as_of", InsightJSON.date(turn.today)),
                ("rows", .array(due.prefix(dataLimit).map { InsightJSON.reorder($0, lang) })),
                ("collections", .array(collections.prefix(dataLimit).map(InsightJSON.collectionDay))),
            ])
    }

    // MARK: tier.list

    static func tiers(_ turn: Turn) async throws -> Done {
        let settings = Self.settings(turn)
        let (_, result) = try await facts(turn, in: turn.scope)
        let lang = turn.language
        var lines = [turn.say(
            "Value tiers by profit over the last \(settings.tierWindowMonths) months (revenue where no cost is known):",
            "按近\(settings.tierWindowMonths)个月利润分级（无成本数据时按收入）：")]
        lines.append(TierCalculator.pyramid(result.summary, lang))
        let key = result.rows.filter { $0.tier == .key }
        if !key.isEmpty {
            lines.append(turn.say("Key customers: ", "关键客户：")
                + key.prefix(8).map { "\($0.customerName) \($0.profit.grouped)" }.joined(separator: turn.say(", ", "，"))
                + (key.count > 8 ? "…" : ""))
        }
        lines.append(turn.say("What each tier gets:", "各级客户的待遇："))
        for t in ValueTier.allCases {
            lines.append("• " + Vocabulary.tier(t, lang) + turn.say(": ", "：") + TierCalculator.treatment(t, lang))
        }
        for r in result.rewards.prefix(5) {
            lines.append(turn.say(
                "Reward: \(r.customerName)'s purchases passed \(r.crossed.grouped) (total \(r.cumulative.grouped)) — suggest a reward or personal service.",
                "奖励提示：\(r.customerName)累计购买已超过\(r.crossed.grouped)（合计\(r.cumulative.grouped)），建议给予奖励或专属服务。"))
        }
        let summary: [JSONValue] = result.summary.map { s in
            .object([
                ("tier", .string(s.tier.rawValue)), ("customers", .int(Int64(s.customers))),
                ("profit", InsightJSON.money(s.profit)), ("customer_share", InsightJSON.number(s.customerShare)),
                ("profit_share", InsightJSON.number(s.profitShare)),
                ("treatment", .string(TierCalculator.treatment(s.tier, lang))),
            ])
        }
        let rows: [JSONValue] = result.rows.filter { $0.tier != .small }.prefix(dataLimit).map { r in
            .object([
                ("customer_id", .int(r.customerID.rawValue)), ("customer", .string(r.customerName)),
                ("tier", .string(r.tier.rawValue)), ("profit", InsightJSON.money(r.profit)),
                ("bad_reason", r.badReason.map { .string($0) } ?? .null),
            ])
        }
        let rewards: [JSONValue] = result.rewards.prefix(dataLimit).map { r in
            .object([
                ("customer_id", .int(r.customerID.rawValue)), ("customer", .string(r.customerName)),
                ("cumulative", InsightJSON.money(r.cumulative)), ("crossed", InsightJSON.money(r.crossed)),
            ])
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("window_months", .int(Int64(settings.tierWindowMonths))), ("total_profit", InsightJSON.money(result.totalProfit)),
                ("tiers", .array(summary)), ("rows", .array(rows)), ("rewards", .array(rewards)),
            ])
    }

    // MARK: pipeline.show

    static func pipeline(_ turn: Turn) async throws -> Done {
        let report = Funnel.build(try await turn.store.funnelCells(in: turn.scope))
        let lang = turn.language
        var lines = [turn.say(
            "Sales funnel (\(report.total) customers, \(report.qualified) MAN-qualified):",
            "销售漏斗（共\(report.total)个客户，\(report.qualified)个MAN合格）：")]
        lines.append(Funnel.text(report, lang))
        let stages: [JSONValue] = report.stages.map { s in
            .object([
                ("stage", .string(s.stage.rawValue)), ("count", .int(Int64(s.count))), ("reached", .int(Int64(s.reached))),
                ("conversion", InsightJSON.number(s.conversion)), ("qualified", .int(Int64(s.qualified))),
            ])
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("total", .int(Int64(report.total))), ("qualified", .int(Int64(report.qualified))),
                ("lost", .int(Int64(report.lost))), ("stages", .array(stages)),
                ("grades", .object(ProspectGrade.allCases.map { ($0.rawValue, .int(Int64(report.grades[$0] ?? 0))) })),
            ])
    }

    // MARK: birthday.list

    static func birthdays(_ turn: Turn) async throws -> Done {
        let range = turn.text("range").map { TextMatching.fold($0) } ?? "month"
        let days = range == "today" ? 0 : range == "week" ? 7 : 30
        let facts = try await turn.store.birthdays(in: turn.scope, from: turn.today, days: days)
        let upcoming = BirthdayCalendar.upcoming(facts, from: turn.today, days: days)
        var lines: [String] = []
        let span = days == 0 ? turn.say("today", "今天") : turn.say("in the next \(days) days", "未来\(days)天内")
        if upcoming.isEmpty {
            lines.append(turn.say("No birthdays \(span).", "\(span)没有人过生日。"))
        } else {
            lines.append(turn.say("Birthdays \(span):", "\(span)过生日的有："))
            for b in upcoming.prefix(textLimit * 2) { lines.append("• " + birthdayLine(b, turn)) }
            if let m = more(upcoming.count - textLimit * 2, turn) { lines.append(m) }
            lines.append(turn.say("A card or a small gift keeps the relationship warm.", "送张贺卡或小礼物，维系关系。"))
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [("days", .int(Int64(days))), ("rows", .array(upcoming.prefix(dataLimit).map(InsightJSON.birthday)))])
    }

    static func birthdayLine(_ b: UpcomingBirthday, _ turn: Turn) -> String {
        let when: String
        switch b.inDays {
        case 0: when = turn.say("today", "今天")
        case 1: when = turn.say("tomorrow", "明天")
        default: when = turn.say("in \(b.inDays) days", "\(b.inDays)天后")
        }
        var s = "\(b.date.iso) \(b.fact.name)"
        if b.fact.contactID != nil { s += turn.say(" (\(b.fact.customerName))", "（\(b.fact.customerName)）") }
        s += turn.say(" — \(when)", "——\(when)")
        if let age = b.age { s += turn.say(", turns \(age)", "，\(age)岁") }
        return s
    }

    // MARK: loyalty.show

    static func loyalty(_ turn: Turn) async throws -> Done {
        let settings = Self.settings(turn)
        let entry = try await turn.party("who")
        _ = try await turn.customer(entry.customerID)
        guard let history = try await turn.store.customerHistory(for: entry.customerID) else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I can't find that customer any more.", "找不到这个客户了。")))
        }
        let r = LoyaltyIndicators.evaluate(history, asOf: turn.today, settings: settings)
        let m = settings.trendMonths
        let trend: String
        switch r.trend {
        case .up: trend = turn.say("rising", "上升")
        case .down: trend = turn.say("falling", "下降")
        case .steady: trend = turn.say("steady", "平稳")
        case .new: trend = turn.say("new customer", "新客户")
        case .none: trend = turn.say("no purchases yet", "尚无购买")
        }
        let change = r.trendChange.map { " (" + ($0 >= 0 ? "+" : "") + InsightWords.percent($0) + ")" } ?? ""
        let lines = [
            turn.say("Loyalty of \(r.customerName):", "\(r.customerName)的忠诚度："),
            turn.say(
                "• repeat purchases: \(r.repeatPurchases) (of \(r.orders) orders)",
                "• 重复购买：\(r.repeatPurchases)次（共\(r.orders)笔订单）"),
            turn.say(
                "• spend: \(r.totalSpend.grouped) in all; last \(m) months \(r.recentSpend.grouped) vs \(r.previousSpend.grouped) before — \(trend)\(change)",
                "• 购买金额：累计\(r.totalSpend.grouped)；近\(m)个月\(r.recentSpend.grouped)，之前\(m)个月\(r.previousSpend.grouped)——\(trend)\(change)"),
            turn.say(
                "• complaints: \(r.complaints) (\(InsightWords.percent(r.complaintRate)) of orders)",
                "• 投诉：\(r.complaints)次（占订单\(InsightWords.percent(r.complaintRate))）"),
            turn.say(
                "• price sensitivity: \(r.priceObjections) price objection\(r.priceObjections == 1 ? "" : "s")\(r.priceSensitive ? " — price-sensitive" : "")",
                "• 价格敏感度：价格异议\(r.priceObjections)次\(r.priceSensitive ? "——对价格敏感" : "")"),
            turn.say("• referrals: \(r.referrals)", "• 转介绍：\(r.referrals)次"),
            turn.say(
                "• lifetime value ≈ \(r.lifetimeValue.grouped) (yearly spend \(r.yearlySpend.grouped) × \(InsightWords.number(settings.lifetimeYears)) years, +\(InsightWords.percent(settings.referralUplift)) per referral)",
                "• 客户终身价值约\(r.lifetimeValue.grouped)（年消费\(r.yearlySpend.grouped)×\(InsightWords.number(settings.lifetimeYears))年，每次转介绍+\(InsightWords.percent(settings.referralUplift))）"),
        ]
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("customer_id", .int(r.customerID.rawValue)), ("customer", .string(r.customerName)),
                ("orders", .int(Int64(r.orders))), ("repeat_purchases", .int(Int64(r.repeatPurchases))),
                ("total_spend", InsightJSON.money(r.totalSpend)), ("recent_spend", InsightJSON.money(r.recentSpend)),
                ("previous_spend", InsightJSON.money(r.previousSpend)), ("trend", .string(r.trend.rawValue)),
                ("trend_change", InsightJSON.number(r.trendChange)), ("complaints", .int(Int64(r.complaints))),
                ("complaint_rate", InsightJSON.number(r.complaintRate)), ("price_objections", .int(Int64(r.priceObjections))),
                ("price_sensitive", .bool(r.priceSensitive)), ("referrals", .int(Int64(r.referrals))),
                ("yearly_spend", InsightJSON.money(r.yearlySpend)), ("lifetime_value", InsightJSON.money(r.lifetimeValue)),
            ])
    }
}
