import CRMDomain
import CRMInsights
import CRMSupport
import Testing

@Suite struct QuotaProgressTests {
    let rep = RepID(1)
    let other = RepID(2)
    func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    func quota(_ r: RepID, _ units: Int64, month: String = "2026-11-01") -> Quota {
        Quota(repID: r, month: day(month), amount: Money(cents: units * 100))
    }

    @Test func behindThePaceOfTheMonthIsAWarningAheadOrOnItIsNot() {
        let quotas = [quota(rep, 30_000), quota(other, 30_000)]
        // Nov 20 of 30 days: 20,000 expected. 19,999 is behind; exactly 20,000 is not.
        let out = QuotaProgress.behind(
            quotas: quotas, ordered: [rep: Money(cents: 1_999_900), other: Money(cents: 2_000_000)], asOf: day("2026-11-20"))
        #expect(out.map(\.repID) == [rep])
        #expect(out.first?.expected == Money(cents: 2_000_000))
        #expect(out.first?.dayOfMonth == 20 && out.first?.daysInMonth == 30)
    }

    @Test func noWarningInTheGraceDaysNorForAnotherMonthsQuota() {
        #expect(QuotaProgress.behind(quotas: [quota(rep, 30_000)], ordered: [:], asOf: day("2026-11-06")).isEmpty)
        #expect(QuotaProgress.behind(quotas: [quota(rep, 30_000, month: "2026-10-01")], ordered: [:], asOf: day("2026-11-20")).isEmpty)
        // A rep with no orders at all is behind, furthest behind first.
        let out = QuotaProgress.behind(
            quotas: [quota(rep, 10_000), quota(other, 90_000)], ordered: [:], asOf: day("2026-11-15"))
        #expect(out.map(\.repID) == [other, rep])
    }
}
