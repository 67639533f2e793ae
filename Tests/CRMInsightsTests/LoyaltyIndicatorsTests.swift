import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct LoyaltyIndicatorsTests {
    let customer = Customer(id: CustomerID(1), kind: .company, name: "Quanyu Hospital", ownerID: alice, createdAt: at("2024-01-01"))

    private func order(_ id: Int64, _ date: String, _ units: Int64) -> Order {
        Order(id: OrderID(id), customerID: CustomerID(1), repID: alice, amount: money(units), date: day(date))
    }

    private func history(
        _ orders: [Order], complaints: Int = 0, price: Int = 0, other: Int = 0, referrals: Int = 0
    ) -> CustomerHistory {
        let c = (0..<complaints).map {
            Complaint(id: ComplaintID(Int64($0)), customerID: CustomerID(1), repID: alice, note: "late", openedAt: at("2026-01-01"))
        }
        let o = (0..<(price + other)).map {
            Objection(
                id: ObjectionID(Int64($0)), customerID: CustomerID(1), repID: alice, kind: $0 < price ? .price : .busy,
                date: day("2026-01-01"))
        }
        return CustomerHistory(
            customer: customer, orders: orders, totalPaid: .zero, complaints: c, objections: o, referralsOut: referrals,
            activityCount: 0)
    }

    @Test func indicatorsWithNumbers() {
        // Two years of orders: 2024-11-22 .. 2026-11-22 is 730 days = 1.998 years.
        let h = history(
            [
                order(1, "2024-11-22", 10_000),
                order(2, "2025-12-01", 20_000),  // previous six months (2025-11-22 .. 2026-05-22]
                order(3, "2026-03-01", 30_000),  // previous six months (2025-11-22 .. 2026-05-22]
                order(4, "2026-08-01", 40_000),  // recent six months
                order(5, "2026-11-01", 50_000),  // recent
            ], complaints: 1, price: 2, other: 1, referrals: 2)
        let r = LoyaltyIndicators.evaluate(h, asOf: day("2026-11-22"))
        #expect(r.orders == 5)
        #expect(r.repeatPurchases == 4)
        #expect(r.totalSpend == money(150_000))
        #expect(r.recentSpend == money(90_000))
        #expect(r.previousSpend == money(50_000))
        #expect(r.trend == .up)
        #expect(abs((r.trendChange ?? 0) - 0.8) < 1e-9)
        #expect(r.complaints == 1)
        #expect(abs(r.complaintRate - 0.2) < 1e-9)
        #expect(r.priceObjections == 2)
        #expect(r.priceSensitive)
        #expect(r.referrals == 2)
        // 150,000 over 730/365.25 years = 75,051.37 a year; × 5 × 1.2 = 450,308.22.
        #expect(r.yearlySpend == Money(cents: 7_505_137))
        #expect(r.lifetimeValue == Money(cents: 45_030_822))
    }

    @Test func steadyWithinTenPercentAndDown() {
        let steady = history([order(1, "2026-03-01", 100), order(2, "2026-09-01", 105)])
        #expect(LoyaltyIndicators.evaluate(steady, asOf: day("2026-11-22")).trend == .steady)
        let down = history([order(1, "2026-03-01", 100), order(2, "2026-09-01", 50)])
        #expect(LoyaltyIndicators.evaluate(down, asOf: day("2026-11-22")).trend == .down)
        let stopped = history([order(1, "2026-03-01", 100)])
        #expect(LoyaltyIndicators.evaluate(stopped, asOf: day("2026-11-22")).trend == .down)
        let new = history([order(1, "2026-10-01", 100)])
        #expect(LoyaltyIndicators.evaluate(new, asOf: day("2026-11-22")).trend == .new)
    }

    @Test func noOrdersAndAYoungCustomerCountAsOneYear() {
        let none = LoyaltyIndicators.evaluate(history([]), asOf: day("2026-11-22"))
        #expect(none.trend == .none)
        #expect(none.complaintRate == 0)
        #expect(none.lifetimeValue == .zero)
        #expect(none.repeatPurchases == 0)
        // One order a month ago: yearly spend is the spend (minimum one year), LTV 5×.
        let young = LoyaltyIndicators.evaluate(history([order(1, "2026-10-22", 1_000)]), asOf: day("2026-11-22"))
        #expect(young.yearlySpend == money(1_000))
        #expect(young.lifetimeValue == money(5_000))
        #expect(!young.priceSensitive)
    }

    @Test func ordersAfterTodayAreIgnoredAndNegativeAmountsSubtract() {
        let h = history([order(1, "2026-10-01", 1_000), order(2, "2026-10-05", -200), order(3, "2026-12-01", 9_999)])
        let r = LoyaltyIndicators.evaluate(h, asOf: day("2026-11-22"))
        #expect(r.orders == 2)
        #expect(r.totalSpend == money(800))
    }
}
