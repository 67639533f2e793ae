/// Keeps a flood from flooding the log: at most one line per kind of event
/// per interval, the next one saying how many were left out.
///
/// Not Sendable: the I/O thread's.
struct LogThrottle {
    private var last: [String: ContinuousClock.Instant] = [:]
    private var skipped: [String: Int] = [:]
    let interval: Duration

    init(interval: Duration = .seconds(1)) { self.interval = interval }

    /// The line to log for an event of `kind`, or nil to leave it out.
    mutating func line(_ kind: String, now: ContinuousClock.Instant, _ text: () -> String) -> String? {
        if let at = last[kind], now - at < interval {
            skipped[kind, default: 0] += 1
            return nil
        }
        last[kind] = now
        let left = skipped.removeValue(forKey: kind) ?? 0
        return left == 0 ? text() : text() + " (and \(left) more like it since the last such line)"
    }
}
