import CRMSupport

/// Who makes a write, when, and as which intent: every write is recorded in
/// the change log under this context, and `undo` reverts the rep's last one.
public struct WriteContext: Hashable, Sendable {
    public var repID: RepID
    public var at: LocalDateTime
    /// The intent name (`activity.log`, …) the change log records.
    public var action: String
    /// The request's idempotency key, recorded with the change in the same transaction,
    /// so a retry can tell the write already happened.
    public var requestKey: String?
    /// Which attempt of the keyed request this is: a write under a key that another
    /// attempt already used is refused with ``StoreError/Code/requestHandled`` (two
    /// processes, or two connections, running the same retried request).
    public var requestAttempt: String?
    public init(repID: RepID, at: LocalDateTime, action: String, requestKey: String? = nil, requestAttempt: String? = nil) {
        self.repID = repID
        self.at = at
        self.action = action
        self.requestKey = requestKey
        self.requestAttempt = requestAttempt
    }
}

/// A customer to create. The owner is the writing rep unless given.
public struct NewCustomer: Hashable, Sendable {
    public var kind: CustomerKind
    public var name: String
    public var aliases: [String]
    public var ownerID: RepID?
    public var industry: String?
    public var region: String?
    public var phone: String?
    public var stage: Stage
    public init(
        kind: CustomerKind = .company, name: String, aliases: [String] = [], ownerID: RepID? = nil,
        industry: String? = nil, region: String? = nil, phone: String? = nil, stage: Stage = .lead
    ) {
        self.kind = kind
        self.name = name
        self.aliases = aliases
        self.ownerID = ownerID
        self.industry = industry
        self.region = region
        self.phone = phone
        self.stage = stage
    }
}

public struct NewContact: Hashable, Sendable {
    public var customerID: CustomerID
    public var name: String
    public var aliases: [String]
    public var title: String?
    public var roles: [BuyingRole]
    public init(customerID: CustomerID, name: String, aliases: [String] = [], title: String? = nil, roles: [BuyingRole] = []) {
        self.customerID = customerID
        self.name = name
        self.aliases = aliases
        self.title = title
        self.roles = roles
    }
}

public struct NewActivity: Hashable, Sendable {
    public var customerID: CustomerID
    public var contactID: ContactID?
    public var type: ActivityType
    public var at: LocalDateTime
    public var note: String?
    public init(customerID: CustomerID, contactID: ContactID? = nil, type: ActivityType, at: LocalDateTime, note: String? = nil) {
        self.customerID = customerID
        self.contactID = contactID
        self.type = type
        self.at = at
        self.note = note
    }
}

public struct NewOrder: Hashable, Sendable {
    public var customerID: CustomerID
    public var amount: Money
    public var quantity: Int64?
    public var item: String?
    public var date: CivilDate
    public init(customerID: CustomerID, amount: Money, quantity: Int64? = nil, item: String? = nil, date: CivilDate) {
        self.customerID = customerID
        self.amount = amount
        self.quantity = quantity
        self.item = item
        self.date = date
    }
}

public struct NewPayment: Hashable, Sendable {
    public var customerID: CustomerID
    public var amount: Money
    public var date: CivilDate
    public init(customerID: CustomerID, amount: Money, date: CivilDate) {
        self.customerID = customerID
        self.amount = amount
        self.date = date
    }
}

public struct NewTask: Hashable, Sendable {
    /// The rep the task belongs to (usually the writer).
    public var repID: RepID
    public var what: String
    public var customerID: CustomerID?
    public var contactID: ContactID?
    public var due: LocalDateTime?
    public var recurrence: Recurrence?
    /// The last day a repeating task may fall on (no next one after it).
    public var repeatUntil: CivilDate?
    public init(
        repID: RepID, what: String, customerID: CustomerID? = nil, contactID: ContactID? = nil,
        due: LocalDateTime? = nil, recurrence: Recurrence? = nil, repeatUntil: CivilDate? = nil
    ) {
        self.repeatUntil = repeatUntil
        self.repID = repID
        self.what = what
        self.customerID = customerID
        self.contactID = contactID
        self.due = due
        self.recurrence = recurrence
    }
}

/// What changes about an existing task: one of its text, its due date, or that it is cancelled.
public enum TaskChange: Hashable, Sendable {
    /// New text ("change task 9 to call Zhou Hua").
    case what(String)
    /// A new due date and time ("reschedule task 9 to friday 3pm", "snooze 4 until monday").
    case due(LocalDateTime)
    /// The task is cancelled, kept in the history ("cancel task 9").
    case cancel
    /// The task is now this rep's ("give task 9 to Li Ming").
    case assign(RepID)
}

public struct NewComplaint: Hashable, Sendable {
    public var customerID: CustomerID
    public var note: String
    public init(customerID: CustomerID, note: String) {
        self.customerID = customerID
        self.note = note
    }
}

public struct NewObjection: Hashable, Sendable {
    public var customerID: CustomerID
    public var contactID: ContactID?
    public var kind: ObjectionKind
    public var note: String?
    public var date: CivilDate
    public init(customerID: CustomerID, contactID: ContactID? = nil, kind: ObjectionKind, note: String? = nil, date: CivilDate) {
        self.customerID = customerID
        self.contactID = contactID
        self.kind = kind
        self.note = note
        self.date = date
    }
}

/// A referral; the referred party is an existing customer or a new lead created
/// in the same transaction.
public struct NewReferral: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case existing(CustomerID)
        case new(NewCustomer)
    }
    /// The person referred at the target company ("Kevin Wu of Sunrise Dental").
    public enum ContactTarget: Hashable, Sendable {
        /// A contact already on record at the target.
        case existing(ContactID)
        /// A person by name: the contact of that name at the target, added when there is none.
        case named(String)
    }
    public var fromCustomerID: CustomerID
    public var fromContactID: ContactID?
    /// The customer referred, or the company of the person referred.
    public var to: Target
    public var toContact: ContactTarget?
    public var note: String?
    public var date: CivilDate
    public init(
        fromCustomerID: CustomerID, fromContactID: ContactID? = nil, to: Target, toContact: ContactTarget? = nil,
        note: String? = nil, date: CivilDate
    ) {
        self.fromCustomerID = fromCustomerID
        self.fromContactID = fromContactID
        self.to = to
        self.toContact = toContact
        self.note = note
        self.date = date
    }
}

/// A change to a rep's place in the team (admins only, enforced by the bot).
public enum RepChange: Hashable, Sendable {
    /// The manager whose team the rep is on; nil for none.
    case manager(RepID?)
    case role(RepRole)
    /// The rep left: they can no longer use crmbot (their accounts were handed over first).
    case deactivate
}

/// What changes about a recorded order or payment ("order 5 was 12k", "delete payment 3").
public enum MoneyRecordChange: Hashable, Sendable {
    /// The right amount.
    case amount(Money)
    /// The right date.
    case date(CivilDate)
    /// It was recorded by mistake: the record goes (`undo` brings it back).
    case delete
}
