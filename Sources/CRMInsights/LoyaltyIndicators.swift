import CRMDomain
import CRMSupport

/// Which way a customer's spend is going.
public enum SpendTrend: String, Sendable, Codable { case up, steady, down, new, none }

/// Satisfaction and loyalty indicators with their numbers (domain §9) and a simple
/// lifetime value (§12).
public struct LoyaltyReport: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var orders: Int
    /// Orders after the first.
    public var repeatPurchases: Int
    public var totalSpend: Money
    /// Spend in the last `trendMonths` months and in the months before those.
    public var recentSpend: Money
    public var previousSpend: Money
    public var trend: SpendTrend
    /// recent ÷ previous − 1; nil when there was no previous spend.
    public var trendChange: Double?
    public var complaints: Int
    /// Complaints per order (0 without orders).
    public var complaintRate: Double
    public var priceObjections: Int
    public var priceSensitive: Bool
    public var referrals: Int
    /// Spend per year, over the customer's active years (first order to today, at least one year).
    public var yearlySpend: Money
    public var lifetimeValue: Money
}

/// Computes ``LoyaltyReport`` from a ``CustomerHistory``.
///
/// Lifetime value (deliberately simple, domain §12): yearly spend × `lifetimeYears` (5)
/// × (1 + `referralUplift` (10%) × referrals). Yearly spend = all spend ÷ the years since
/// the first order (at least one). Repeat purchases raise it through the yearly spend,
/// referrals through the uplift. Discounts are not recorded in crmbot, so price
/// sensitivity reads the price objections only.
public enum LoyaltyIndicators {
    public static func evaluate(_ h: CustomerHistory, asOf: CivilDate, settings: InsightSettings = .standard)
        -> LoyaltyReport
    {
        let orders = h.orders.filter { $0.date <= asOf }
        let total = orders.reduce(Money.zero) { $0 + $1.amount }
        let recentStart = asOf.adding(months: -settings.trendMonths)
        let previousStart = recentStart.adding(months: -settings.trendMonths)
        let recent = orders.filter { $0.date > recentStart }.reduce(Money.zero) { $0 + $1.amount }
        let previous = orders.filter { $0.date > previousStart && $0.date <= recentStart }
            .reduce(Money.zero) { $0 + $1.amount }
        var trend: SpendTrend
        var change: Double?
        if orders.isEmpty {
            trend = .none
        } else if previous <= .zero {
            trend = recent > .zero && orders.allSatisfy({ $0.date > recentStart }) ? .new : (recent > .zero ? .up : .down)
        } else {
            let c = Double(recent.cents) / Double(previous.cents) - 1
            change = c
            trend = c > settings.trendSteadyBand ? .up : c < -settings.trendSteadyBand ? .down : .steady
        }
        let years: Double
        if let first = orders.first?.date {
            years = max(1, Double(asOf.dayNumber - first.dayNumber) / 365.25)
        } else {
            years = 1
        }
        let yearly = Money(cents: Int64((Double(total.cents) / years).rounded()))
        let uplift = 1 + settings.referralUplift * Double(h.referralsOut)
        let ltvCents = Double(yearly.cents) * settings.lifetimeYears * uplift
        let price = h.objections.filter { $0.kind == .price }.count
        return LoyaltyReport(
            customerID: h.customer.id, customerName: h.customer.name, orders: orders.count,
            repeatPurchases: max(0, orders.count - 1), totalSpend: total, recentSpend: recent, previousSpend: previous,
            trend: trend, trendChange: change, complaints: h.complaints.count,
            complaintRate: orders.isEmpty ? 0 : Double(h.complaints.count) / Double(orders.count),
            priceObjections: price, priceSensitive: price >= settings.priceSensitiveObjections, referrals: h.referralsOut,
            yearlySpend: yearly,
            lifetimeValue: ltvCents.isFinite && abs(ltvCents) < 9e18 ? Money(cents: Int64(ltvCents.rounded())) : .zero)
    }
}
