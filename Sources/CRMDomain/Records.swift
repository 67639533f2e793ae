import CRMSupport

/// A sales rep, manager or admin: the person typing to the bot.
public struct Rep: Hashable, Sendable {
    public var id: RepID
    public var name: String
    public var role: RepRole
    /// The manager whose team this rep is on, if any.
    public var managerID: RepID?
    /// When an admin deactivated the rep (they left); nil while active.
    public var leftAt: LocalDateTime?
    public init(id: RepID, name: String, role: RepRole = .rep, managerID: RepID? = nil, leftAt: LocalDateTime? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.managerID = managerID
        self.leftAt = leftAt
    }
}

/// A birthday or other yearly day; the year is optional ("May 3").
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public let month: Int
    public let day: Int
    public let year: Int?

    /// Nil for days that never exist (Feb 30, Apr 31). Feb 29 is allowed without a year.
    public init?(month: Int, day: Int, year: Int? = nil) {
        if let y = year {
            guard CivilDate(year: y, month: month, day: day) != nil else { return nil }
        } else {
            guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: 2000) else {
                return nil
            }
        }
        self.month = month
        self.day = day
        self.year = year
    }

    /// Parses `YYYY-MM-DD` or `--MM-DD` (ISO 8601 for a date without a year) or `MM-DD`.
    public init?(iso: String) {
        if let d = CivilDate(iso: iso) {
            self.init(month: d.month, day: d.day, year: d.year)
            return
        }
        var s = Substring(iso)
        if s.hasPrefix("--") { s = s.dropFirst(2) }
        let p = s.split(separator: "-")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let m = Int(p[0]), let d = Int(p[1]) else { return nil }
        self.init(month: m, day: d)
    }

    /// `YYYY-MM-DD` with a year, `--MM-DD` without.
    public var iso: String {
        let md = (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
        if let y = year { return String(y) + "-" + md }
        return "--" + md
    }

    public var description: String { iso }
}

/// A customer: an organisation or a person with an ongoing relationship (domain §1–§2).
public struct Customer: Hashable, Sendable {
    public var id: CustomerID
    public var kind: CustomerKind
    public var name: String
    public var aliases: [String]
    public var ownerID: RepID
    public var industry: String?
    public var region: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var title: String?
    public var birthday: MonthDay?
    public var stage: Stage
    public var grade: ProspectGrade?
    /// Set by hand only to `bad`; other tiers are computed (domain §5).
    public var tierOverride: ValueTier?
    public var creditLimit: Money?
    public var salesPlan: Money?
    public var expenseBudget: Money?
    public var cost: Money?
    /// Day of month the customer pays (1–31).
    public var payday: Int?
    /// Units consumed per day (reorder prediction, domain §11).
    public var consumptionRate: Double?
    public var money: TriState
    public var authority: TriState
    public var need: TriState
    public var note: String?
    public var createdAt: LocalDateTime

    public init(
        id: CustomerID, kind: CustomerKind, name: String, aliases: [String] = [], ownerID: RepID,
        industry: String? = nil, region: String? = nil, phone: String? = nil, email: String? = nil,
        address: String? = nil, title: String? = nil, birthday: MonthDay? = nil, stage: Stage = .lead,
        grade: ProspectGrade? = nil, tierOverride: ValueTier? = nil, creditLimit: Money? = nil,
        salesPlan: Money? = nil, expenseBudget: Money? = nil, cost: Money? = nil, payday: Int? = nil,
        consumptionRate: Double? = nil, money: TriState = .unknown, authority: TriState = .unknown,
        need: TriState = .unknown, note: String? = nil, createdAt: LocalDateTime
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.aliases = aliases
        self.ownerID = ownerID
        self.industry = industry
        self.region = region
        self.phone = phone
        self.email = email
        self.address = address
        self.title = title
        self.birthday = birthday
        self.stage = stage
        self.grade = grade
        self.tierOverride = tierOverride
        self.creditLimit = creditLimit
        self.salesPlan = salesPlan
        self.expenseBudget = expenseBudget
        self.cost = cost
        self.payday = payday
        self.consumptionRate = consumptionRate
        self.money = money
        self.authority = authority
        self.need = need
        self.note = note
        self.createdAt = createdAt
    }

    /// MAN qualification: all three yes (domain §3).
    public var isQualified: Bool { money == .yes && authority == .yes && need == .yes }
}

/// A person at an organisation customer, with buying-centre roles, needs and style.
public struct Contact: Hashable, Sendable {
    public var id: ContactID
    public var customerID: CustomerID
    public var name: String
    public var aliases: [String]
    public var title: String?
    public var roles: [BuyingRole]
    public var needs: [Need]
    public var style: PersonalityStyle?
    public var phone: String?
    public var email: String?
    public var birthday: MonthDay?
    public var note: String?

    public init(
        id: ContactID, customerID: CustomerID, name: String, aliases: [String] = [], title: String? = nil,
        roles: [BuyingRole] = [], needs: [Need] = [], style: PersonalityStyle? = nil, phone: String? = nil,
        email: String? = nil, birthday: MonthDay? = nil, note: String? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.name = name
        self.aliases = aliases
        self.title = title
        self.roles = roles
        self.needs = needs
        self.style = style
        self.phone = phone
        self.email = email
        self.birthday = birthday
        self.note = note
    }
}

/// A visit, call, email, … with a customer (and optionally one of its contacts).
public struct Activity: Hashable, Sendable {
    public var id: ActivityID
    public var customerID: CustomerID
    public var contactID: ContactID?
    public var repID: RepID
    public var type: ActivityType
    public var at: LocalDateTime
    public var note: String?
    public init(
        id: ActivityID, customerID: CustomerID, contactID: ContactID? = nil, repID: RepID, type: ActivityType,
        at: LocalDateTime, note: String? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.contactID = contactID
        self.repID = repID
        self.type = type
        self.at = at
        self.note = note
    }
}

/// An order placed by a customer.
public struct Order: Hashable, Sendable {
    public var id: OrderID
    public var customerID: CustomerID
    public var repID: RepID
    public var amount: Money
    public var quantity: Int64?
    public var item: String?
    public var date: CivilDate
    public init(
        id: OrderID, customerID: CustomerID, repID: RepID, amount: Money, quantity: Int64? = nil,
        item: String? = nil, date: CivilDate
    ) {
        self.id = id
        self.customerID = customerID
        self.repID = repID
        self.amount = amount
        self.quantity = quantity
        self.item = item
        self.date = date
    }
}

/// A payment received from a customer.
public struct Payment: Hashable, Sendable {
    public var id: PaymentID
    public var customerID: CustomerID
    public var repID: RepID
    public var amount: Money
    public var date: CivilDate
    public init(id: PaymentID, customerID: CustomerID, repID: RepID, amount: Money, date: CivilDate) {
        self.id = id
        self.customerID = customerID
        self.repID = repID
        self.amount = amount
        self.date = date
    }
}

/// A to-do for a rep, optionally about a customer/contact, with a due date and
/// time of day and an optional recurrence.
public struct TaskItem: Hashable, Sendable {
    public var id: TaskID
    public var repID: RepID
    public var what: String
    public var customerID: CustomerID?
    public var contactID: ContactID?
    public var due: LocalDateTime?
    public var recurrence: Recurrence?
    /// The last day a repeating task may fall on.
    public var repeatUntil: CivilDate?
    public var doneAt: LocalDateTime?
    /// When the rep cancelled it (a cancelled task is kept, not deleted).
    public var cancelledAt: LocalDateTime?
    public var createdAt: LocalDateTime
    public init(
        id: TaskID, repID: RepID, what: String, customerID: CustomerID? = nil, contactID: ContactID? = nil,
        due: LocalDateTime? = nil, recurrence: Recurrence? = nil, repeatUntil: CivilDate? = nil,
        doneAt: LocalDateTime? = nil, cancelledAt: LocalDateTime? = nil, createdAt: LocalDateTime
    ) {
        self.repeatUntil = repeatUntil
        self.id = id
        self.repID = repID
        self.what = what
        self.customerID = customerID
        self.contactID = contactID
        self.due = due
        self.recurrence = recurrence
        self.doneAt = doneAt
        self.cancelledAt = cancelledAt
        self.createdAt = createdAt
    }
    /// Neither done nor cancelled.
    public var isOpen: Bool { doneAt == nil && cancelledAt == nil }
}

/// A complaint through its four steps: open → acknowledged → resolved → followed up (domain §8).
public struct Complaint: Hashable, Sendable {
    public var id: ComplaintID
    public var customerID: CustomerID
    public var repID: RepID
    public var note: String
    public var openedAt: LocalDateTime
    public var acknowledgedAt: LocalDateTime?
    public var resolvedAt: LocalDateTime?
    public var followedUpAt: LocalDateTime?
    public var resolution: String?
    /// What the rep told the customer on acknowledging it (step 2).
    public var acknowledgement: String?
    /// What the customer said at the follow-up (step 4).
    public var followUp: String?
    public init(
        id: ComplaintID, customerID: CustomerID, repID: RepID, note: String, openedAt: LocalDateTime,
        acknowledgedAt: LocalDateTime? = nil, resolvedAt: LocalDateTime? = nil, followedUpAt: LocalDateTime? = nil,
        resolution: String? = nil, acknowledgement: String? = nil, followUp: String? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.repID = repID
        self.note = note
        self.openedAt = openedAt
        self.acknowledgedAt = acknowledgedAt
        self.resolvedAt = resolvedAt
        self.followedUpAt = followedUpAt
        self.resolution = resolution
        self.acknowledgement = acknowledgement
        self.followUp = followUp
    }
    public var isOpen: Bool { resolvedAt == nil }
}

/// Who referred whom (domain §7): the referrer is a customer or a contact; the
/// referred party becomes a customer (a lead) owned by the rep.
public struct Referral: Hashable, Sendable {
    public var id: ReferralID
    public var fromCustomerID: CustomerID
    public var fromContactID: ContactID?
    public var toCustomerID: CustomerID
    /// The person referred, when the referral named one at the customer.
    public var toContactID: ContactID?
    public var repID: RepID
    public var note: String?
    public var date: CivilDate
    public init(
        id: ReferralID, fromCustomerID: CustomerID, fromContactID: ContactID? = nil, toCustomerID: CustomerID,
        toContactID: ContactID? = nil, repID: RepID, note: String? = nil, date: CivilDate
    ) {
        self.id = id
        self.fromCustomerID = fromCustomerID
        self.fromContactID = fromContactID
        self.toCustomerID = toCustomerID
        self.toContactID = toContactID
        self.repID = repID
        self.note = note
        self.date = date
    }
}

/// An objection heard on a call (domain §7).
public struct Objection: Hashable, Sendable {
    public var id: ObjectionID
    public var customerID: CustomerID
    public var contactID: ContactID?
    public var repID: RepID
    public var kind: ObjectionKind
    public var note: String?
    public var date: CivilDate
    public init(
        id: ObjectionID, customerID: CustomerID, contactID: ContactID? = nil, repID: RepID, kind: ObjectionKind,
        note: String? = nil, date: CivilDate
    ) {
        self.id = id
        self.customerID = customerID
        self.contactID = contactID
        self.repID = repID
        self.kind = kind
        self.note = note
        self.date = date
    }
}
