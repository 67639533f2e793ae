/// A typed row identifier: `RecordID<Customer>` and `RecordID<Contact>` do not mix.
public struct RecordID<Record>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public typealias RepID = RecordID<Rep>
public typealias CustomerID = RecordID<Customer>
public typealias ContactID = RecordID<Contact>
public typealias ActivityID = RecordID<Activity>
public typealias OrderID = RecordID<Order>
public typealias PaymentID = RecordID<Payment>
public typealias TaskID = RecordID<TaskItem>
public typealias ComplaintID = RecordID<Complaint>
public typealias ReferralID = RecordID<Referral>
public typealias ObjectionID = RecordID<Objection>
public typealias DealID = RecordID<Deal>
