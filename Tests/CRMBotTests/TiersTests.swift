import CRMDomain
import Testing

@testable import CRMBot

@Suite struct TiersTests {
    func input(_ id: Int64, _ units: Int64, _ override: ValueTier? = nil) -> Tiers.Input {
        Tiers.Input(id: CustomerID(id), revenue: Money(cents: units * 100), override: override)
    }

    @Test func eightyFifteenFive() {
        // Shares: 50, 25, 10, 8, 4, 2, 1 (of 100).
        let t = Tiers.assign([
            input(1, 50), input(2, 25), input(3, 10), input(4, 8), input(5, 4), input(6, 2), input(7, 1),
        ])
        #expect(t[CustomerID(1)] == .key)
        #expect(t[CustomerID(2)] == .key)
        #expect(t[CustomerID(3)] == .key)  // crosses 80%: still key
        #expect(t[CustomerID(4)] == .ordinary)
        #expect(t[CustomerID(5)] == .ordinary)  // 93% before it
        #expect(t[CustomerID(6)] == .small)  // 97% before it
        #expect(t[CustomerID(7)] == .small)
    }

    @Test func badOverrideAndNoRevenue() {
        let t = Tiers.assign([input(1, 100, .bad), input(2, 0), input(3, 10)])
        #expect(t[CustomerID(1)] == .bad)
        #expect(t[CustomerID(2)] == .small)
        #expect(t[CustomerID(3)] == .ordinary)
    }

    @Test func nothingSoldMeansAllSmall() {
        let t = Tiers.assign([input(1, 0), input(2, 0)])
        #expect(t.values.allSatisfy { $0 == .small })
    }
}
