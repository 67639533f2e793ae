import Foundation

/// The bot's notion of "now", in the local calendar.
///
/// Injected everywhere time matters so that `--now` / `CRMBOT_NOW` and tests fix it.
public protocol WallClock: Sendable {
    func now() -> LocalDateTime
}

/// A clock that always answers the same instant.
public struct FixedClock: WallClock {
    public let instant: LocalDateTime
    public init(_ instant: LocalDateTime) { self.instant = instant }
    public func now() -> LocalDateTime { instant }
}

/// The system clock, read in the process's local time zone (`TZ`).
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> LocalDateTime {
        let cal = Calendar.current
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
        let date =
            CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
            ?? CivilDate(dayNumber: 0)
        return LocalDateTime(date: date, minuteOfDay: (c.hour ?? 0) * 60 + (c.minute ?? 0))
    }
}
