import CRMIntents
import CRMSupport
import Testing

/// "on the 13th": the next such day on or after today (the clock is Sunday 2026-11-22).
@Suite struct DayOfMonthTests {
    @Test(arguments: [
        ("remind me to call Zhou Hua on the 13th", "2026-12-13"),
        ("remind me to call Zhou Hua on the 22nd", "2026-11-22"),
        ("follow up with wang tong on the 31st", "2026-12-31"),
        ("call Li Na by the 30th", "2026-11-30"),
    ])
    func ordinalDayIsTheNextOneOnOrAfterToday(text: String, due: String) {
        let parsed = Fixture.engine.parse(text, now: CorpusTests.now)
        #expect(parsed.intent == "task.add")
        #expect(parsed[slot: "due"]?.date?.iso == due, "\(parsed.json.serialized)")
    }

    @Test func anImpossibleDayIsReportedNotDropped() {
        let parsed = Fixture.engine.parse("remind me to call Li Na the 32nd", now: CorpusTests.now)
        #expect(parsed[slot: "due"] == nil)
        #expect(parsed.invalid.map(\.slot) == ["due"], "\(parsed.invalid)")
    }

    @Test func aBareNumberStaysPartOfTheName() {
        let parsed = Fixture.engine.parse("show Central Bank 13", now: CorpusTests.now)
        #expect(parsed.json.serialized == #"{"intent":"customer.show","slots":{"who":"Central Bank 13"}}"#)
    }
}
