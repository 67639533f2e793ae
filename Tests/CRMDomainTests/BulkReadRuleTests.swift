import CRMDomain
import Testing

@Suite struct BulkReadRuleTests {
    let rule = BulkReadRule()

    @Test func theNormIsTheMedianOfTheDaysWithReads() {
        #expect(rule.norm([]) == 0)
        #expect(rule.norm([0, 0, 0]) == 0)
        #expect(rule.norm([10, 0, 30, 20, 0]) == 20)  // days without reads are left out
        #expect(rule.norm([10, 20, 30, 40]) == 25)
    }

    @Test func aDayIsUnusualFromTheFloorAndOverThreeTimesTheNorm() {
        #expect(!rule.isUnusual(reads: 60, norm: 20))  // not over 3 × 20
        #expect(rule.isUnusual(reads: 61, norm: 20))
        #expect(!rule.isUnusual(reads: 49, norm: 0))  // under the floor of 50
        #expect(rule.isUnusual(reads: 50, norm: 0))
        #expect(!rule.isUnusual(reads: 400, norm: 200))
        #expect(BulkReadRule(factor: 2, minimumReads: 5).isUnusual(reads: 5, norm: 2))
    }
}
