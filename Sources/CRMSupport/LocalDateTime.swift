/// A local date with an optional time of day (minutes since midnight).
///
/// Formats as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, the slot format of the intent spec.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: CivilDate
    /// Minutes since midnight, 0..<1440, or nil for "some time that day".
    public var minuteOfDay: Int?

    public init(date: CivilDate, minuteOfDay: Int? = nil) {
        self.date = date
        if let m = minuteOfDay, (0..<1440).contains(m) {
            self.minuteOfDay = m
        } else {
            self.minuteOfDay = nil
        }
    }

    public init?(date: CivilDate, hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        self.init(date: date, minuteOfDay: hour * 60 + minute)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (seconds dropped);
    /// a space may stand for the `T`.
    public init?(iso: String) {
        var bytes = iso.utf8.makeIterator()
        guard let d = CivilDate.parseISO(&bytes) else { return nil }
        guard let sep = bytes.next() else {
            self.init(date: d)
            return
        }
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: " "),
            let h = ISODigits.read(2, from: &bytes), bytes.next() == UInt8(ascii: ":"),
            let m = ISODigits.read(2, from: &bytes)
        else { return nil }
        if let colon = bytes.next() {
            guard colon == UInt8(ascii: ":"), let sec = ISODigits.read(2, from: &bytes), sec < 60, bytes.next() == nil
            else { return nil }
        }
        self.init(date: d, hour: h, minute: m)
    }

    /// This moment moved by `minutes` (negative: earlier); a date without a time counts from midnight.
    public func adding(minutes: Int) -> LocalDateTime {
        let total = date.dayNumber * 1440 + (minuteOfDay ?? 0) + minutes
        let day = total >= 0 ? total / 1440 : (total - 1439) / 1440
        return LocalDateTime(date: CivilDate(dayNumber: day), minuteOfDay: total - day * 1440)
    }

    public var hour: Int? { minuteOfDay.map { $0 / 60 } }
    public var minute: Int? { minuteOfDay.map { $0 % 60 } }

    public var iso: String {
        guard let m = minuteOfDay else { return date.iso }
        return date.iso + "T" + pad(m / 60, 2) + ":" + pad(m % 60, 2)
    }

    public var description: String { iso }

    /// Orders by date, then time; a date without a time sorts before any time that day.
    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        if a.date != b.date { return a.date < b.date }
        return (a.minuteOfDay ?? -1) < (b.minuteOfDay ?? -1)
    }
}
