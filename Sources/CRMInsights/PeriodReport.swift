import CRMDomain
import CRMSupport

/// The length of a report (intent report.show `period`).
public enum ReportPeriod: String, Sendable, CaseIterable, Codable {
    case week, month, quarter

    /// The period containing `date`, from its first day through `date` (to date):
    /// the ISO week from Monday, the calendar month, the calendar quarter.
    public func range(containing date: CivilDate) -> (from: CivilDate, through: CivilDate) {
        switch self {
        case .week:
            return (date.adding(days: -(date.weekday - 1)), date)
        case .month:
            return (CivilDate(year: date.year, month: date.month, day: 1) ?? date, date)
        case .quarter:
            let first = (date.month - 1) / 3 * 3 + 1
            return (CivilDate(year: date.year, month: first, day: 1) ?? date, date)
        }
    }
}

/// Warnings that appeared or went away over a period.
public struct WarningChange: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    public var code: String
    public var kind: WarningKind
}

/// One rep's (or the team's) figures for the period.
public struct RepReport: Hashable, Sendable {
    /// Nil for the team total.
    public var repID: RepID?
    public var activities: [ActivityType: Int]
    public var activityTotal: Int
    public var newCustomers: Int
    public var orderCount: Int
    public var revenue: Money
    public var stageMoves: [StageMove]
    public var warningsRaised: [WarningChange]
    public var warningsCleared: [WarningChange]
}

/// report.show: per rep and for the team.
public struct PeriodReportResult: Hashable, Sendable {
    public var period: ReportPeriod
    public var from: CivilDate
    public var through: CivilDate
    public var reps: [RepReport]
    public var team: RepReport
}

/// Builds the period report.
///
/// Warnings raised and cleared compare the warnings as of the day before the period with
/// those as of its last day (each computed by ``RiskRules`` from facts the store reads
/// as of that day): raised = present at the end, not at the start; cleared = the reverse.
/// A warning raised and cleared inside the period does not show; credit limits, plans and
/// budgets are today's values for both days.
public enum PeriodReport {
    public static func build(
        period: ReportPeriod, from: CivilDate, through: CivilDate, facts: [RepPeriodFacts],
        warningsBefore: [RiskWarning], warningsAfter: [RiskWarning]
    ) -> PeriodReportResult {
        func key(_ w: RiskWarning) -> String {
            if let id = w.reason.complaint { return "\(w.customerID.rawValue)/\(w.reason.code)/\(id.rawValue)" }
            return "\(w.customerID.rawValue)/\(w.reason.code)"
        }
        func change(_ w: RiskWarning) -> WarningChange {
            WarningChange(customerID: w.customerID, customerName: w.customerName, ownerID: w.ownerID, code: w.reason.code, kind: w.kind)
        }
        let beforeKeys = Set(warningsBefore.map(key)), afterKeys = Set(warningsAfter.map(key))
        let raised = warningsAfter.filter { !beforeKeys.contains(key($0)) }.map(change)
        let cleared = warningsBefore.filter { !afterKeys.contains(key($0)) }.map(change)
        var ids = Set(facts.map(\.repID))
        ids.formUnion(raised.map(\.ownerID))
        ids.formUnion(cleared.map(\.ownerID))
        let byRep = Dictionary(facts.map { ($0.repID, $0) }, uniquingKeysWith: { a, _ in a })
        let reps = ids.sorted().map { id -> RepReport in
            let f = byRep[id] ?? RepPeriodFacts(repID: id)
            return RepReport(
                repID: id, activities: f.activities, activityTotal: f.activities.values.reduce(0, +),
                newCustomers: f.newCustomers, orderCount: f.orderCount, revenue: f.revenue, stageMoves: f.stageMoves,
                warningsRaised: raised.filter { $0.ownerID == id }, warningsCleared: cleared.filter { $0.ownerID == id })
        }
        var activities: [ActivityType: Int] = [:]
        for r in reps { for (t, n) in r.activities { activities[t, default: 0] += n } }
        let team = RepReport(
            repID: nil, activities: activities, activityTotal: activities.values.reduce(0, +),
            newCustomers: reps.reduce(0) { $0 + $1.newCustomers }, orderCount: reps.reduce(0) { $0 + $1.orderCount },
            revenue: reps.reduce(Money.zero) { $0 + $1.revenue }, stageMoves: reps.flatMap(\.stageMoves).sorted { $0.at < $1.at },
            warningsRaised: raised, warningsCleared: cleared)
        return PeriodReportResult(period: period, from: from, through: through, reps: reps, team: team)
    }
}
