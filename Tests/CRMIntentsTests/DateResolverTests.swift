import CRMSupport
import Testing

@testable import CRMIntents

/// Dates against Sunday 2026-11-22 09:30 (``Fixture/now``).
@Suite struct DateResolverTests {
    static let resolver = DateResolver(lexicon: Fixture.engine.compiled.tables)

    static func resolve(_ text: String) -> String? {
        switch resolver.resolve(words(text), now: Fixture.now) {
        case .valid(let d)?: return d.iso
        case .invalid?: return "invalid"
        case nil: return nil
        }
    }

    static let english: [(String, String)] = [
        ("today", "2026-11-22"), ("tomorrow", "2026-11-23"), ("yesterday", "2026-11-21"),
        ("day after tomorrow", "2026-11-24"), ("the day before yesterday", "2026-11-20"),
        // Weekdays: a bare weekday is the next one; "next" is next calendar week.
        ("next Tuesday", "2026-11-24"), ("this Friday", "2026-11-27"), ("on Monday", "2026-11-23"),
        ("Tuesday", "2026-11-24"), ("sunday", "2026-11-29"),
        // Said on a Sunday, "last Friday" is two days ago (上周五 is a week earlier, below).
        ("last Friday", "2026-11-20"), ("last tue", "2026-11-17"), ("last sunday", "2026-11-15"),
        ("next sunday", "2026-11-29"),
        ("in 3 days", "2026-11-25"), ("in two weeks", "2026-12-06"), ("3 days ago", "2026-11-19"),
        ("in a month", "2026-12-22"), ("2 weeks from now", "2026-12-06"),
        // Hours and minutes count from now (09:30), across midnight too.
        ("in 2 hours", "2026-11-22T11:30"), ("in 2 hrs", "2026-11-22T11:30"), ("in 45 minutes", "2026-11-22T10:15"),
        ("3 hours from now", "2026-11-22T12:30"), ("in 20 hours", "2026-11-23T05:30"),
        ("end of month", "2026-11-30"), ("end of the month", "2026-11-30"), ("end of next month", "2026-12-31"),
        ("next week", "2026-11-23"), ("next month", "2026-12-01"),
        // Without a year: the nearest occurrence.
        ("May 3", "2027-05-03"), ("3 May", "2027-05-03"), ("May 3rd", "2027-05-03"), ("5/3", "2027-05-03"),
        ("Dec 1", "2026-12-01"), ("oct 30", "2026-10-30"), ("2026-05-03", "2026-05-03"), ("5/3/2026", "2026-05-03"),
        ("by Friday", "2026-11-27"),
        // A month alone is the first of the nearest such month; "may" alone is no date.
        ("december", "2026-12-01"), ("october", "2026-10-01"), ("Feb", "2027-02-01"),
        // Times.
        ("at 3pm", "2026-11-22T15:00"), ("15:00", "2026-11-22T15:00"), ("9am", "2026-11-22T09:00"),
        ("tomorrow at 3pm", "2026-11-23T15:00"), ("tomorrow 9:30am", "2026-11-23T09:30"),
        ("next Tuesday at 10am", "2026-11-24T10:00"), ("at 3", "2026-11-22T15:00"), ("noon", "2026-11-22T12:00"),
        ("tomorrow morning", "2026-11-23"), ("3 pm tomorrow", "2026-11-23T15:00"),
    ]

    static let chinese: [(String, String)] = [
        ("今天", "2026-11-22"), ("明天", "2026-11-23"), ("昨天", "2026-11-21"), ("前天", "2026-11-20"),
        ("后天", "2026-11-24"), ("大后天", "2026-11-25"),
        ("下个月15号", "2026-12-15"), ("这个月30日", "2026-11-30"), ("这个月31号", "invalid"), ("两个小时后", "2026-11-22T11:30"), ("30分钟后", "2026-11-22T10:00"), ("3个钟头以后", "2026-11-22T12:30"),
        ("下周二", "2026-11-24"), ("这周五", "2026-11-20"), ("本周五", "2026-11-20"), ("周三", "2026-11-25"),
        ("星期三", "2026-11-25"), ("礼拜三", "2026-11-25"), ("上周五", "2026-11-13"), ("下个星期一", "2026-11-23"),
        ("三天后", "2026-11-25"), ("3天后", "2026-11-25"), ("两周后", "2026-12-06"), ("三天前", "2026-11-19"),
        ("一个月后", "2026-12-22"), ("两个星期后", "2026-12-06"),
        ("月底", "2026-11-30"), ("下个月", "2026-12-01"), ("下周", "2026-11-23"), ("下个月底", "2026-12-31"),
        ("5月3日", "2027-05-03"), ("5月3号", "2027-05-03"), ("五月三日", "2027-05-03"), ("十二月二十五日", "2026-12-25"),
        ("2026年5月3日", "2026-05-03"), ("25号", "2026-11-25"), ("12月", "2026-12-01"), ("十月", "2026-10-01"),
        ("下午3点", "2026-11-22T15:00"), ("上午十点", "2026-11-22T10:00"), ("晚上8点半", "2026-11-22T20:30"),
        ("明天下午3点", "2026-11-23T15:00"), ("下周二上午9点", "2026-11-24T09:00"), ("3点15分", "2026-11-22T03:15"),
        ("中午12点", "2026-11-22T12:00"), ("明天下午", "2026-11-23"),
    ]

    @Test(arguments: english)
    func englishDates(_ text: String, _ expected: String) {
        #expect(Self.resolve(text) == expected, "\(text)")
    }

    @Test(arguments: chinese)
    func chineseDates(_ text: String, _ expected: String) {
        #expect(Self.resolve(text) == expected, "\(text)")
    }

    @Test(arguments: ["Feb 30", "February 30", "2月30日", "13/45", "2026-02-30", "4/31", "二月三十日"])
    func impossibleDatesAreInvalid(_ text: String) {
        #expect(Self.resolve(text) == "invalid", "\(text)")
    }

    @Test(arguments: ["", "Wang Tong", "3", "1.5", "pricing", "next", "in days", "周", "hello tomorrow", "25:00", "may", "March", "12月3"])
    func notDates(_ text: String) {
        #expect(Self.resolve(text) == nil, "\(text)")
    }

    @Test func nextWeekdayRuleDependsOnTheDayItIsSaid() {
        // Said on Monday 2026-11-23, "next Tuesday" is the Tuesday of the following week.
        let monday = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 23)!)
        let r = Self.resolver.resolve(words("next Tuesday"), now: monday)
        #expect(r == .valid(LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 1)!)))
        let zh = Self.resolver.resolve(words("下周二"), now: monday)
        #expect(zh == r)
    }

    @Test func lastWeekdayIsLastCalendarWeekExceptEnglishOnASunday() {
        // Said on Thursday 2026-11-26, "last Tuesday" and 上周二 are both 2026-11-17, not two days ago.
        let thursday = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 26)!)
        let tuesday = DateParse.valid(LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 17)!))
        #expect(Self.resolver.resolve(words("last Tuesday"), now: thursday) == tuesday)
        #expect(Self.resolver.resolve(words("上周二"), now: thursday) == tuesday)
        // Said on a Sunday, English "last Friday" is two days ago and 上周五 nine.
        #expect(Self.resolve("last Friday") == "2026-11-20")
        #expect(Self.resolve("上周五") == "2026-11-13")
    }

    @Test func monthArithmeticClampsTheDay() {
        let jan31 = LocalDateTime(date: CivilDate(year: 2027, month: 1, day: 31)!)
        #expect(Self.resolver.resolve(words("in a month"), now: jan31)
            == .valid(LocalDateTime(date: CivilDate(year: 2027, month: 2, day: 28)!)))
    }
}
