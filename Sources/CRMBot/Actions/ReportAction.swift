import CRMDomain
import CRMInsights
import CRMSupport

/// report.show: a week, month or quarter to date, per rep and for the team — activities by
/// type, new customers, orders and revenue, stage moves, warnings raised and cleared.
enum ReportAction {
    static func perform(_ turn: Turn) async throws -> Done {
        let period = turn.text("period").flatMap { ReportPeriod(rawValue: TextMatching.fold($0)) } ?? .month
        var scope = turn.scope
        var repName: String?
        if let name = turn.text("rep"), ["me", "my", "mine", "myself", "i", "我", "我的", "自己"].contains(TextMatching.fold(name)) {
            scope = .owners([turn.rep.id])
            repName = turn.rep.name
        } else if let name = turn.text("rep") {
            guard let rep = try await turn.knownRep(named: name), turn.scope.allows(owner: rep.id) else {
                throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                    "I don't know a rep called \(name) on your team.", "你的团队里没有叫\(name)的销售。")))
            }
            scope = .owners([rep.id])
            repName = rep.name
        }
        let (from, through) = period.range(containing: turn.today)
        let settings = InsightActions.settings(turn)
        let store = turn.store
        let facts = try await store.periodFacts(in: scope, from: from, through: through)
        func warnings(asOf day: CivilDate) async throws -> [RiskWarning] {
            var q = InsightQuery.standard(asOf: day, settings: settings)
            q.exactAsOf = true
            let f = try await store.insightFacts(q, in: scope)
            return RiskRules.evaluate(f, asOf: day, tiers: TierCalculator.calculate(f, settings: settings).tiers, settings: settings)
        }
        let before = try await warnings(asOf: from.adding(days: -1))
        let after = try await warnings(asOf: through)
        let report = PeriodReport.build(
            period: period, from: from, through: through, facts: facts, warningsBefore: before, warningsAfter: after)
        let reps = Dictionary(try await store.reps().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        // Monthly quotas of the whole month or quarter (a week has none), against the
        // period's revenue so far.
        var quotas: [RepID: Int64] = [:]
        if period != .week {
            let last = period == .month ? from.endOfMonth : from.adding(months: 2).endOfMonth
            for q in try await store.quotas(from: from, through: last) where scope.allows(owner: q.repID) {
                quotas[q.repID, default: 0] += q.amount.cents
            }
        }
        let teamQuota = quotas.values.reduce(0, +)
        let lang = turn.language
        let periodName: String
        switch period {
        case .week: periodName = turn.say("This week", "本周")
        case .month: periodName = turn.say("This month", "本月")
        case .quarter: periodName = turn.say("This quarter", "本季度")
        }
        var lines = [
            periodName + turn.say(" (", "（") + "\(from.iso) – \(through.iso)" + turn.say(")", "）")
                + (repName.map { turn.say(", \($0)", "，\($0)") } ?? "") + turn.say(":", "：")
        ]
        func quota(of r: RepReport) -> Int64 { r.repID.map { quotas[$0] ?? 0 } ?? teamQuota }
        func block(_ r: RepReport) -> [String] {
            var out: [String] = []
            let acts = ActivityType.allCases.compactMap { t in r.activities[t].map { "\(Vocabulary.activity(t, lang)) \($0)" } }
            out.append(turn.say("activities \(r.activityTotal)", "活动\(r.activityTotal)次")
                + (acts.isEmpty ? "" : turn.say(": ", "：") + acts.joined(separator: turn.say(", ", "，"))))
            out.append(turn.say(
                "new customers \(r.newCustomers) · orders \(r.orderCount), revenue \(r.revenue.grouped)",
                "新客户\(r.newCustomers)个 · 订单\(r.orderCount)笔，收入\(r.revenue.grouped)"))
            if !r.stageMoves.isEmpty {
                var moves: [String: Int] = [:]
                for m in r.stageMoves { moves["\(Vocabulary.stage(m.from, lang))→\(Vocabulary.stage(m.to, lang))", default: 0] += 1 }
                out.append(turn.say("stage moves: ", "阶段变化：") + moves.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    .joined(separator: turn.say(", ", "，")))
            }
            let q = quota(of: r)
            if q > 0 {
                let share = ForecastActions.percent(r.revenue.cents, of: q)
                let target = Money(cents: q)
                out.append(turn.say(
                    "quota \(target.grouped): \(share)% reached in orders",
                    "指标\(target.grouped)：订单已完成\(share)%"))
            }
            out.append(turn.say(
                "warnings raised \(r.warningsRaised.count), cleared \(r.warningsCleared.count)",
                "新增预警\(r.warningsRaised.count)条，解除\(r.warningsCleared.count)条"))
            return out
        }
        if report.reps.count > 1 {
            lines.append(turn.say("Team:", "团队："))
            lines += block(report.team).map { "  " + $0 }
        }
        for r in report.reps.prefix(20) {
            let name = r.repID.flatMap { reps[$0] } ?? "?"
            lines.append(name + turn.say(":", "："))
            lines += block(r).map { "  " + $0 }
        }
        if report.reps.isEmpty { lines.append(turn.say("Nothing recorded in this period.", "这段时间没有记录。")) }
        func json(_ r: RepReport) -> JSONValue {
            .object([
                ("rep_id", r.repID.map { .int($0.rawValue) } ?? .null),
                ("rep", r.repID.flatMap { reps[$0] }.map { .string($0) } ?? .null),
                ("activities", .object(ActivityType.allCases.compactMap { t in r.activities[t].map { (t.rawValue, .int(Int64($0))) } })),
                ("activity_total", .int(Int64(r.activityTotal))), ("new_customers", .int(Int64(r.newCustomers))),
                ("orders", .int(Int64(r.orderCount))), ("revenue", InsightJSON.money(r.revenue)),
                ("quota", quota(of: r) > 0 ? InsightJSON.money(Money(cents: quota(of: r))) : .null),
                ("stage_moves", .array(r.stageMoves.map { m in
                    .object([
                        ("customer_id", .int(m.customerID.rawValue)), ("from", .string(m.from.rawValue)),
                        ("to", .string(m.to.rawValue)), ("at", InsightJSON.moment(m.at)),
                    ])
                })),
                ("warnings_raised", .array(r.warningsRaised.map(change))),
                ("warnings_cleared", .array(r.warningsCleared.map(change))),
            ])
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("period", .string(period.rawValue)), ("from", InsightJSON.date(from)), ("through", InsightJSON.date(through)),
                ("team", json(report.team)), ("reps", .array(report.reps.map(json))),
            ])
    }

    static func change(_ c: WarningChange) -> JSONValue {
        .object([
            ("customer_id", .int(c.customerID.rawValue)), ("customer", .string(c.customerName)),
            ("warning", .string(c.kind.rawValue)), ("reason", .string(c.code)),
        ])
    }
}
