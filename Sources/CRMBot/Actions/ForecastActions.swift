import CRMDomain
import CRMSupport

/// forecast.show and quota.set: what the open deals say about a month, quarter or week
/// (won so far, weighted, best case) against each rep's quota.
enum ForecastActions {
    static func forecast(_ turn: Turn) async throws -> Done {
        let period = turn.text("period").flatMap { Period(rawValue: TextMatching.fold($0)) } ?? .month
        let (from, through) = period.range(containing: turn.today)
        var scope = turn.scope
        var repName: String?
        if let name = turn.text("rep") {
            let rep = try await teamRep(name, turn)
            scope = .owners([rep.id])
            repName = rep.name
        }
        let deals = try await turn.store.forecastDeals(in: scope, from: from, through: through)
        let quotas = try await turn.store.quotas(from: from, through: through).filter { scope.allows(owner: $0.repID) }
        let reps = Dictionary(try await turn.store.reps().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var byRep: [RepID: Line] = [:]
        for q in quotas { byRep[q.repID, default: Line()].quota += q.amount.cents }
        var undated = 0
        var overdue: [DealID] = []
        for s in deals {
            let d = s.deal
            var line = byRep[s.ownerID, default: Line()]
            switch d.stage {
            case .won:
                line.won += d.amount.cents
            case .lost:
                break
            default:
                guard let close = d.closeDate else {
                    undated += 1
                    continue
                }
                if close < turn.today { overdue.append(d.id) }
                line.open += 1
                line.weighted += d.weighted.cents
                line.best += d.amount.cents
            }
            byRep[s.ownerID] = line
        }
        let names = byRep.keys.sorted { (reps[$0] ?? "") < (reps[$1] ?? "") }
        var lines = [
            turn.say("Forecast, ", "销售预测，") + periodName(period, turn) + turn.say(" (", "（") + "\(from.iso) – \(through.iso)"
                + turn.say(")", "）") + (repName.map { turn.say(", \($0)", "，\($0)") } ?? "") + turn.say(":", "：")
        ]
        if byRep.isEmpty {
            lines.append(turn.say(
                "No deals close in this period and no quota is set. (\"new deal with <customer>, <amount>, closing <date>\" opens one.)",
                "这段时间没有预计成交的商机，也没有设定指标。（说“新建商机：客户，金额，某日成交”可以新建）"))
        }
        for id in names {
            guard let line = byRep[id] else { continue }
            lines.append((reps[id] ?? "?") + turn.say(": ", "：") + describe(line, turn))
        }
        if names.count > 1 {
            var team = Line()
            for l in byRep.values { team.add(l) }
            lines.append(turn.say("Team: ", "团队：") + describe(team, turn))
        }
        if !overdue.isEmpty {
            let list = overdue.prefix(10).map { "#\($0)" }.joined(separator: ", ")
            lines.append(turn.say(
                "\(overdue.count) open deals are past their close date (\(list)): update or close them.",
                "有\(overdue.count)个商机已过预计成交日期（\(list)）：请更新或关闭。"))
        }
        if undated > 0 {
            lines.append(turn.say(
                "\(undated) open deals have no close date and are left out (\"deal N closes <date>\").",
                "有\(undated)个商机没有预计成交日期，未计入（说“商机N预计某日成交”）。"))
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("period", .string(period.rawValue)), ("from", .string(from.iso)), ("through", .string(through.iso)),
                ("reps", .array(names.compactMap { id in
                    byRep[id].map { l in
                        .object([("rep_id", .int(id.rawValue)), ("rep", .string(reps[id] ?? "?"))] + l.json)
                    }
                })),
                ("undated_deals", .int(Int64(undated))), ("overdue_deals", .array(overdue.map { .int($0.rawValue) })),
            ])
    }

    static func setQuota(_ turn: Turn) async throws -> Done {
        guard turn.rep.role != .rep else {
            throw Interrupt.fail(BotError(code: "forbidden", message: turn.say(
                "Only a manager or an admin sets quotas.", "只有经理或管理员可以设定指标。")))
        }
        let rep = try await teamRep(try turn.requireText("rep"), turn)
        guard turn.slot("amount") != nil else { throw Interrupt.ask(Phrases.question(for: "amount", in: turn)) }
        let amount = try turn.amount()
        let day = try turn.date("month")?.date ?? turn.today
        let month = CivilDate(year: day.year, month: day.month, day: 1) ?? day
        let before = try await turn.store.quotas(from: month, through: month).first { $0.repID == rep.id }
        let monthName = turn.say(String(month.iso.prefix(7)), "\(month.year)年\(month.month)月")
        if before?.amount == amount {
            return Done(
                text: turn.say("\(rep.name)'s quota for \(monthName) is already \(amount.grouped).",
                    "\(rep.name)\(monthName)的指标已经是\(amount.grouped)。"),
                data: [("rep", .string(rep.name)), ("month", .string(month.iso)), ("amount", .double(amount.units)),
                    ("unchanged", .bool(true))])
        }
        let q = try await turn.store.setQuota(Quota(repID: rep.id, month: month, amount: amount), turn.context)
        let was = before.map { turn.say(" (was \($0.amount.grouped))", "（原来是\($0.amount.grouped)）") } ?? ""
        return Done(
            text: turn.say("\(rep.name)'s quota for \(monthName) is \(q.amount.grouped)\(was).",
                "\(rep.name)\(monthName)的指标定为\(q.amount.grouped)\(was)。"),
            data: [
                ("rep_id", .int(rep.id.rawValue)), ("rep", .string(rep.name)), ("month", .string(month.iso)),
                ("amount", .double(q.amount.units)), ("previous_amount", before.map { .double($0.amount.units) } ?? .null),
            ])
    }

    // MARK: Helpers

    /// The periods a forecast covers, whole (not to date).
    enum Period: String {
        case week, month, quarter

        func range(containing d: CivilDate) -> (CivilDate, CivilDate) {
            switch self {
            case .week:
                let monday = d.adding(days: -(d.weekday - 1))
                return (monday, monday.adding(days: 6))
            case .month:
                let first = CivilDate(year: d.year, month: d.month, day: 1) ?? d
                return (first, first.endOfMonth)
            case .quarter:
                let first = CivilDate(year: d.year, month: (d.month - 1) / 3 * 3 + 1, day: 1) ?? d
                return (first, first.adding(months: 2).endOfMonth)
            }
        }
    }

    /// One rep's (or the team's) figures.
    struct Line {
        /// Cents won in the period.
        var won: Int64 = 0
        /// Cents of the open deals, weighted by probability, and in full.
        var weighted: Int64 = 0
        var best: Int64 = 0
        var quota: Int64 = 0
        var open = 0

        mutating func add(_ o: Line) {
            won += o.won
            weighted += o.weighted
            best += o.best
            quota += o.quota
            open += o.open
        }

        var json: [(String, JSONValue)] {
            [
                ("won", .double(Money(cents: won).units)), ("weighted", .double(Money(cents: won + weighted).units)),
                ("best_case", .double(Money(cents: won + best).units)), ("open_deals", .int(Int64(open))),
                ("quota", quota > 0 ? .double(Money(cents: quota).units) : .null),
            ]
        }
    }

    private static func describe(_ l: Line, _ turn: Turn) -> String {
        let won = Money(cents: l.won)
        let weighted = Money(cents: l.won + l.weighted)
        let best = Money(cents: l.won + l.best)
        var s = turn.say(
            "won \(won.grouped) · weighted \(weighted.grouped) · best case \(best.grouped) (\(l.open) open)",
            "已赢单\(won.grouped) · 加权\(weighted.grouped) · 最好情况\(best.grouped)（进行中\(l.open)个）")
        if l.quota > 0 {
            let quota = Money(cents: l.quota)
            let done = percent(l.won, of: l.quota)
            let likely = percent(l.won + l.weighted, of: l.quota)
            s += turn.say(
                " · quota \(quota.grouped): \(done)% won, \(likely)% weighted",
                " · 指标\(quota.grouped)：已完成\(done)%，加权\(likely)%")
        }
        return s
    }

    /// `part` as a whole percentage of `whole` (> 0), clamped so that no figure traps.
    static func percent(_ part: Int64, of whole: Int64) -> Int {
        Int(min(1_000_000, max(-1_000_000, (Double(part) / Double(whole) * 100).rounded())))
    }

    private static func periodName(_ p: Period, _ turn: Turn) -> String {
        switch p {
        case .week: return turn.say("this week", "本周")
        case .month: return turn.say("this month", "本月")
        case .quarter: return turn.say("this quarter", "本季度")
        }
    }

    /// A rep the speaker may see (themselves for "me"/"我"); else `not_found`.
    private static func teamRep(_ name: String, _ turn: Turn) async throws -> Rep {
        if ["me", "my", "mine", "myself", "i", "我", "我的", "自己"].contains(TextMatching.fold(name)) { return turn.rep }
        guard let rep = try await turn.knownRep(named: name), turn.scope.allows(owner: rep.id) else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I don't know a rep called \(name) on your team.", "你的团队里没有叫\(name)的销售。")))
        }
        return rep
    }
}
