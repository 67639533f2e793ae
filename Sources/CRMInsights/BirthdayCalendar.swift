import CRMDomain
import CRMSupport

/// A birthday falling on a date soon.
public struct UpcomingBirthday: Hashable, Sendable {
    public var fact: BirthdayFact
    public var date: CivilDate
    /// 0 today, 1 tomorrow, …
    public var inDays: Int
    /// The age turned that day, when the birth year is known.
    public var age: Int?
}

/// Birthdays and yearly special days (domain §2, §7: gifts and cards).
public enum BirthdayCalendar {
    /// The next date on or after `from` that is this month-day. Feb 29 falls on Feb 28 in
    /// years without one.
    public static func next(_ md: MonthDay, from: CivilDate) -> CivilDate {
        for year in [from.year, from.year + 1] {
            let day = md.month == 2 && md.day == 29 && !CivilDate.isLeap(year) ? 28 : md.day
            if let d = CivilDate(year: year, month: md.month, day: day), d >= from { return d }
        }
        return from
    }

    /// Birthdays within `days` days from `from` (today is day 0, so 7 covers a week and a
    /// day), soonest first.
    public static func upcoming(_ facts: [BirthdayFact], from: CivilDate, days: Int) -> [UpcomingBirthday] {
        facts.compactMap { f -> UpcomingBirthday? in
            let d = next(f.birthday, from: from)
            let n = d.dayNumber - from.dayNumber
            guard n >= 0, n <= days else { return nil }
            return UpcomingBirthday(fact: f, date: d, inDays: n, age: f.birthday.year.map { d.year - $0 })
        }.sorted { $0.date != $1.date ? $0.date < $1.date : $0.fact.name < $1.fact.name }
    }
}
