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
        let s = Substring(iso)
        if s.count == 10 {
            guard let d = CivilDate(iso: s) else { return nil }
            self.init(date: d)
            return
        }
        guard s.count == 16 || s.count == 19 else { return nil }
        let datePart = s.prefix(10)
        let sep = s[s.index(s.startIndex, offsetBy: 10)]
        guard sep == "T" || sep == " ", let d = CivilDate(iso: datePart) else { return nil }
        let time = s.dropFirst(11)
        let hm = time.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count >= 2, hm[0].count == 2, hm[1].count == 2,
            let h = Int(hm[0]), let m = Int(hm[1])
        else { return nil }
        if hm.count == 3 { guard hm[2].count == 2, let sec = Int(hm[2]), (0..<60).contains(sec) else { return nil } }
        self.init(date: d, hour: h, minute: m)
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
