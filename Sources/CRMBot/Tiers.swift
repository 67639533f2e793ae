import CRMDomain

/// Value tiers by the 80/20 rule (domain §5), from revenue over a window.
///
/// Customers are ranked by revenue, highest first. A customer is `key` while
/// the customers ranked above it bring less than `keyShare` (80%) of the total,
/// so the customer that crosses 80% is still key; `ordinary` likewise up to
/// `ordinaryShare` (95%); the rest, and every customer without revenue, are
/// `small`. A customer flagged `bad` by hand stays `bad`. Ties in revenue keep
/// the same tier as the first of them.
enum Tiers {
    struct Input {
        var id: CustomerID
        var revenue: Money
        var override: ValueTier?
    }

    static func assign(_ customers: [Input], keyShare: Double = 0.80, ordinaryShare: Double = 0.95)
        -> [CustomerID: ValueTier]
    {
        var result: [CustomerID: ValueTier] = [:]
        let total = customers.reduce(Int64(0)) { $0 + max(0, $1.revenue.cents) }
        let ranked = customers.sorted { ($0.revenue.cents, -$0.id.rawValue) > ($1.revenue.cents, -$1.id.rawValue) }
        var before: Int64 = 0
        var last: (cents: Int64, tier: ValueTier)?
        for c in ranked {
            var tier: ValueTier
            if c.revenue.cents <= 0 || total == 0 {
                tier = .small
            } else if let last, last.cents == c.revenue.cents {
                tier = last.tier
            } else {
                let share = Double(before) / Double(total)
                tier = share < keyShare ? .key : share < ordinaryShare ? .ordinary : .small
            }
            last = (c.revenue.cents, tier)
            before += max(0, c.revenue.cents)
            result[c.id] = c.override == .bad ? .bad : tier
        }
        return result
    }
}
