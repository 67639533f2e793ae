import CRMSupport
import Testing

@Suite struct CivilDateTests {
    @Test func impossibleDatesAreRefused() {
        #expect(CivilDate(year: 2026, month: 2, day: 30) == nil)
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2028, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
    }

    @Test(arguments: ["2026-11-22", "1970-01-01", "2000-02-29", "1969-12-31", "9999-12-31"])
    func dayNumberRoundTrips(iso: String) throws {
        let d = try #require(CivilDate(iso: iso))
        #expect(CivilDate(dayNumber: d.dayNumber) == d)
        #expect(d.iso == iso)
    }

    @Test func knownDayNumbersAndWeekdays() throws {
        #expect(try #require(CivilDate(iso: "1970-01-01")).dayNumber == 0)
        #expect(try #require(CivilDate(iso: "1970-01-02")).dayNumber == 1)
        // 2026-11-22 is a Sunday (ISO weekday 7); 2026-11-24 a Tuesday.
        #expect(try #require(CivilDate(iso: "2026-11-22")).weekday == 7)
        #expect(try #require(CivilDate(iso: "2026-11-24")).weekday == 2)
        #expect(try #require(CivilDate(iso: "1970-01-01")).weekday == 4)
    }

    @Test func arithmetic() throws {
        let d = try #require(CivilDate(iso: "2026-01-31"))
        #expect(d.adding(months: 1).iso == "2026-02-28")
        #expect(d.adding(days: 30).iso == "2026-03-02")
        #expect(d.adding(months: -2).iso == "2025-11-30")
        #expect(try #require(CivilDate(iso: "2028-02-10")).endOfMonth.iso == "2028-02-29")
    }

    @Test(arguments: [
        "2026-2-3", "26-02-03", "2026-02-3x", "", "2026/02/03", "2026-02-30", "+026-02-03", "2026-02-031",
        "2026-02-03 ", "２０２６-02-03", "2026-0２-03", "0000-01-01",
    ])
    func malformedISOIsRefused(iso: String) {
        #expect(CivilDate(iso: iso) == nil)
    }
}

@Suite struct LocalDateTimeTests {
    @Test func parsesAndFormats() throws {
        #expect(try #require(LocalDateTime(iso: "2026-11-22T09:05")).iso == "2026-11-22T09:05")
        #expect(try #require(LocalDateTime(iso: "2026-11-22 23:59:30")).iso == "2026-11-22T23:59")
        #expect(try #require(LocalDateTime(iso: "2026-11-22")).iso == "2026-11-22")
        #expect(LocalDateTime(iso: "2026-11-22T24:00") == nil)
        #expect(LocalDateTime(iso: "2026-11-22T12:60") == nil)
        #expect(LocalDateTime(iso: "2026-11-22X12:00") == nil)
        for bad in [
            "2026-11-22T9:05", "2026-11-22T09:5", "2026-11-22T09:05:60", "2026-11-22T09:05:5", "2026-11-22T09:05:59Z",
            "2026-11-22T", "2026-11-22 ", "2026-11-22T09-05", "2026-11-22T-9:05", "2026-11-22T09:05:",
        ] {
            #expect(LocalDateTime(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func ordersDateOnlyBeforeTimes() throws {
        let day = try #require(LocalDateTime(iso: "2026-11-22"))
        let morning = try #require(LocalDateTime(iso: "2026-11-22T00:00"))
        let next = try #require(LocalDateTime(iso: "2026-11-23"))
        #expect(day < morning)
        #expect(morning < next)
    }
}
