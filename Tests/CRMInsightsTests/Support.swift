import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

/// A date from ISO text; a malformed literal fails the test instead of trapping.
func day(_ s: String) -> CivilDate {
    guard let d = CivilDate(iso: s) else {
        Issue.record("bad date literal \(s)")
        return CivilDate(dayNumber: 0)
    }
    return d
}

func at(_ s: String) -> LocalDateTime {
    guard let d = LocalDateTime(iso: s) else {
        Issue.record("bad moment literal \(s)")
        return LocalDateTime(date: CivilDate(dayNumber: 0))
    }
    return d
}

func money(_ units: Int64) -> Money { Money(cents: units * 100) }

let alice = RepID(1)
let bob = RepID(2)

/// A customer's facts with only what a test sets; created on 2026-01-01, owned by alice.
func fact(
    _ id: Int64, _ name: String = "", owner: RepID = alice, stage: Stage = .customer, created: String = "2026-01-01",
    _ edit: (inout CustomerFacts) -> Void = { _ in }
) -> CustomerFacts {
    var f = CustomerFacts(
        id: CustomerID(id), name: name.isEmpty ? "C\(id)" : name, ownerID: owner, stage: stage, createdAt: at(created))
    edit(&f)
    return f
}

/// Sets the order aggregates as the store computes them for orders every `gap` days,
/// the last on `last`.
func orders(_ f: inout CustomerFacts, count: Int, gap: Double?, last: String, amount: Int64 = 1_000) {
    f.orderCount = count
    f.lastOrder = day(last)
    f.firstOrder = day(last).adding(days: -Int((gap ?? 0) * Double(max(0, count - 1))))
    f.medianGapDays = count >= 2 ? gap : nil
    f.totalOrdered = money(amount * Int64(count))
    f.lastOrderAmount = money(amount)
}
