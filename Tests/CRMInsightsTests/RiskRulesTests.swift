import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct RiskRulesTests {
    let today = day("2026-11-22")

    private func reasons(_ f: CustomerFacts, key: Bool = false) -> [RiskReason] {
        RiskRules.reasons(for: f, asOf: today, isKeyAccount: key)
    }

    // MARK: Churn by order rhythm

    @Test func orderingEvery30DaysSilentFor50IsAtRisk() {
        // Median gap 30 → threshold max(30, 1.5 × 30) = 45; 50 > 45.
        let f = fact(1) { orders(&$0, count: 5, gap: 30, last: "2026-10-03") }
        #expect(reasons(f) == [.stoppedOrdering(lastOrder: day("2026-10-03"), daysSince: 50, thresholdDays: 45, medianGapDays: 30)])
    }

    @Test func orderingEvery30DaysSilentFor20IsNot() {
        let f = fact(1) { orders(&$0, count: 5, gap: 30, last: "2026-11-02") }
        #expect(reasons(f).isEmpty)
    }

    @Test func exactlyAtTheThresholdIsNotYetAtRisk() {
        let at45 = fact(1) { orders(&$0, count: 3, gap: 30, last: "2026-10-08") }  // 45 days
        let at46 = fact(2) { orders(&$0, count: 3, gap: 30, last: "2026-10-07") }  // 46 days
        #expect(reasons(at45).isEmpty)
        #expect(reasons(at46).map(\.code) == ["stopped_ordering"])
    }

    @Test func aFrequentBuyerUsesTheThirtyDayMinimum() {
        // Weekly buyer: 1.5 × 7 = 10.5 < 30, so the floor of 30 days applies.
        let at30 = fact(1) { orders(&$0, count: 10, gap: 7, last: "2026-10-23") }
        let at31 = fact(2) { orders(&$0, count: 10, gap: 7, last: "2026-10-22") }
        #expect(reasons(at30).isEmpty)
        #expect(reasons(at31) == [.stoppedOrdering(lastOrder: day("2026-10-22"), daysSince: 31, thresholdDays: 30, medianGapDays: 7)])
    }

    @Test func aSingleOrderHasNoRhythmSoTheMinimumApplies() {
        let at30 = fact(1) { orders(&$0, count: 1, gap: nil, last: "2026-10-23") }
        let at31 = fact(2) { orders(&$0, count: 1, gap: nil, last: "2026-10-22") }
        #expect(reasons(at30).isEmpty)
        #expect(reasons(at31) == [.stoppedOrdering(lastOrder: day("2026-10-22"), daysSince: 31, thresholdDays: 30, medianGapDays: nil)])
    }

    @Test func noOrdersNoChurnWarningAndLostCustomersAreNotChased() {
        #expect(reasons(fact(1)).isEmpty)
        let lost = fact(2, stage: .lost) { orders(&$0, count: 4, gap: 30, last: "2026-01-01") }
        #expect(reasons(lost).isEmpty)
    }

    // MARK: Credit

    @Test func creditOverLimitByOutstandingDebt() {
        let f = fact(1) {
            $0.totalOrdered = money(120_000)
            $0.totalPaid = money(60_000)
            $0.creditLimit = money(50_000)
        }
        #expect(reasons(f) == [.creditOverLimit(outstanding: money(60_000), limit: money(50_000))])
    }

    @Test func creditExactlyAtLimitZeroLimitAndNegativeBalances() {
        let atLimit = fact(1) {
            $0.totalOrdered = money(120_000)
            $0.totalPaid = money(60_000)
            $0.creditLimit = money(60_000)
        }
        let zeroEverything = fact(2) { $0.creditLimit = .zero }
        let paidAhead = fact(3) {
            $0.totalOrdered = money(100)
            $0.totalPaid = money(500)
            $0.creditLimit = .zero
        }
        let refundOnly = fact(4) {
            $0.totalOrdered = money(-100)
            $0.creditLimit = .zero
        }
        let cent = fact(5) {
            $0.totalOrdered = Money(cents: 1)
            $0.creditLimit = .zero
        }
        #expect(reasons(atLimit).isEmpty)
        #expect(reasons(zeroEverything).isEmpty)
        #expect(reasons(paidAhead).isEmpty)
        #expect(reasons(refundOnly).isEmpty)
        #expect(reasons(cent) == [.creditOverLimit(outstanding: Money(cents: 1), limit: .zero)])
    }

    @Test func noCreditLimitNoCreditWarning() {
        let f = fact(1) { $0.totalOrdered = money(1_000_000) }
        #expect(reasons(f).isEmpty)
    }

    // MARK: Sales progress

    @Test func behindThePlanProRatedToTheDay() {
        // November has 30 days; on the 15th, 15/30 of 30,000 = 15,000 is expected.
        let behind = fact(1) {
            $0.salesPlan = money(30_000)
            $0.orderedInPeriod = Money(cents: 1_499_999)
        }
        let onPlan = fact(2) {
            $0.salesPlan = money(30_000)
            $0.orderedInPeriod = money(15_000)
        }
        let mid = day("2026-11-15")
        #expect(
            RiskRules.reasons(for: behind, asOf: mid, isKeyAccount: false) == [
                .behindPlan(ordered: Money(cents: 1_499_999), expected: money(15_000), plan: money(30_000), dayOfPeriod: 15, daysInPeriod: 30)
            ])
        #expect(RiskRules.reasons(for: onPlan, asOf: mid, isKeyAccount: false).isEmpty)
    }

    @Test func noPlanCheckBeforeTheGraceDayOrWithoutAPlan() {
        let f = fact(1) { $0.salesPlan = money(30_000) }
        #expect(RiskRules.reasons(for: f, asOf: day("2026-11-06"), isKeyAccount: false).isEmpty)
        #expect(RiskRules.reasons(for: f, asOf: day("2026-11-07"), isKeyAccount: false).map(\.code) == ["behind_plan"])
        let zeroPlan = fact(2) { $0.salesPlan = .zero }
        #expect(RiskRules.reasons(for: zeroPlan, asOf: day("2026-11-30"), isKeyAccount: false).isEmpty)
    }

    // MARK: Expense

    @Test func expenseOverBudgetStrictly() {
        let over = fact(1) {
            $0.cost = Money(cents: 500_001)
            $0.expenseBudget = money(5_000)
        }
        let equal = fact(2) {
            $0.cost = money(5_000)
            $0.expenseBudget = money(5_000)
        }
        let noCost = fact(3) { $0.expenseBudget = money(5_000) }
        #expect(reasons(over) == [.overBudget(cost: Money(cents: 500_001), budget: money(5_000))])
        #expect(reasons(equal).isEmpty)
        #expect(reasons(noCost).isEmpty)
    }

    // MARK: Key account contact, complaints

    @Test func keyAccountWithoutContactForMoreThan30Days() {
        let at30 = fact(1, stage: .key) { $0.lastContact = at("2026-10-23T10:00") }
        let at31 = fact(2, stage: .key) { $0.lastContact = at("2026-10-22T10:00") }
        let ordinary = fact(3) { $0.lastContact = at("2026-01-22T10:00") }
        #expect(reasons(at30, key: true).isEmpty)
        #expect(
            reasons(at31, key: true) == [
                .keyAccountNoContact(lastContact: at("2026-10-22T10:00"), daysSince: 31, thresholdDays: 30)
            ])
        #expect(reasons(ordinary).isEmpty)
    }

    @Test func keyAccountNeverContactedCountsFromCreation() {
        let f = fact(1, stage: .key, created: "2026-10-13")
        #expect(reasons(f, key: true) == [.keyAccountNoContact(lastContact: nil, daysSince: 40, thresholdDays: 30)])
    }

    @Test func keyTierAlsoMakesAKeyAccount() {
        let f = fact(1) { $0.lastContact = at("2026-09-01") }
        let w = RiskRules.evaluate([f], asOf: today, tiers: [CustomerID(1): .key])
        #expect(w.map(\.reason.code) == ["key_account_no_contact"])
        #expect(RiskRules.evaluate([f], asOf: today).isEmpty)
    }

    @Test func complaintOpenLongerThanSevenDays() {
        let f = fact(1) {
            $0.openComplaints = [
                // 7 days, acknowledged: not yet.
                OpenComplaintFact(id: ComplaintID(7), openedAt: at("2026-11-15T09:00"), acknowledgedAt: at("2026-11-15T11:00")),
                OpenComplaintFact(id: ComplaintID(8), openedAt: at("2026-11-14T09:00")),  // 8 days
            ]
        }
        #expect(
            reasons(f) == [
                .complaintOpen(complaint: ComplaintID(8), openedAt: at("2026-11-14T09:00"), daysOpen: 8, thresholdDays: 7)
            ])
    }

    /// Domain §8, four steps: a complaint nobody acknowledged by the day after, and a
    /// resolved one not followed up within a week, are warnings too.
    @Test func complaintStepsOverdue() {
        let f = fact(1) {
            $0.openComplaints = [
                OpenComplaintFact(id: ComplaintID(1), openedAt: at("2026-11-21T16:00")),  // yesterday: not yet
                OpenComplaintFact(id: ComplaintID(2), openedAt: at("2026-11-20T09:00")),  // 2 days, never acknowledged
                OpenComplaintFact(id: ComplaintID(3), openedAt: at("2026-11-19T09:00"), acknowledgedAt: at("2026-11-19T10:00")),
            ]
            $0.unfollowedComplaints = [
                UnfollowedComplaintFact(id: ComplaintID(4), resolvedAt: at("2026-11-15T09:00")),  // 7 days: not yet
                UnfollowedComplaintFact(id: ComplaintID(5), resolvedAt: at("2026-11-14T09:00")),  // 8 days
            ]
        }
        #expect(
            reasons(f) == [
                .complaintNotAcknowledged(complaint: ComplaintID(2), openedAt: at("2026-11-20T09:00"), daysOpen: 2, thresholdDays: 1),
                .complaintFollowUpDue(complaint: ComplaintID(5), resolvedAt: at("2026-11-14T09:00"), daysSince: 8, thresholdDays: 7),
            ])
        let why = reasons(f).map { $0.why(.en) }
        #expect(why == [
            "complaint 2 not acknowledged to the customer 2 days after it came in (2026-11-20), over 1",
            "complaint 5 resolved on 2026-11-14 and not followed up for 8 days, over 7",
        ])
        #expect(reasons(f).map { $0.nextStep(.zh) }.allSatisfy { $0.contains("投诉") })
    }

    // MARK: Lists

    @Test func emptyInputNoWarnings() {
        #expect(RiskRules.evaluate([], asOf: today).isEmpty)
    }

    @Test func keyAccountsComeFirstThenRevenue() {
        let small = fact(1, "Small") {
            orders(&$0, count: 2, gap: 30, last: "2026-01-01")
            $0.revenueInWindow = money(999_999)
        }
        let key = fact(2, "Key") {
            orders(&$0, count: 2, gap: 30, last: "2026-01-01")
            $0.revenueInWindow = money(10)
            $0.lastContact = at("2026-11-20")  // in touch, so only the churn warning
        }
        let mid = fact(3, "Mid") {
            orders(&$0, count: 2, gap: 30, last: "2026-01-01")
            $0.revenueInWindow = money(500)
        }
        let w = RiskRules.evaluate([small, key, mid], asOf: today, tiers: [CustomerID(2): .key, CustomerID(1): .small])
        #expect(w.map(\.customerName) == ["Key", "Small", "Mid"])
    }

    @Test func aRepSeesOnlyTheirOwnAccountsWarnings() {
        let mine = fact(1, "Mine", owner: alice) { orders(&$0, count: 3, gap: 30, last: "2026-09-01") }
        let theirs = fact(2, "Theirs", owner: bob) { orders(&$0, count: 3, gap: 30, last: "2026-09-01") }
        let scope = AccessScope.owners([alice])
        let visible = [mine, theirs].filter { scope.allows(owner: $0.ownerID) }
        let w = RiskRules.evaluate(visible, asOf: today)
        #expect(w.map(\.customerName) == ["Mine"])
        #expect(RiskRules.evaluate([mine, theirs], asOf: today).count == 2)
    }

    @Test func aCustomerCanCarrySeveralWarningsInKindOrder() {
        let f = fact(1, stage: .key) {
            orders(&$0, count: 4, gap: 30, last: "2026-08-01")
            $0.totalPaid = .zero
            $0.creditLimit = money(1_000)
            $0.cost = money(10)
            $0.expenseBudget = money(5)
            $0.salesPlan = money(3_000)
        }
        #expect(
            RiskRules.evaluate([f], asOf: today).map(\.kind) == [.credit, .salesProgress, .expense, .churn, .churn])
    }

    // MARK: Wording

    @Test func theWhyCarriesTheNumbersInBothLanguages() {
        let r = RiskReason.stoppedOrdering(lastOrder: day("2026-10-03"), daysSince: 50, thresholdDays: 45, medianGapDays: 30)
        #expect(r.why(.en) == "no order for 50 days (last 2026-10-03); usually orders every 30 days, warning after 45")
        #expect(r.why(.zh) == "已50天没有订货（上次 2026-10-03）；通常每30天订一次，超过45天即预警")
        let c = RiskReason.creditOverLimit(outstanding: money(60_000), limit: money(50_000))
        #expect(c.why(.en) == "owes 60,000, over the credit limit of 50,000 by 10,000")
        #expect(c.nextStep(.zh).contains("催收"))
        #expect(WarningKind.churn.name(.zh) == "流失预警")
    }
}
