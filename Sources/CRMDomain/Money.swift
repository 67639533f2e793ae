/// An amount in the base currency, held exactly in hundredths (cents / 分).
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Hundredths of the base unit.
    public let cents: Int64

    /// The largest amount crmbot accepts: one trillion (1e12) base units.
    /// Anything above is a typo, not an order.
    public static let maximum = Money(cents: 100_000_000_000_000)

    public init(cents: Int64) { self.cents = cents }

    /// Converts a parsed amount (base units, possibly fractional), rounding to cents.
    /// Nil when not finite or beyond ±`maximum`.
    public init?(units: Double) {
        guard units.isFinite, abs(units) <= 1e12 else { return nil }
        self.cents = Int64((units * 100).rounded())
    }

    public static let zero = Money(cents: 0)

    public var isNegative: Bool { cents < 0 }

    /// Base units as a Double (for JSON and ratios).
    public var units: Double { Double(cents) / 100 }

    /// "120000" or "1234.50": plain, no grouping, for JSON-ish text.
    public var plain: String {
        let sign = cents < 0 ? "-" : ""
        let a = cents.magnitude
        let whole = a / 100, frac = a % 100
        return frac == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// "120,000" or "1,234.50": grouped for replies.
    public var grouped: String {
        let sign = cents < 0 ? "-" : ""
        let a = cents.magnitude
        var whole = String(a / 100)
        var groups: [Substring] = []
        while whole.count > 3 {
            groups.insert(Substring(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(Substring(whole), at: 0)
        let frac = a % 100
        return sign + groups.joined(separator: ",") + (frac == 0 ? "" : ".\(frac < 10 ? "0" : "")\(frac)")
    }

    public var description: String { plain }

    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }
    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents &+ b.cents) }
    public static func - (a: Money, b: Money) -> Money { Money(cents: a.cents &- b.cents) }
}
