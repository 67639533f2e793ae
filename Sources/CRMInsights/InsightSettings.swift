import CRMDomain

/// Every threshold of the CRM method's rules, with the domain's defaults
/// (`../shared/domain/README.md`, § numbers below). One value, passed to each rule,
/// so a deployment can tune them in one place.
///
/// Comparisons are strict: a customer *exactly* at a threshold is not flagged
/// (ordering every 30 days, silent for exactly 45 days: not yet at risk).
public struct InsightSettings: Hashable, Sendable {
    // MARK: Early warnings (§10)

    /// Churn: a customer is at risk when its last order is more than
    /// max(`churnMinimumDays`, `churnGapFactor` × its median gap between orders) days ago.
    /// With a single order there is no rhythm yet and the minimum applies. Default 30.
    public var churnMinimumDays: Int = 30
    /// Default 1.5.
    public var churnGapFactor: Double = 1.5
    /// A key account (funnel stage `key` or value tier `key`) with no activity for more
    /// than this many days (since its creation when it never had one). Default 30.
    public var keyAccountContactDays: Int = 30
    /// A complaint unresolved for more than this many days. Default 7.
    public var complaintOpenDays: Int = 7
    /// A complaint not acknowledged (step 2) for more than this many days. Default 1:
    /// the customer hears back the next day at the latest.
    public var complaintAcknowledgeDays: Int = 1
    /// A resolved complaint not followed up (step 4) for more than this many days after
    /// its resolution. Default 7.
    public var complaintFollowUpDays: Int = 7
    /// Sales progress: the customer's `sales_plan` is a monthly target; the orders dated
    /// this month are compared with the plan pro-rated to the day (plan × day / days in
    /// month), from this day of the month on (before it, one missing order says little).
    /// Default 7.
    public var salesPlanGraceDays: Int = 7

    // MARK: Value tiers (§5)

    /// Key customers: ranked by profit, those that together bring the first 80%.
    public var keyShare: Double = 0.80
    /// Ordinary: the next 15% (cumulative 95%); the rest are small.
    public var ordinaryShare: Double = 0.95
    /// Profit window: the last 12 months.
    public var tierWindowMonths: Int = 12
    /// A customer whose outstanding debt exceeds its credit limit counts as `bad`
    /// (§5 "bad credit"), as does one whose cost exceeds its revenue (negative margin).
    public var badOnCreditOverrun: Bool = true
    /// Reward prompt: suggest a reward when the latest order takes the customer's
    /// cumulative purchases across a multiple of this amount. Default 100,000.
    public var rewardThreshold: Money = Money(cents: 10_000_000)

    // MARK: Reorder (§11)

    /// List customers whose stock runs out within this many days. Default 7.
    public var reorderHorizonDays: Int = 7
    /// Also list those whose predicted run-out passed at most this many days ago
    /// (older ones are churn, not reorder). Default 14.
    public var reorderOverdueDays: Int = 14

    // MARK: Briefing, birthdays

    /// Birthdays and special days this many days ahead (today included). Default 7.
    public var birthdayHorizonDays: Int = 7

    // MARK: Relationship level (§6)

    /// At most this many buying customers is "few"; above `manyCustomers` is "many".
    public var fewCustomers: Int = 50
    public var manyCustomers: Int = 500
    /// Margin (profit ÷ revenue) below this is low, at or above `highMargin` high. Defaults 10% / 30%.
    public var lowMargin: Double = 0.10
    public var highMargin: Double = 0.30

    // MARK: Loyalty and lifetime value (§9, §12)

    /// Spend trend: the last N months against the N before. Default 6.
    public var trendMonths: Int = 6
    /// A change of less than this fraction either way is "steady". Default 10%.
    public var trendSteadyBand: Double = 0.10
    /// Lifetime value = yearly spend × `lifetimeYears` × (1 + `referralUplift` × referrals).
    /// Defaults 5 years, 10% per referral.
    public var lifetimeYears: Double = 5
    public var referralUplift: Double = 0.10
    /// Price objections at or above this count mark a customer price-sensitive. Default 2.
    public var priceSensitiveObjections: Int = 2

    public init() {}

    /// The domain's defaults.
    public static let standard = InsightSettings()
}
