import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct BirthdayCalendarTests {
    private func birthday(_ name: String, _ iso: String) -> BirthdayFact {
        BirthdayFact(
            customerID: CustomerID(1), customerName: "Quanyu Hospital", name: name, birthday: MonthDay(iso: iso) ?? MonthDay(month: 1, day: 1)!,
            ownerID: alice)
    }

    @Test func nextOccurrenceAcrossTheYearEndAndLeapDays() {
        #expect(BirthdayCalendar.next(MonthDay(month: 5, day: 3)!, from: day("2026-11-22")) == day("2027-05-03"))
        #expect(BirthdayCalendar.next(MonthDay(month: 11, day: 22)!, from: day("2026-11-22")) == day("2026-11-22"))
        #expect(BirthdayCalendar.next(MonthDay(month: 2, day: 29)!, from: day("2026-02-01")) == day("2026-02-28"))
        #expect(BirthdayCalendar.next(MonthDay(month: 2, day: 29)!, from: day("2028-02-01")) == day("2028-02-29"))
    }

    @Test func upcomingWithinTheHorizonSoonestFirstWithAge() {
        let list = [
            birthday("Zhou Hua", "--01-02"),
            birthday("Wang Tong", "1996-12-29"),
            birthday("Later", "--01-06"),
            birthday("Yesterday", "--12-27"),
        ]
        let up = BirthdayCalendar.upcoming(list, from: day("2026-12-28"), days: 7)
        #expect(up.map(\.fact.name) == ["Wang Tong", "Zhou Hua"])
        #expect(up.map(\.inDays) == [1, 5])
        #expect(up.first?.age == 30)
        #expect(up.last?.age == nil)
        // Day 8 is outside a 7-day horizon; exactly day 7 is inside.
        #expect(BirthdayCalendar.upcoming([birthday("Seven", "--01-04")], from: day("2026-12-28"), days: 7).count == 1)
        #expect(BirthdayCalendar.upcoming([birthday("Eight", "--01-05")], from: day("2026-12-28"), days: 7).isEmpty)
        #expect(BirthdayCalendar.upcoming([], from: day("2026-12-28"), days: 7).isEmpty)
    }
}
