import CRMDomain
import CRMSupport

/// One customer's place in the value tiers.
public struct TierRow: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    /// Revenue in the window minus the customer's cost when known (else the revenue).
    public var profit: Money
    public var tier: ValueTier
    /// Why `bad`: "override", "credit" or "negative_margin"; nil for the other tiers.
    public var badReason: String?
}

/// One tier's share of customers and of profit (a step of the pyramids).
public struct TierSummary: Hashable, Sendable {
    public var tier: ValueTier
    public var customers: Int
    public var profit: Money
    public var customerShare: Double
    public var profitShare: Double
}

/// A customer whose cumulative purchases just crossed a reward threshold (domain §5).
public struct RewardPrompt: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    /// All orders ever.
    public var cumulative: Money
    /// The multiple of the threshold the latest order crossed.
    public var crossed: Money
    public var lastOrder: CivilDate?
}

/// The 80/20 analysis: tiers, both pyramids, reward prompts.
public struct TierResult: Hashable, Sendable {
    /// Highest profit first.
    public var rows: [TierRow]
    /// key, ordinary, small, bad — always all four.
    public var summary: [TierSummary]
    public var rewards: [RewardPrompt]
    public var totalProfit: Money

    public var tiers: [CustomerID: ValueTier] {
        Dictionary(rows.map { ($0.customerID, $0.tier) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Value tiers by the 80/20 rule (domain §5).
///
/// Profit = revenue in the window (default 12 months) − the customer's cost when one is
/// recorded, else the revenue. Customers with positive profit are ranked, highest first;
/// a customer is `key` while the customers ranked above it bring less than `keyShare`
/// (80%) of the total positive profit — so the one that crosses 80% is still key —
/// `ordinary` likewise up to `ordinaryShare` (95%), the rest `small`. Equal profits share
/// the tier of the first of them. No profit (zero, or no orders) is `small`. `bad`: set
/// by hand (the override), or bad credit (outstanding debt over the credit limit, when
/// `badOnCreditOverrun`), or a negative margin (cost above revenue).
public enum TierCalculator {
    /// Revenue in the window minus the cost when one is recorded.
    public static func profit(_ f: CustomerFacts) -> Money { f.cost.map { f.revenueInWindow - $0 } ?? f.revenueInWindow }

    /// Why the customer is `bad` ("override", "credit", "negative_margin"), or nil.
    public static func badReason(_ f: CustomerFacts, settings: InsightSettings) -> String? {
        if f.tierOverride == .bad { return "override" }
        if settings.badOnCreditOverrun, let limit = f.creditLimit, f.balance > limit, f.balance > .zero {
            return "credit"
        }
        if let cost = f.cost, cost > f.revenueInWindow, f.revenueInWindow > .zero { return "negative_margin" }
        return nil
    }

    /// One customer's tier from its card facts: the same as ``calculate(_:settings:)`` over
    /// the owner's book gives it (the share of the book's profit ranked above it decides;
    /// equal profits share a tier), without ranking the book.
    public static func tier(_ card: CardFacts, settings: InsightSettings = .standard) -> ValueTier {
        if badReason(card.facts, settings: settings) != nil { return .bad }
        let p = profit(card.facts).cents
        let total = card.bookProfit.cents
        if p <= 0 || total == 0 { return .small }
        let share = Double(card.profitAbove.cents) / Double(total)
        return share < settings.keyShare ? .key : share < settings.ordinaryShare ? .ordinary : .small
    }

    public static func calculate(
        _ facts: [CustomerFacts], settings: InsightSettings = .standard
    ) -> TierResult {
        func badReason(_ f: CustomerFacts) -> String? { Self.badReason(f, settings: settings) }
        // Rank indices, not the (large) facts: profit high to low, then name, then id.
        let profits = facts.map { profit($0).cents }
        let order = facts.indices.sorted { a, b in
            if profits[a] != profits[b] { return profits[a] > profits[b] }
            if profits[a] == 0 || facts[a].name == facts[b].name { return facts[a].id < facts[b].id }
            return facts[a].name < facts[b].name
        }
        let total = profits.reduce(Int64(0)) { $0 + max(0, $1) }
        var rows: [TierRow] = []
        rows.reserveCapacity(facts.count)
        var before: Int64 = 0
        var last: (cents: Int64, tier: ValueTier)?
        for i in order {
            let f = facts[i]
            let p = profits[i]
            var tier: ValueTier
            if p <= 0 || total == 0 {
                tier = .small
            } else if let last, last.cents == p {
                tier = last.tier
            } else {
                let share = Double(before) / Double(total)
                tier = share < settings.keyShare ? .key : share < settings.ordinaryShare ? .ordinary : .small
            }
            last = (p, tier)
            before += max(0, p)
            let bad = badReason(f)
            rows.append(
                TierRow(
                    customerID: f.id, customerName: f.name, ownerID: f.ownerID, profit: Money(cents: p),
                    tier: bad == nil ? tier : .bad, badReason: bad))
        }
        let count = Double(max(1, rows.count))
        var counts: [ValueTier: Int] = [:]
        var sums: [ValueTier: Int64] = [:]
        for r in rows {
            counts[r.tier, default: 0] += 1
            sums[r.tier, default: 0] += max(0, r.profit.cents)
        }
        let summary = ValueTier.allCases.map { t -> TierSummary in
            let n = counts[t] ?? 0, sum = sums[t] ?? 0
            return TierSummary(
                tier: t, customers: n, profit: Money(cents: sum),
                customerShare: rows.isEmpty ? 0 : Double(n) / count,
                profitShare: total == 0 ? 0 : Double(sum) / Double(total))
        }
        return TierResult(
            rows: rows, summary: summary, rewards: rewards(facts, settings: settings), totalProfit: Money(cents: total))
    }

    /// Customers whose latest order took their cumulative purchases across a multiple of
    /// `rewardThreshold` (e.g. from 95,000 to 105,000 crosses 100,000), largest first.
    public static func rewards(_ facts: [CustomerFacts], settings: InsightSettings = .standard) -> [RewardPrompt] {
        let step = settings.rewardThreshold.cents
        guard step > 0 else { return [] }
        return facts.compactMap { f -> RewardPrompt? in
            guard let last = f.lastOrderAmount, last > .zero, f.totalOrdered.cents >= step else { return nil }
            let now = f.totalOrdered.cents / step
            let before = (f.totalOrdered.cents - last.cents) / step
            guard now > before else { return nil }
            return RewardPrompt(
                customerID: f.id, customerName: f.name, ownerID: f.ownerID, cumulative: f.totalOrdered,
                crossed: Money(cents: now * step), lastOrder: f.lastOrder)
        }.sorted { $0.cumulative != $1.cumulative ? $0.cumulative > $1.cumulative : $0.customerID < $1.customerID }
    }

    /// What each tier should get (domain §5).
    public static func treatment(_ tier: ValueTier, _ lang: Language) -> String {
        switch (tier, lang) {
        case (.key, .en): return "a named account manager, most resources, closest contact"
        case (.key, .zh): return "专人负责，投入最多资源，保持最密切的联系"
        case (.ordinary, .en): return "incentives to grow: cumulative-purchase rewards"
        case (.ordinary, .zh): return "激励其增长：累计购买奖励"
        case (.small, .en): return "cheaper service channels, prepayment"
        case (.small, .zh): return "低成本的服务渠道，预付款"
        case (.bad, .en): return "end the relationship (or demand prepayment)"
        case (.bad, .zh): return "终止合作（或要求预付款）"
        }
    }

    /// The customer-count pyramid beside the profit pyramid, two short lines per tier
    /// (fits a narrow chat window):
    /// ```
    /// key       customers ██ 8%
    ///           profit    ████████ 84%
    /// ```
    public static func pyramid(_ summary: [TierSummary], _ lang: Language, width: Int = 10) -> String {
        let customers = lang == .zh ? "客户数" : "customers"
        let profit = lang == .zh ? "利润  " : "profit   "
        return summary.map { s in
            let name = InsightWords.tier(s.tier, lang)
            let label = lang == .zh ? name : InsightWords.pad(name, 9)
            let indent = lang == .zh ? String(repeating: "　", count: name.count) : String(repeating: " ", count: 9)
            let c = InsightWords.bar(s.customerShare, width: width)
            let p = InsightWords.bar(s.profitShare, width: width)
            return "\(label) \(customers) \(c)\(c.isEmpty ? "" : " ")\(InsightWords.percent(s.customerShare))\n"
                + "\(indent) \(profit) \(p)\(p.isEmpty ? "" : " ")\(InsightWords.percent(s.profitShare))"
        }.joined(separator: "\n")
    }
}
