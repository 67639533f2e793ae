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
        // A task is done ahead: a day of the month, or a month and day, that has passed is the next one.
        ("记得3号给吴敏送样品", "2026-12-03"),
        ("remind me on oct 5 to renew the contract", "2027-10-05"),
    ])
    func ordinalDayIsTheNextOneOnOrAfterToday(text: String, due: String) {
        let parsed = Fixture.engine.parse(text, now: CorpusTests.now)
        #expect(parsed.intent == "task.add")
        #expect(parsed[slot: "due"]?.date?.iso == due, "\(parsed.json.serialized)")
    }

    /// An English day of the month goes back a month only when the message does not start as
    /// a plan or says it was done.
    @Test(arguments: [
        ("meeting Tessa Morgan at her office on the 2nd at 4:30pm", "task.add", "due", "2026-12-02T16:30"),
        ("visiting Norvale Labs on the 5th", "task.add", "due", "2026-12-05"),
        ("visited acme on the 3rd", "activity.log", "date", "2026-11-03"),
        ("got 250k from Sunrise Logistics Inc on the 20th", "payment.record", "date", "2026-11-20"),
    ])
    func anEnglishDayOfTheMonthFollowsTheTense(text: String, intent: String, slot: String, date: String) {
        let parsed = Fixture.engine.parse(text, now: CorpusTests.now)
        #expect(parsed.intent == intent, "\(parsed.json.serialized)")
        #expect(parsed[slot: slot]?.date?.iso == date, "\(parsed.json.serialized)")
    }

    /// "tmrw afternoon" cut from the end of a name gives its day to a time the phrasing read.
    @Test func aDayCutFromANameJoinsTheTimeRead() {
        let parsed = Fixture.engine.parse("demo for Kestrel Inc tmrw afternoon 3pm", now: CorpusTests.now)
        #expect(parsed.intent == "task.add")
        #expect(parsed[slot: "due"]?.date?.iso == "2026-11-23T15:00", "\(parsed.json.serialized)")
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
