import CRMDomain
import CRMSupport

extension InsightQuery {
    /// The query the rules expect for `asOf`: the tier window is the last
    /// `tierWindowMonths` months ending today (inclusive), the plan period the current month.
    public static func standard(asOf: CivilDate, settings: InsightSettings = .standard, stages: Set<Stage>? = nil)
        -> InsightQuery
    {
        InsightQuery(
            asOf: asOf, windowStart: asOf.adding(months: -settings.tierWindowMonths).adding(days: 1),
            periodStart: CivilDate(year: asOf.year, month: asOf.month, day: 1) ?? asOf, stages: stages)
    }
}
