/// A calendar date with no time zone (the rep's local calendar).
///
/// Validated on construction: `CivilDate(year: 2026, month: 2, day: 30)` is nil.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or nil when the date does not exist (Feb 30, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (ASCII digits only).
    public init?(iso: some StringProtocol) {
        var utf8 = iso.utf8.makeIterator()
        guard let date = CivilDate.parseISO(&utf8), utf8.next() == nil else { return nil }
        self = date
    }

    /// Reads `YYYY-MM-DD` from the front of `bytes` (the store's and the slots' date format,
    /// read for every row: byte by byte, no splitting).
    static func parseISO(_ bytes: inout some IteratorProtocol<UInt8>) -> CivilDate? {
        guard let y = ISODigits.read(4, from: &bytes), bytes.next() == UInt8(ascii: "-"),
            let m = ISODigits.read(2, from: &bytes), bytes.next() == UInt8(ascii: "-"),
            let d = ISODigits.read(2, from: &bytes)
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Adds months, clamping the day to the month's length (Jan 31 + 1 month = Feb 28/29).
    public func adding(months: Int) -> CivilDate {
        let total = (year * 12 + (month - 1)) + months
        let y = total / 12
        let m = total % 12 + 1
        let d = Swift.min(day, CivilDate.daysIn(month: m, year: y))
        return CivilDate(year: y, month: m, day: d) ?? self
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let w = (dayNumber % 7 + 7) % 7  // 0 = Thursday
        return (w + 3) % 7 + 1
    }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)) ?? self
    }

    public var iso: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

@usableFromInline
func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Fixed-width ASCII numbers in ISO dates and times.
enum ISODigits {
    /// The number written in the next `count` bytes, or nil when one is not a digit.
    static func read(_ count: Int, from bytes: inout some IteratorProtocol<UInt8>) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let b = bytes.next(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        return value
    }
}
