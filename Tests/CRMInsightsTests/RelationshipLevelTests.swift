import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct RelationshipLevelTests {
    @Test(arguments: [
        (10, 0.5, RelationshipLevel.partnership),
        (10, 0.2, .proactive),
        (10, 0.05, .accountable),
        (100, 0.5, .proactive),
        (100, 0.2, .accountable),
        (100, 0.05, .reactive),
        (1_000, 0.5, .accountable),
        (1_000, 0.2, .reactive),
        (1_000, 0.05, .basic),
    ])
    func kotlerMatrix(customers: Int, margin: Double, expected: RelationshipLevel) {
        #expect(RelationshipLevel.suggest(customers: customers, margin: margin) == expected)
    }

    @Test func boundaries() {
        // 50 customers is still "few"; 500 is still "medium"; 30% is high; 10% is medium.
        #expect(RelationshipLevel.suggest(customers: 50, margin: 0.30) == .partnership)
        #expect(RelationshipLevel.suggest(customers: 51, margin: 0.30) == .proactive)
        #expect(RelationshipLevel.suggest(customers: 500, margin: 0.10) == .accountable)
        #expect(RelationshipLevel.suggest(customers: 501, margin: 0.0999) == .basic)
        #expect(RelationshipLevel.suggest(customers: 0, margin: nil) == .proactive)
        #expect(RelationshipLevel.suggest(customers: 100, margin: .nan) == .accountable)
    }

    @Test func marginFromRevenueAndCost() {
        #expect(RelationshipLevel.margin(revenue: money(100), cost: money(70)) == 0.3)
        #expect(RelationshipLevel.margin(revenue: money(100), cost: nil) == nil)
        #expect(RelationshipLevel.margin(revenue: .zero, cost: money(5)) == nil)
        #expect(RelationshipLevel.margin(revenue: money(100), cost: money(150)) == -0.5)
        #expect(RelationshipLevel.partnership.name(.zh) == "伙伴型")
    }
}
