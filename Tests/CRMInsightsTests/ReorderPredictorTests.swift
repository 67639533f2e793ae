import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct ReorderPredictorTests {
    let today = day("2026-11-05")

    @Test func statedConsumptionRateAndLastQuantity() {
        // 20 units at 2 a day last 10 days: Nov 1 + 10 = Nov 11, 6 days from Nov 5.
        let f = fact(1) {
            orders(&$0, count: 1, gap: nil, last: "2026-11-01")
            $0.lastQuantity = 20
            $0.consumptionRate = 2
        }
        let p = ReorderPredictor.predict(f, asOf: today)
        #expect(p?.runOut == day("2026-11-11"))
        #expect(p?.daysLeft == 6)
        #expect(p?.basis == .consumptionRate(unitsPerDay: 2, lastQuantity: 20))
        #expect(ReorderPredictor.due([f], asOf: today).count == 1)
        #expect(ReorderPredictor.due([f], asOf: today, within: 5).isEmpty)
        #expect(ReorderPredictor.due([f], asOf: today, within: 6).count == 1)
    }

    @Test func rateFromOrderQuantities() {
        // Oct 1 and Oct 31, 30 + 30 units: the first 30 lasted 30 days → 1 a day; the last
        // 30 run out on Nov 30.
        let f = fact(1) {
            orders(&$0, count: 2, gap: 30, last: "2026-10-31")
            $0.quantityTotal = 60
            $0.lastQuantity = 30
        }
        let p = ReorderPredictor.predict(f, asOf: today)
        #expect(p?.runOut == day("2026-11-30"))
        #expect(p?.basis == .orderQuantities(unitsPerDay: 1, lastQuantity: 30, orders: 2))
    }

    @Test func rhythmWhenNoQuantities() {
        let f = fact(1) { orders(&$0, count: 3, gap: 14, last: "2026-10-25") }
        let p = ReorderPredictor.predict(f, asOf: today)
        #expect(p?.runOut == day("2026-11-08"))
        #expect(p?.daysLeft == 3)
        #expect(p?.basis.code == "order_rhythm")
        #expect(p?.basis.text(.en) == "3 orders, usually every 14 days")
        #expect(p?.basis.text(.zh) == "按3笔订单，通常每14天订一次")
    }

    @Test func oneOrderWithoutARateOrNoOrdersOrLostHasNoPrediction() {
        let one = fact(1) {
            orders(&$0, count: 1, gap: nil, last: "2026-11-01")
            $0.lastQuantity = 10
            $0.quantityTotal = 10
        }
        let lost = fact(2, stage: .lost) { orders(&$0, count: 3, gap: 14, last: "2026-10-25") }
        let zeroRate = fact(3) {
            orders(&$0, count: 3, gap: 14, last: "2026-10-25")
            $0.consumptionRate = 0
            $0.lastQuantity = 10
        }
        #expect(ReorderPredictor.predict(one, asOf: today) == nil)
        #expect(ReorderPredictor.predict(fact(4), asOf: today) == nil)
        #expect(ReorderPredictor.predict(lost, asOf: today) == nil)
        // A zero rate is ignored; the rhythm still answers.
        #expect(ReorderPredictor.predict(zeroRate, asOf: today)?.basis.code == "order_rhythm")
    }

    @Test func overdueRunOutsAreListedForTwoWeeksOnly() {
        let d14 = fact(1) { orders(&$0, count: 2, gap: 10, last: "2026-10-12") }  // run-out Oct 22: 14 days ago
        let d15 = fact(2) { orders(&$0, count: 2, gap: 10, last: "2026-10-11") }  // Oct 21: 15 days ago
        let due = ReorderPredictor.due([d15, d14], asOf: today)
        #expect(due.map(\.customerID) == [CustomerID(1)])
        #expect(due.first?.daysLeft == -14)
    }

    @Test func dueListIsSoonestFirst() {
        let later = fact(1) { orders(&$0, count: 2, gap: 10, last: "2026-11-01") }  // Nov 11
        let sooner = fact(2) { orders(&$0, count: 2, gap: 10, last: "2026-10-28") }  // Nov 7
        #expect(ReorderPredictor.due([later, sooner], asOf: today).map(\.customerID) == [CustomerID(2), CustomerID(1)])
        #expect(ReorderPredictor.due([], asOf: today).isEmpty)
    }

    @Test func nextPaydayClampsToTheMonth() {
        #expect(ReorderPredictor.nextPayday(25, after: day("2026-11-22")) == day("2026-11-25"))
        #expect(ReorderPredictor.nextPayday(22, after: day("2026-11-22")) == day("2026-11-22"))
        #expect(ReorderPredictor.nextPayday(10, after: day("2026-11-22")) == day("2026-12-10"))
        #expect(ReorderPredictor.nextPayday(31, after: day("2026-02-20")) == day("2026-02-28"))
        #expect(ReorderPredictor.nextPayday(31, after: day("2026-12-31")) == day("2026-12-31"))
        #expect(ReorderPredictor.nextPayday(5, after: day("2026-12-31")) == day("2027-01-05"))
    }

    @Test func collectionsGroupedByPayday() {
        let a = fact(1, "A") {
            $0.payday = 25
            $0.totalOrdered = money(1_000)
        }
        let b = fact(2, "B") {
            $0.payday = 25
            $0.totalOrdered = money(3_000)
            $0.totalPaid = money(1_000)
        }
        let far = fact(3, "Far") {
            $0.payday = 10
            $0.totalOrdered = money(500)
        }
        let paid = fact(4, "Paid") {
            $0.payday = 25
            $0.totalOrdered = money(500)
            $0.totalPaid = money(500)
        }
        let days = ReorderPredictor.collections([a, b, far, paid], asOf: day("2026-11-22"))
        #expect(days.map(\.date) == [day("2026-11-25")])
        #expect(days.first?.collections.map(\.customerName) == ["B", "A"])
        #expect(days.first?.collections.first?.outstanding == money(2_000))
    }
}
