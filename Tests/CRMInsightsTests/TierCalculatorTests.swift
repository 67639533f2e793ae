import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct TierCalculatorTests {
    private func revenue(_ id: Int64, _ units: Int64, _ edit: (inout CustomerFacts) -> Void = { _ in }) -> CustomerFacts {
        fact(id) {
            $0.revenueInWindow = money(units)
            edit(&$0)
        }
    }

    @Test func eightyFifteenFive() {
        // 50 + 30 reach 80%: key. 10 starts at 80% → ordinary; 5 starts at 90% → ordinary;
        // 3 starts at 95% → small; 2 small.
        let r = TierCalculator.calculate([2, 30, 5, 50, 3, 10].enumerated().map { revenue(Int64($0.offset + 1), $0.element) })
        #expect(r.rows.map(\.profit) == [50, 30, 10, 5, 3, 2].map(money))
        #expect(r.rows.map(\.tier) == [.key, .key, .ordinary, .ordinary, .small, .small])
        #expect(r.totalProfit == money(100))
        let key = r.summary[0]
        #expect(key.tier == .key && key.customers == 2 && key.profit == money(80))
        #expect(abs(key.profitShare - 0.80) < 1e-9)
        #expect(abs(key.customerShare - 2.0 / 6.0) < 1e-9)
        #expect(r.summary.map(\.tier) == [.key, .ordinary, .small, .bad])
        #expect(r.summary[1].profit == money(15))
        #expect(r.summary[2].profit == money(5))
    }

    @Test func theCustomerThatCrossesEightyPercentIsStillKey() {
        // 70 then 20: before 20 the share is 70% < 80% → key, though it ends at 90%.
        let r = TierCalculator.calculate([revenue(1, 70), revenue(2, 20), revenue(3, 10)])
        #expect(r.rows.map(\.tier) == [.key, .key, .ordinary])
    }

    @Test func equalProfitsShareATier() {
        let r = TierCalculator.calculate([revenue(1, 80), revenue(2, 10), revenue(3, 10)])
        // 10 at 80% → ordinary; the second 10 ties with it (would start at 90%) → ordinary too.
        #expect(r.rows.map(\.tier) == [.key, .ordinary, .ordinary])
    }

    @Test func costTurnsRevenueIntoProfit() {
        let r = TierCalculator.calculate([
            revenue(1, 100) { $0.cost = money(90) },  // profit 10
            revenue(2, 50),  // no cost: profit = revenue 50
        ])
        #expect(r.rows.map(\.customerID) == [CustomerID(2), CustomerID(1)])
        #expect(r.rows.map(\.profit) == [money(50), money(10)])
    }

    @Test func badByHandByCreditAndByNegativeMargin() {
        let r = TierCalculator.calculate([
            revenue(1, 100) { $0.tierOverride = .bad },
            revenue(2, 100) {
                $0.totalOrdered = money(100)
                $0.creditLimit = money(50)
            },
            revenue(3, 100) { $0.cost = money(150) },
            revenue(4, 100),
        ])
        let bad = Dictionary(uniqueKeysWithValues: r.rows.map { ($0.customerID.rawValue, $0.badReason) })
        #expect(bad[1] == "override")
        #expect(bad[2] == "credit")
        #expect(bad[3] == "negative_margin")
        #expect(bad[4] == .some(nil))
        #expect(r.tiers[CustomerID(4)] == .key)
        #expect(r.summary[3].customers == 3)
    }

    @Test func zeroAndNegativeProfitIsSmallAndEmptyInputIsEmpty() {
        let r = TierCalculator.calculate([revenue(1, 0), revenue(2, -20)])
        #expect(r.rows.map(\.tier) == [.small, .small])
        #expect(r.totalProfit == .zero)
        let empty = TierCalculator.calculate([])
        #expect(empty.rows.isEmpty)
        #expect(empty.summary.allSatisfy { $0.customers == 0 && $0.profitShare == 0 })
    }

    @Test func rewardWhenTheLatestOrderCrossesAMultipleOfTheThreshold() {
        func total(_ id: Int64, _ units: Int64, last: Int64) -> CustomerFacts {
            fact(id) {
                $0.totalOrdered = money(units)
                $0.lastOrderAmount = money(last)
            }
        }
        let rewards = TierCalculator.rewards([
            total(1, 105_000, last: 10_000),  // 95k → 105k: crossed 100k
            total(2, 95_000, last: 10_000),  // below
            total(3, 205_000, last: 10_000),  // crossed 200k
            total(4, 150_000, last: 10_000),  // 140k → 150k: nothing crossed
            total(5, 100_000, last: 100_000),  // exactly 100k with its first order
        ])
        #expect(rewards.map(\.customerID.rawValue) == [3, 1, 5])
        #expect(rewards.map(\.crossed) == [money(200_000), money(100_000), money(100_000)])
    }

    @Test func pyramidTextIsNarrowAndShowsBothShares() {
        let r = TierCalculator.calculate([2, 30, 5, 50, 3, 10].enumerated().map { revenue(Int64($0.offset + 1), $0.element) })
        let en = TierCalculator.pyramid(r.summary, .en)
        #expect(en.split(separator: "\n").first == "key       customers ███ 33%")
        #expect(en.contains("profit    ████████ 80%"))
        #expect(en.split(separator: "\n").allSatisfy { $0.count <= 36 })
        let zh = TierCalculator.pyramid(r.summary, .zh)
        #expect(zh.hasPrefix("关键客户 客户数 ███ 33%"))
        #expect(TierCalculator.treatment(.bad, .en).contains("end the relationship"))
    }
}
