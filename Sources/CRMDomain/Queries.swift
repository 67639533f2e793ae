import CRMSupport

/// Which customers a rep may see and change (domain §13): a rep their own,
/// a manager their team's, an admin everything.
public enum AccessScope: Hashable, Sendable {
    case everything
    case owners(Set<RepID>)

    public func allows(owner: RepID) -> Bool {
        switch self {
        case .everything: return true
        case .owners(let set): return set.contains(owner)
        }
    }
}

/// A customer or a contact: what a name in a message can refer to.
public enum PartyRef: Hashable, Sendable {
    case customer(CustomerID)
    case contact(ContactID)
}

/// Which kinds of parties a name lookup is for.
public enum PartyKinds: Hashable, Sendable {
    case any, customers, contacts

    public func includes(_ ref: PartyRef) -> Bool {
        switch (self, ref) {
        case (.any, _), (.customers, .customer), (.contacts, .contact): return true
        default: return false
        }
    }
}

/// A name the resolver can match, with its aliases and where it belongs.
public struct DirectoryEntry: Hashable, Sendable {
    public var ref: PartyRef
    public var name: String
    public var aliases: [String]
    /// The customer this entry is, or the contact belongs to.
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    public init(ref: PartyRef, name: String, aliases: [String], customerID: CustomerID, customerName: String, ownerID: RepID) {
        self.ref = ref
        self.name = name
        self.aliases = aliases
        self.customerID = customerID
        self.customerName = customerName
        self.ownerID = ownerID
    }
}

/// Filters for customer.list.
public struct CustomerFilter: Hashable, Sendable {
    public var stage: Stage?
    public var region: String?
    public var ownerID: RepID?
    public var kind: CustomerKind?
    public var limit: Int
    public init(stage: Stage? = nil, region: String? = nil, ownerID: RepID? = nil, kind: CustomerKind? = nil, limit: Int = 200) {
        self.stage = stage
        self.region = region
        self.ownerID = ownerID
        self.kind = kind
        self.limit = limit
    }
}

/// A row of customer.list: the customer with the figures a list shows.
public struct CustomerSummary: Hashable, Sendable {
    public var customer: Customer
    /// Revenue from orders dated in the window the caller asked for.
    public var revenue: Money
    public var orderCount: Int
    public var lastOrder: CivilDate?
    public var lastActivity: LocalDateTime?
    public init(customer: Customer, revenue: Money, orderCount: Int, lastOrder: CivilDate?, lastActivity: LocalDateTime?) {
        self.customer = customer
        self.revenue = revenue
        self.orderCount = orderCount
        self.lastOrder = lastOrder
        self.lastActivity = lastActivity
    }
}

/// Everything the card (customer.show) shows, read in one transaction.
public struct CustomerCard: Hashable, Sendable {
    public var customer: Customer
    public var owner: Rep
    public var contacts: [Contact]
    /// Newest first, at most `recentLimit`.
    public var recentActivities: [Activity]
    /// Newest first, at most `recentLimit`.
    public var recentOrders: [Order]
    public var orderCount: Int
    public var totalOrdered: Money
    public var totalPaid: Money
    public var openTasks: [TaskItem]
    public var openComplaints: [Complaint]
    /// Customers this one referred, and the one that referred it.
    public var referredOut: [Referral]
    public var referredBy: Referral?
    public init(
        customer: Customer, owner: Rep, contacts: [Contact], recentActivities: [Activity], recentOrders: [Order],
        orderCount: Int, totalOrdered: Money, totalPaid: Money, openTasks: [TaskItem], openComplaints: [Complaint],
        referredOut: [Referral], referredBy: Referral?
    ) {
        self.customer = customer
        self.owner = owner
        self.contacts = contacts
        self.recentActivities = recentActivities
        self.recentOrders = recentOrders
        self.orderCount = orderCount
        self.totalOrdered = totalOrdered
        self.totalPaid = totalPaid
        self.openTasks = openTasks
        self.openComplaints = openComplaints
        self.referredOut = referredOut
        self.referredBy = referredBy
    }

    /// Outstanding debt: ordered minus paid, never below zero.
    public var outstanding: Money { max(.zero, totalOrdered - totalPaid) }
}

/// One record found by a full-text search (``CRMStore/search(_:in:limit:)``).
public struct SearchHit: Sendable, Equatable {
    /// What kind of record matched.
    public enum Kind: String, Sendable, CaseIterable {
        case customer, contact, activity, complaint, objection
    }

    public var kind: Kind
    /// The matching record's id (a customer, contact, activity, complaint or objection).
    public var recordID: Int64
    /// The customer it belongs to (itself for a customer) and that customer's name.
    public var customerID: CustomerID
    public var customerName: String
    /// A contact's name, an activity's type, a complaint's or an objection's kind; nil for a customer.
    public var label: String?
    /// The matching record's text: a note, a complaint, a title; nil for a bare name.
    public var text: String?
    /// When it happened (activities, complaints, objections).
    public var date: LocalDateTime?
    /// True when the search words matched a name, alias or title (listed first).
    public var matchedName: Bool

    public init(
        kind: Kind, recordID: Int64, customerID: CustomerID, customerName: String, label: String? = nil,
        text: String? = nil, date: LocalDateTime? = nil, matchedName: Bool
    ) {
        self.kind = kind
        self.recordID = recordID
        self.customerID = customerID
        self.customerName = customerName
        self.label = label
        self.text = text
        self.date = date
        self.matchedName = matchedName
    }
}

/// A contact in a list (``CRMStore/contacts(in:customer:limit:)``): who, where, their title.
public struct ContactSummary: Hashable, Sendable {
    public var id: ContactID
    public var name: String
    public var title: String?
    public var phone: String?
    public var customerID: CustomerID
    public var customerName: String

    public init(id: ContactID, name: String, title: String?, phone: String?, customerID: CustomerID, customerName: String) {
        self.id = id
        self.name = name
        self.title = title
        self.phone = phone
        self.customerID = customerID
        self.customerName = customerName
    }
}
