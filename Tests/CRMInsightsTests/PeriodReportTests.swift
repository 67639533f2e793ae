import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct PeriodReportTests {
    @Test func periodRangesToDate() {
        // 2026-11-22 is a Sunday.
        #expect(ReportPeriod.week.range(containing: day("2026-11-22")) == (day("2026-11-16"), day("2026-11-22")))
        #expect(ReportPeriod.week.range(containing: day("2026-11-16")) == (day("2026-11-16"), day("2026-11-16")))
        #expect(ReportPeriod.month.range(containing: day("2026-11-22")) == (day("2026-11-01"), day("2026-11-22")))
        #expect(ReportPeriod.quarter.range(containing: day("2026-11-22")) == (day("2026-10-01"), day("2026-11-22")))
        #expect(ReportPeriod.quarter.range(containing: day("2026-03-31")) == (day("2026-01-01"), day("2026-03-31")))
    }

    private func warning(_ id: Int64, owner: RepID, _ reason: RiskReason) -> RiskWarning {
        RiskWarning(customerID: CustomerID(id), customerName: "C\(id)", ownerID: owner, reason: reason, tier: nil)
    }

    @Test func perRepAndTeamWithWarningsRaisedAndCleared() {
        let credit = RiskReason.creditOverLimit(outstanding: money(10), limit: money(5))
        let stopped = RiskReason.stoppedOrdering(lastOrder: day("2026-09-01"), daysSince: 50, thresholdDays: 45, medianGapDays: 30)
        let stoppedLater = RiskReason.stoppedOrdering(lastOrder: day("2026-09-01"), daysSince: 80, thresholdDays: 45, medianGapDays: 30)
        let before = [warning(1, owner: alice, credit), warning(2, owner: bob, stopped)]
        // Customer 2's warning persists (its numbers changed: still the same warning);
        // customer 1's credit warning cleared; customer 3's is new.
        let after = [warning(2, owner: bob, stoppedLater), warning(3, owner: alice, credit)]
        let move = StageMove(customerID: CustomerID(1), repID: alice, from: .prospect, to: .customer, at: at("2026-11-20T10:00"))
        let facts = [
            RepPeriodFacts(repID: alice, activities: [.visit: 3, .call: 2], newCustomers: 1, orderCount: 2, revenue: money(500), stageMoves: [move]),
            RepPeriodFacts(repID: bob, activities: [.call: 4], orderCount: 1, revenue: money(100)),
        ]
        let r = PeriodReport.build(
            period: .week, from: day("2026-11-16"), through: day("2026-11-22"), facts: facts, warningsBefore: before,
            warningsAfter: after)
        #expect(r.reps.map(\.repID) == [alice, bob])
        #expect(r.reps[0].activityTotal == 5)
        #expect(r.reps[0].warningsRaised.map(\.customerID.rawValue) == [3])
        #expect(r.reps[0].warningsCleared.map(\.customerID.rawValue) == [1])
        #expect(r.reps[1].warningsRaised.isEmpty && r.reps[1].warningsCleared.isEmpty)
        #expect(r.team.activities == [.visit: 3, .call: 6])
        #expect(r.team.activityTotal == 9)
        #expect(r.team.orderCount == 3)
        #expect(r.team.revenue == money(600))
        #expect(r.team.newCustomers == 1)
        #expect(r.team.stageMoves == [move])
    }

    @Test func emptyPeriod() {
        let r = PeriodReport.build(period: .month, from: day("2026-11-01"), through: day("2026-11-22"), facts: [], warningsBefore: [], warningsAfter: [])
        #expect(r.reps.isEmpty)
        #expect(r.team.activityTotal == 0 && r.team.revenue == .zero)
    }
}
