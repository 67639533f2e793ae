import CRMDomain
import CRMSupport

/// How a run-out date was estimated (domain §11).
public enum ReorderBasis: Hashable, Sendable {
    /// The stated consumption rate (units a day) and the last order's quantity.
    case consumptionRate(unitsPerDay: Double, lastQuantity: Int64)
    /// The rate implied by past orders: the units bought before the last order, used up
    /// over the days from the first order to the last.
    case orderQuantities(unitsPerDay: Double, lastQuantity: Int64, orders: Int)
    /// No quantities: the median gap between orders.
    case orderRhythm(medianGapDays: Double, orders: Int)

    public var code: String {
        switch self {
        case .consumptionRate: return "consumption_rate"
        case .orderQuantities: return "order_quantities"
        case .orderRhythm: return "order_rhythm"
        }
    }

    /// The basis in words, with the numbers.
    public func text(_ lang: Language) -> String {
        switch self {
        case .consumptionRate(let rate, let qty):
            let r = InsightWords.number(rate)
            return lang == .zh ? "\(qty)件，每天用\(r)件（登记的消耗速度）" : "\(qty) units at \(r) a day (stated rate)"
        case .orderQuantities(let rate, let qty, let n):
            let r = InsightWords.number(rate)
            return lang == .zh
                ? "\(qty)件；按\(n)笔订单推算每天约用\(r)件" : "\(qty) units; \(n) orders imply \(r) a day"
        case .orderRhythm(let gap, let n):
            let g = InsightWords.number(gap)
            return lang == .zh ? "按\(n)笔订单，通常每\(g)天订一次" : "\(n) orders, usually every \(g) days"
        }
    }
}

/// A customer's predicted run-out.
public struct ReorderPrediction: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    public var lastOrder: CivilDate
    public var runOut: CivilDate
    /// Days from today to the run-out; negative when it has passed.
    public var daysLeft: Int
    public var basis: ReorderBasis
}

/// A customer owing money, to be collected on its payday.
public struct Collection: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    public var outstanding: Money
    public var payday: Int
}

/// Collections falling due on one date.
public struct CollectionDay: Hashable, Sendable {
    public var date: CivilDate
    public var collections: [Collection]
}

/// Running out (domain §11, the rice shop): when each customer will need to reorder.
///
/// Bases, first that applies: (1) a stated consumption rate with the last order's
/// quantity: run-out = last order + quantity ÷ rate days (rounded down); (2) two or more
/// orders with quantities: rate = (all units − the last order's) ÷ days from the first to
/// the last order, then as (1); (3) two or more orders: last order + the median gap
/// (rounded). One order without a stated rate, or none: no prediction.
public enum ReorderPredictor {
    public static func predict(_ f: CustomerFacts, asOf: CivilDate) -> ReorderPrediction? {
        guard let last = f.lastOrder, f.orderCount > 0, f.stage != .lost else { return nil }
        var basis: ReorderBasis?
        var days: Double?
        if let rate = f.consumptionRate, rate > 0, let qty = f.lastQuantity, qty > 0 {
            basis = .consumptionRate(unitsPerDay: rate, lastQuantity: qty)
            days = Double(qty) / rate
        } else if f.orderCount >= 2, let first = f.firstOrder, let total = f.quantityTotal, let qty = f.lastQuantity,
            qty > 0, total > qty, last.dayNumber > first.dayNumber
        {
            let rate = Double(total - qty) / Double(last.dayNumber - first.dayNumber)
            basis = .orderQuantities(unitsPerDay: rate, lastQuantity: qty, orders: f.orderCount)
            days = Double(qty) / rate
        } else if f.orderCount >= 2, let gap = f.medianGapDays, gap > 0 {
            basis = .orderRhythm(medianGapDays: gap, orders: f.orderCount)
            days = gap.rounded()
        }
        guard let basis, let days, days.isFinite, days < 36_500 else { return nil }
        let runOut = last.adding(days: Int(days.rounded(.down)))
        return ReorderPrediction(
            customerID: f.id, customerName: f.name, ownerID: f.ownerID, lastOrder: last, runOut: runOut,
            daysLeft: runOut.dayNumber - asOf.dayNumber, basis: basis)
    }

    /// Customers running out within `reorderHorizonDays` (today included), or whose run-out
    /// passed at most `reorderOverdueDays` ago; soonest first.
    /// - Parameter within: overrides the horizon (the intent's `within` slot).
    public static func due(
        _ facts: [CustomerFacts], asOf: CivilDate, within: Int? = nil, settings: InsightSettings = .standard
    ) -> [ReorderPrediction] {
        let horizon = max(0, within ?? settings.reorderHorizonDays)
        return facts.compactMap { predict($0, asOf: asOf) }
            .filter { $0.daysLeft <= horizon && $0.daysLeft >= -settings.reorderOverdueDays }
            .sorted { $0.runOut != $1.runOut ? $0.runOut < $1.runOut : $0.customerID < $1.customerID }
    }

    /// The next date on or after `asOf` that is day `payday` of a month (clamped to the
    /// month's length: payday 31 is Feb 28 in February).
    public static func nextPayday(_ payday: Int, after asOf: CivilDate) -> CivilDate {
        let day = max(1, min(31, payday))
        let thisMonth = CivilDate(
            year: asOf.year, month: asOf.month, day: min(day, CivilDate.daysIn(month: asOf.month, year: asOf.year)))
        if let d = thisMonth, d >= asOf { return d }
        let next = asOf.endOfMonth.adding(days: 1)
        return CivilDate(year: next.year, month: next.month, day: min(day, CivilDate.daysIn(month: next.month, year: next.year)))
            ?? next
    }

    /// Customers with outstanding debt and a payday within the horizon, grouped by that date.
    public static func collections(
        _ facts: [CustomerFacts], asOf: CivilDate, within: Int? = nil, settings: InsightSettings = .standard
    ) -> [CollectionDay] {
        let horizon = max(0, within ?? settings.reorderHorizonDays)
        var byDate: [CivilDate: [Collection]] = [:]
        for f in facts {
            guard let payday = f.payday, f.balance > .zero else { continue }
            let date = nextPayday(payday, after: asOf)
            guard date.dayNumber - asOf.dayNumber <= horizon else { continue }
            byDate[date, default: []].append(
                Collection(customerID: f.id, customerName: f.name, ownerID: f.ownerID, outstanding: f.balance, payday: payday))
        }
        return byDate.keys.sorted().map { d in
            CollectionDay(
                date: d,
                collections: (byDate[d] ?? []).sorted {
                    $0.outstanding != $1.outstanding ? $0.outstanding > $1.outstanding : $0.customerID < $1.customerID
                })
        }
    }
}
