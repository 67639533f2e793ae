import CRMSupport

/// When a rep's reading of customer data in one day is unusual (domain §13:
/// staff copying the customer database before they leave).
///
/// A day is unusual when the rep read at least ``minimumReads`` cards and
/// lists and more than ``factor`` times their norm: the median of their
/// reads on the days they read anything in the ``windowDays`` days before
/// (0 when they read nothing then, so the floor alone decides for a new rep).
/// Days without reads are left out of the norm, so a part-timer's or a
/// holiday's empty days do not make an ordinary working day look unusual.
public struct BulkReadRule: Sendable, Hashable {
    /// How many times the norm a day must exceed.
    public var factor: Double
    /// Fewest reads in a day that can be unusual.
    public var minimumReads: Int
    /// Days before the day that make the norm.
    public var windowDays: Int

    public init(factor: Double = 3, minimumReads: Int = 50, windowDays: Int = 14) {
        self.factor = factor
        self.minimumReads = minimumReads
        self.windowDays = windowDays
    }

    /// The median of the reading days' counts; 0 without any.
    public func norm(_ earlierDays: [Int]) -> Double {
        let days = earlierDays.filter { $0 > 0 }.sorted()
        guard !days.isEmpty else { return 0 }
        let middle = days.count / 2
        return days.count % 2 == 1 ? Double(days[middle]) : Double(days[middle - 1] + days[middle]) / 2
    }

    /// Whether `reads` in a day is unusual against `norm`.
    public func isUnusual(reads: Int, norm: Double) -> Bool {
        reads >= minimumReads && Double(reads) > factor * norm
    }
}

/// Reads of customer data (cards and lists) by one rep on one day, to add to
/// the stored count.
public struct ReadCount: Sendable, Hashable {
    public var repID: RepID
    public var day: CivilDate
    public var reads: Int

    public init(repID: RepID, day: CivilDate, reads: Int) {
        self.repID = repID
        self.day = day
        self.reads = reads
    }
}

/// A rep's day of unusual reading, flagged once (see ``BulkReadRule``).
public struct UnusualReading: Sendable, Hashable {
    public var repID: RepID
    public var repName: String
    public var day: CivilDate
    /// Reads that day so far (at least the number that flagged it).
    public var reads: Int
    /// The rep's norm then (median reads of their reading days before).
    public var norm: Double
    public var flaggedAt: LocalDateTime

    public init(repID: RepID, repName: String, day: CivilDate, reads: Int, norm: Double, flaggedAt: LocalDateTime) {
        self.repID = repID
        self.repName = repName
        self.day = day
        self.reads = reads
        self.norm = norm
        self.flaggedAt = flaggedAt
    }
}

/// Defaults for the read counts of ``CRMStore``, so a store written before
/// them (a test double) still conforms; each answers `.other` ("not
/// supported"). Real stores implement them.
extension CRMStore {
    public func recordReads(_ counts: [ReadCount], rule: BulkReadRule, at: LocalDateTime) async throws
        -> [UnusualReading]
    {
        throw StoreError(.other, "This store does not count reads.", context: "\(Self.self) lacks recordReads")
    }

    public func unusualReadings(from: CivilDate, through: CivilDate) async throws -> [UnusualReading] {
        throw StoreError(.other, "This store does not count reads.", context: "\(Self.self) lacks unusualReadings")
    }
}
