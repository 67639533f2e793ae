import CRMDomain
import CRMSupport

/// The four early warnings (domain §10).
public enum WarningKind: String, Sendable, CaseIterable, Codable {
    /// Outstanding debt above the credit limit.
    case credit
    /// Orders behind the plan for the period.
    case salesProgress = "sales_progress"
    /// Cost spent on the customer above its budget.
    case expense
    /// Stopped ordering, a key account without contact, or a complaint left open.
    case churn

    public func name(_ lang: Language) -> String {
        switch (self, lang) {
        case (.credit, .en): return "credit"
        case (.credit, .zh): return "信用预警"
        case (.salesProgress, .en): return "sales progress"
        case (.salesProgress, .zh): return "销售进度预警"
        case (.expense, .en): return "expense"
        case (.expense, .zh): return "费用预警"
        case (.churn, .en): return "churn"
        case (.churn, .zh): return "流失预警"
        }
    }
}

/// Why a warning was raised, with the numbers that triggered it.
public enum RiskReason: Hashable, Sendable {
    /// Ordered minus paid is above the credit limit.
    case creditOverLimit(outstanding: Money, limit: Money)
    /// Orders dated this month are below the plan pro-rated to today.
    case behindPlan(ordered: Money, expected: Money, plan: Money, dayOfPeriod: Int, daysInPeriod: Int)
    /// Cost spent on the customer is above its budget.
    case overBudget(cost: Money, budget: Money)
    /// No order for longer than the customer's own rhythm allows.
    case stoppedOrdering(lastOrder: CivilDate, daysSince: Int, thresholdDays: Double, medianGapDays: Double?)
    /// A key account without any activity for too long (`lastContact` nil: never).
    case keyAccountNoContact(lastContact: LocalDateTime?, daysSince: Int, thresholdDays: Int)
    /// A complaint unresolved for too long.
    case complaintOpen(complaint: ComplaintID, openedAt: LocalDateTime, daysOpen: Int, thresholdDays: Int)
    /// A complaint nobody acknowledged to the customer (step 2) for too long.
    case complaintNotAcknowledged(complaint: ComplaintID, openedAt: LocalDateTime, daysOpen: Int, thresholdDays: Int)
    /// A resolved complaint whose follow-up (step 4) is overdue.
    case complaintFollowUpDue(complaint: ComplaintID, resolvedAt: LocalDateTime, daysSince: Int, thresholdDays: Int)

    /// The complaint a warning is about, if it is about one.
    public var complaint: ComplaintID? {
        switch self {
        case .complaintOpen(let id, _, _, _), .complaintNotAcknowledged(let id, _, _, _), .complaintFollowUpDue(let id, _, _, _):
            return id
        default: return nil
        }
    }

    public var kind: WarningKind {
        switch self {
        case .creditOverLimit: return .credit
        case .behindPlan: return .salesProgress
        case .overBudget: return .expense
        case .stoppedOrdering, .keyAccountNoContact, .complaintOpen, .complaintNotAcknowledged, .complaintFollowUpDue:
            return .churn
        }
    }

    /// A stable code for JSON (`credit_over_limit`, …).
    public var code: String {
        switch self {
        case .creditOverLimit: return "credit_over_limit"
        case .behindPlan: return "behind_plan"
        case .overBudget: return "over_budget"
        case .stoppedOrdering: return "stopped_ordering"
        case .keyAccountNoContact: return "key_account_no_contact"
        case .complaintOpen: return "complaint_open"
        case .complaintNotAcknowledged: return "complaint_not_acknowledged"
        case .complaintFollowUpDue: return "complaint_follow_up_due"
        }
    }

    /// The reason with its numbers, one sentence.
    public func why(_ lang: Language) -> String {
        let m = InsightWords.money
        switch self {
        case .creditOverLimit(let outstanding, let limit):
            return lang == .zh
                ? "欠款 \(m(outstanding)) 超过信用额度 \(m(limit))（超出 \(m(outstanding - limit))）"
                : "owes \(m(outstanding)), over the credit limit of \(m(limit)) by \(m(outstanding - limit))"
        case .behindPlan(let ordered, let expected, let plan, let day, let days):
            return lang == .zh
                ? "本月计划 \(m(plan))，到第\(day)/\(days)天应达 \(m(expected))，实际订货 \(m(ordered))"
                : "ordered \(m(ordered)) this month; plan \(m(plan)), \(m(expected)) expected by day \(day) of \(days)"
        case .overBudget(let cost, let budget):
            return lang == .zh
                ? "费用 \(m(cost)) 超过预算 \(m(budget))（超出 \(m(cost - budget))）"
                : "cost \(m(cost)) is over the budget of \(m(budget)) by \(m(cost - budget))"
        case .stoppedOrdering(let last, let since, let threshold, let gap):
            let t = InsightWords.number(threshold)
            if let gap {
                let g = InsightWords.number(gap)
                return lang == .zh
                    ? "已\(since)天没有订货（上次 \(last.iso)）；通常每\(g)天订一次，超过\(t)天即预警"
                    : "no order for \(since) days (last \(last.iso)); usually orders every \(g) days, warning after \(t)"
            }
            return lang == .zh
                ? "已\(since)天没有订货（上次 \(last.iso)，仅一笔订单）；超过\(t)天即预警"
                : "no order for \(since) days (last \(last.iso), the only order); warning after \(t)"
        case .keyAccountNoContact(let last, let since, let threshold):
            if let last {
                return lang == .zh
                    ? "重点客户已\(since)天没有联系（上次 \(last.date.iso)），超过\(threshold)天"
                    : "key account with no contact for \(since) days (last \(last.date.iso)), over \(threshold)"
            }
            return lang == .zh
                ? "重点客户建档\(since)天以来从未联系，超过\(threshold)天"
                : "key account never contacted in the \(since) days since it was added, over \(threshold)"
        case .complaintOpen(let id, let opened, let daysOpen, let threshold):
            return lang == .zh
                ? "投诉\(id.rawValue)已\(daysOpen)天未解决（\(opened.date.iso) 提出），超过\(threshold)天"
                : "complaint \(id.rawValue) open for \(daysOpen) days (since \(opened.date.iso)), over \(threshold)"
        case .complaintNotAcknowledged(let id, let opened, let daysOpen, let threshold):
            return lang == .zh
                ? "投诉\(id.rawValue)提出\(daysOpen)天（\(opened.date.iso)）仍未回应客户，超过\(threshold)天"
                : "complaint \(id.rawValue) not acknowledged to the customer \(daysOpen) days after it came in (\(opened.date.iso)), over \(threshold)"
        case .complaintFollowUpDue(let id, let resolved, let since, let threshold):
            return lang == .zh
                ? "投诉\(id.rawValue)已于\(resolved.date.iso)解决，\(since)天未回访，超过\(threshold)天"
                : "complaint \(id.rawValue) resolved on \(resolved.date.iso) and not followed up for \(since) days, over \(threshold)"
        }
    }

    /// What the rep should do next.
    public func nextStep(_ lang: Language) -> String {
        switch self {
        case .creditOverLimit:
            return lang == .zh ? "先催收欠款，超额部分暂停发货" : "collect the debt before shipping more; hold orders over the limit"
        case .behindPlan:
            return lang == .zh ? "联系客户落实本月订单" : "call to secure this month's order"
        case .overBudget:
            return lang == .zh ? "检查在该客户上的花费，削减费用或调整预算" : "review the spending: cut costs or revise the budget"
        case .stoppedOrdering:
            return lang == .zh ? "尽快拜访或致电，了解停止订货的原因（服务、价格、竞争对手）"
                : "visit or call to find out why they stopped (service, price, competitors)"
        case .keyAccountNoContact:
            return lang == .zh ? "本周拜访或致电这个重点客户" : "visit or call this key account this week"
        case .complaintOpen(let id, _, _, _):
            return lang == .zh ? "处理投诉\(id.rawValue)：确认、解决并回访" : "settle complaint \(id.rawValue): acknowledge, resolve, follow up"
        case .complaintNotAcknowledged(let id, _, _, _):
            return lang == .zh
                ? "今天就回应客户：说“投诉\(id.rawValue)已确认：……”" : "tell the customer today that you are on it: \"acknowledge complaint \(id.rawValue): …\""
        case .complaintFollowUpDue(let id, _, _, _):
            return lang == .zh
                ? "回访客户，确认问题已解决：说“投诉\(id.rawValue)已回访：……”"
                : "check back with the customer that the fix held: \"followed up complaint \(id.rawValue): …\""
        }
    }
}

/// One early warning about one customer.
public struct RiskWarning: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    public var reason: RiskReason
    /// The customer's value tier when known (orders the list: key accounts first).
    public var tier: ValueTier?
    public var kind: WarningKind { reason.kind }

    public init(customerID: CustomerID, customerName: String, ownerID: RepID, reason: RiskReason, tier: ValueTier?) {
        self.customerID = customerID
        self.customerName = customerName
        self.ownerID = ownerID
        self.reason = reason
        self.tier = tier
    }
}

/// The four early warnings of domain §10, from ``CustomerFacts``.
///
/// Pure: no I/O, no clock (`asOf` is today). Scope is the caller's job — pass only the
/// facts of the customers the rep may see (the store's `insightFacts(_:in:)` does that).
///
/// Usage:
/// ```swift
/// let warnings = RiskRules.evaluate(facts, asOf: today, tiers: tiers.tiers)
/// ```
public enum RiskRules {
    /// Every warning for every customer, key accounts first (by tier, then by the
    /// customer's revenue in the window, then name), each customer's warnings in the order
    /// credit, sales progress, expense, churn.
    /// - Parameter tiers: value tiers (from ``TierCalculator``); a customer in tier `key` counts
    ///   as a key account for the no-contact rule, as does one in funnel stage `key`.
    public static func evaluate(
        _ facts: [CustomerFacts], asOf: CivilDate, tiers: [CustomerID: ValueTier] = [:],
        settings: InsightSettings = .standard
    ) -> [RiskWarning] {
        // Evaluate in place, then sort only the customers with warnings, by index
        // (CustomerFacts is large; moving it around in a sort of 100,000 is what costs).
        var flagged: [(index: Int, rank: Int, reasons: [RiskReason])] = []
        for i in facts.indices {
            let f = facts[i]
            let tier = tiers[f.id]
            let found = reasons(for: f, asOf: asOf, isKeyAccount: f.stage == .key || tier == .key, settings: settings)
            if !found.isEmpty { flagged.append((i, tier.map(Self.rank) ?? 2, found)) }
        }
        flagged.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            let fa = facts[a.index], fb = facts[b.index]
            if fa.revenueInWindow != fb.revenueInWindow { return fa.revenueInWindow > fb.revenueInWindow }
            if fa.name != fb.name { return fa.name < fb.name }
            return fa.id < fb.id
        }
        return flagged.flatMap { entry in
            let f = facts[entry.index]
            return entry.reasons.map {
                RiskWarning(customerID: f.id, customerName: f.name, ownerID: f.ownerID, reason: $0, tier: tiers[f.id])
            }
        }
    }

    /// The warnings (ordered customer by customer, as ``evaluate(_:asOf:tiers:settings:)``
    /// returns them) as one entry per customer, in the same order.
    public static func group(_ warnings: [RiskWarning]) -> [CustomerRisk] {
        var out: [CustomerRisk] = []
        for w in warnings {
            if let i = out.indices.last, out[i].customerID == w.customerID {
                out[i].reasons.append(w.reason)
            } else {
                out.append(
                    CustomerRisk(
                        customerID: w.customerID, customerName: w.customerName, ownerID: w.ownerID, tier: w.tier,
                        reasons: [w.reason]))
            }
        }
        return out
    }

    /// Sort rank of a tier: key first, bad last (unknown counts as small).
    static func rank(_ tier: ValueTier) -> Int {
        switch tier {
        case .key: return 0
        case .ordinary: return 1
        case .small: return 2
        case .bad: return 3
        }
    }

    /// The reasons one customer is at risk (empty when none).
    public static func reasons(
        for f: CustomerFacts, asOf: CivilDate, isKeyAccount: Bool, settings: InsightSettings = .standard
    ) -> [RiskReason] {
        var out: [RiskReason] = []
        // 1. Credit: outstanding (ordered − paid) strictly above the limit.
        if let limit = f.creditLimit, f.balance > limit, f.balance > .zero {
            out.append(.creditOverLimit(outstanding: f.balance, limit: limit))
        }
        // 2. Sales progress: this month's orders below the plan pro-rated to today.
        if let plan = f.salesPlan, plan > .zero, f.stage != .lost, asOf.day >= settings.salesPlanGraceDays {
            let days = CivilDate.daysIn(month: asOf.month, year: asOf.year)
            let day = asOf.day
            // ordered < plan × day / days, in exact integer arithmetic.
            if f.orderedInPeriod.cents.multipliedReportingOverflow(by: Int64(days)).partialValue
                < plan.cents.multipliedReportingOverflow(by: Int64(day)).partialValue
            {
                let expected = Money(cents: plan.cents * Int64(day) / Int64(days))
                out.append(
                    .behindPlan(ordered: f.orderedInPeriod, expected: expected, plan: plan, dayOfPeriod: day, daysInPeriod: days))
            }
        }
        // 3. Expense: cost strictly above the budget.
        if let budget = f.expenseBudget, let cost = f.cost, cost > budget {
            out.append(.overBudget(cost: cost, budget: budget))
        }
        // 4. Churn: stopped ordering; key account without contact; complaints left open.
        if f.stage != .lost, let last = f.lastOrder, f.orderCount > 0 {
            let since = asOf.dayNumber - last.dayNumber
            let threshold = Swift.max(
                Double(settings.churnMinimumDays), (f.medianGapDays ?? 0) * settings.churnGapFactor)
            if Double(since) > threshold {
                out.append(
                    .stoppedOrdering(
                        lastOrder: last, daysSince: since, thresholdDays: threshold,
                        medianGapDays: f.orderCount >= 2 ? f.medianGapDays : nil))
            }
        }
        if isKeyAccount, f.stage != .lost {
            let since = asOf.dayNumber - (f.lastContact?.date ?? f.createdAt.date).dayNumber
            if since > settings.keyAccountContactDays {
                out.append(
                    .keyAccountNoContact(lastContact: f.lastContact, daysSince: since, thresholdDays: settings.keyAccountContactDays))
            }
        }
        for c in f.openComplaints {
            let open = asOf.dayNumber - c.openedAt.date.dayNumber
            if open > settings.complaintOpenDays {
                out.append(
                    .complaintOpen(complaint: c.id, openedAt: c.openedAt, daysOpen: open, thresholdDays: settings.complaintOpenDays))
            } else if c.acknowledgedAt == nil && open > settings.complaintAcknowledgeDays {
                out.append(
                    .complaintNotAcknowledged(
                        complaint: c.id, openedAt: c.openedAt, daysOpen: open, thresholdDays: settings.complaintAcknowledgeDays))
            }
        }
        for c in f.unfollowedComplaints {
            let since = asOf.dayNumber - c.resolvedAt.date.dayNumber
            if since > settings.complaintFollowUpDays {
                out.append(
                    .complaintFollowUpDue(
                        complaint: c.id, resolvedAt: c.resolvedAt, daysSince: since, thresholdDays: settings.complaintFollowUpDays))
            }
        }
        return out
    }
}
