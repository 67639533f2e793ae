import CRMSupport

/// How many records hang on one customer: what deleting it takes away (and `restore`
/// brings back), or what merging it moves to the customer kept.
public struct CustomerFootprint: Hashable, Sendable {
    public var contacts = 0
    public var activities = 0
    public var orders = 0
    public var payments = 0
    public var tasks = 0
    public var complaints = 0
    public var deals = 0
    public var referrals = 0
    public var objections = 0
    public init() {}

    /// Every record counted, contacts included.
    public var total: Int { contacts + activities + orders + payments + tasks + complaints + deals + referrals + objections }

    /// The non-zero counts, by record kind, in a fixed order (for replies).
    public var counts: [(kind: String, count: Int)] {
        [
            ("contacts", contacts), ("activities", activities), ("orders", orders), ("payments", payments),
            ("tasks", tasks), ("complaints", complaints), ("deals", deals), ("referrals", referrals),
            ("objections", objections),
        ].filter { $0.1 > 0 }
    }
}

/// A customer deleted with all its records, waiting to be restored (`customer.restore`).
///
/// Deleting takes the customer and every record about it out of every list, search,
/// warning and report; restoring brings each back with its id, as it was.
public struct DeletedCustomer: Hashable, Sendable {
    /// The deletion's own id (one customer may be deleted, restored and deleted again).
    public var id: Int64
    public var customerID: CustomerID
    public var name: String
    /// The customer's owner when it was deleted.
    public var ownerID: RepID
    public var deletedBy: RepID
    public var deletedAt: LocalDateTime
    /// Records deleted with it, contacts included.
    public var records: Int
    public init(
        id: Int64, customerID: CustomerID, name: String, ownerID: RepID, deletedBy: RepID, deletedAt: LocalDateTime,
        records: Int
    ) {
        (self.id, self.customerID, self.name, self.ownerID) = (id, customerID, name, ownerID)
        (self.deletedBy, self.deletedAt, self.records) = (deletedBy, deletedAt, records)
    }
}

/// What ``CRMStore/mergeCustomer(_:into:_:)`` did.
public struct MergeOutcome: Hashable, Sendable {
    /// The customer kept, as it is after the merge.
    public var customer: Customer
    /// The records moved to it from the customer merged away.
    public var moved: CustomerFootprint
    /// The fields of the kept customer that were empty and took the other's value.
    public var filled: [String]
    public init(customer: Customer, moved: CustomerFootprint, filled: [String]) {
        (self.customer, self.moved, self.filled) = (customer, moved, filled)
    }
}
