import CRMDomain
import CRMSupport

/// Sales progress against the rep's monthly quota (domain §10.2, the sales-progress
/// warning, for a rep rather than one customer): the month's orders below the quota
/// pro-rated to the day, once the month's first days of grace have passed.
public enum QuotaProgress {
    /// A rep behind their quota.
    public struct Shortfall: Hashable, Sendable {
        public var repID: RepID
        /// Orders dated this month so far.
        public var ordered: Money
        /// The quota pro-rated to the day, in whole units.
        public var expected: Money
        public var quota: Money
        public var dayOfMonth: Int
        public var daysInMonth: Int
    }

    /// The reps of `quotas` (for the month of `asOf`) whose orders this month are behind
    /// the quota pro-rated to `asOf`, by how far behind, most first. `ordered`: each
    /// rep's orders this month (missing: none).
    public static func behind(
        quotas: [Quota], ordered: [RepID: Money], asOf: CivilDate, settings: InsightSettings = .standard
    ) -> [Shortfall] {
        guard asOf.day >= settings.salesPlanGraceDays else { return [] }
        let days = CivilDate.daysIn(month: asOf.month, year: asOf.year)
        let day = asOf.day
        var out: [Shortfall] = []
        for q in quotas where q.month.year == asOf.year && q.month.month == asOf.month && q.amount > .zero {
            let done = ordered[q.repID] ?? .zero
            // done < quota × day / days, in exact integer arithmetic.
            let (lhs, o1) = done.cents.multipliedReportingOverflow(by: Int64(days))
            let (rhs, o2) = q.amount.cents.multipliedReportingOverflow(by: Int64(day))
            guard !o1, !o2, lhs < rhs else { continue }
            out.append(Shortfall(
                // A pace, not an amount owed: shown in whole units.
                repID: q.repID, ordered: done, expected: Money(cents: (q.amount.cents * Int64(day) / Int64(days) + 50) / 100 * 100),
                quota: q.amount, dayOfMonth: day, daysInMonth: days))
        }
        return out.sorted { ($0.expected.cents - $0.ordered.cents, $1.repID.rawValue) > ($1.expected.cents - $1.ordered.cents, $0.repID.rawValue) }
    }
}
