import CRMSupport

/// What the bulk read for the CRM method's rules asks for (risk, tiers, reorder, briefing).
///
/// Both windows end at `asOf` (inclusive): `windowStart` bounds the revenue used for the
/// value tiers (domain §5, default the last 12 months), `periodStart` the orders counted
/// against the sales plan (domain §10, the current month).
public struct InsightQuery: Hashable, Sendable {
    public var asOf: CivilDate
    public var windowStart: CivilDate
    public var periodStart: CivilDate
    /// Only customers in these stages; nil for every stage.
    public var stages: Set<Stage>?
    /// False (the default): order, payment and contact aggregates cover every stored record
    /// (the store may keep them precomputed, which is what makes this fast). True: only
    /// records dated on or before `asOf` count — slower; for reports that look back.
    public var exactAsOf: Bool

    public init(
        asOf: CivilDate, windowStart: CivilDate, periodStart: CivilDate, stages: Set<Stage>? = nil,
        exactAsOf: Bool = false
    ) {
        self.asOf = asOf
        self.windowStart = windowStart
        self.periodStart = periodStart
        self.stages = stages
        self.exactAsOf = exactAsOf
    }
}

/// An open complaint, as the rules see it: which and since when.
public struct OpenComplaintFact: Hashable, Sendable {
    public var id: ComplaintID
    public var openedAt: LocalDateTime
    public var note: String
    /// When the rep acknowledged it (step 2); nil while not yet.
    public var acknowledgedAt: LocalDateTime?
    public init(id: ComplaintID, openedAt: LocalDateTime, note: String = "", acknowledgedAt: LocalDateTime? = nil) {
        self.id = id
        self.openedAt = openedAt
        self.note = note
        self.acknowledgedAt = acknowledgedAt
    }
}

/// A resolved complaint whose follow-up (step 4) is still to do.
public struct UnfollowedComplaintFact: Hashable, Sendable {
    public var id: ComplaintID
    public var resolvedAt: LocalDateTime
    public init(id: ComplaintID, resolvedAt: LocalDateTime) {
        self.id = id
        self.resolvedAt = resolvedAt
    }
}

/// One customer with the figures the CRM method's rules read: the card fields that set
/// thresholds (credit limit, plan, budget, cost, payday, consumption rate), and the
/// aggregates of its orders, payments, contacts and open complaints.
public struct CustomerFacts: Hashable, Sendable {
    public var id: CustomerID
    public var name: String
    public var kind: CustomerKind
    public var ownerID: RepID
    public var stage: Stage
    public var grade: ProspectGrade?
    public var tierOverride: ValueTier?
    public var creditLimit: Money?
    public var salesPlan: Money?
    public var expenseBudget: Money?
    public var cost: Money?
    public var payday: Int?
    public var consumptionRate: Double?
    public var money: TriState
    public var authority: TriState
    public var need: TriState
    public var birthday: MonthDay?
    public var createdAt: LocalDateTime

    /// Number of orders (all time).
    public var orderCount: Int
    public var firstOrder: CivilDate?
    public var lastOrder: CivilDate?
    /// Median of the day gaps between consecutive orders; nil below two orders.
    public var medianGapDays: Double?
    /// All orders ever, and all payments ever.
    public var totalOrdered: Money
    public var totalPaid: Money
    /// Sum of the stated order quantities (orders without one count nothing); nil when none was stated.
    public var quantityTotal: Int64?
    /// The quantity of the latest order, if stated.
    public var lastQuantity: Int64?
    /// The amount of the latest order.
    public var lastOrderAmount: Money?
    /// The latest activity (visit, call, …) with the customer or its contacts.
    public var lastContact: LocalDateTime?
    /// Orders dated in [windowStart, asOf].
    public var revenueInWindow: Money
    /// Orders dated in [periodStart, asOf].
    public var orderedInPeriod: Money
    /// Open (unresolved) complaints, oldest first.
    public var openComplaints: [OpenComplaintFact]
    /// Resolved complaints not yet followed up, oldest first.
    public var unfollowedComplaints: [UnfollowedComplaintFact] = []

    public init(
        id: CustomerID, name: String, kind: CustomerKind = .company, ownerID: RepID, stage: Stage = .customer,
        grade: ProspectGrade? = nil, tierOverride: ValueTier? = nil, creditLimit: Money? = nil,
        salesPlan: Money? = nil, expenseBudget: Money? = nil, cost: Money? = nil, payday: Int? = nil,
        consumptionRate: Double? = nil, money: TriState = .unknown, authority: TriState = .unknown,
        need: TriState = .unknown, birthday: MonthDay? = nil, createdAt: LocalDateTime,
        orderCount: Int = 0, firstOrder: CivilDate? = nil, lastOrder: CivilDate? = nil, medianGapDays: Double? = nil,
        totalOrdered: Money = .zero, totalPaid: Money = .zero, quantityTotal: Int64? = nil,
        lastQuantity: Int64? = nil, lastOrderAmount: Money? = nil, lastContact: LocalDateTime? = nil, revenueInWindow: Money = .zero,
        orderedInPeriod: Money = .zero, openComplaints: [OpenComplaintFact] = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.ownerID = ownerID
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
        self.birthday = birthday
        self.createdAt = createdAt
        self.orderCount = orderCount
        self.firstOrder = firstOrder
        self.lastOrder = lastOrder
        self.medianGapDays = medianGapDays
        self.totalOrdered = totalOrdered
        self.totalPaid = totalPaid
        self.quantityTotal = quantityTotal
        self.lastQuantity = lastQuantity
        self.lastOrderAmount = lastOrderAmount
        self.lastContact = lastContact
        self.revenueInWindow = revenueInWindow
        self.orderedInPeriod = orderedInPeriod
        self.openComplaints = openComplaints
    }

    /// MAN qualification: all three yes (domain §3).
    public var isQualified: Bool { money == .yes && authority == .yes && need == .yes }

    /// Ordered minus paid (negative when the customer paid ahead).
    public var balance: Money { totalOrdered - totalPaid }
}

/// One cell of the funnel: how many customers in scope have this stage, grade and
/// qualification (domain §3–§4).
public struct FunnelCell: Hashable, Sendable {
    public var stage: Stage
    public var grade: ProspectGrade?
    public var qualified: Bool
    public var count: Int
    public init(stage: Stage, grade: ProspectGrade?, qualified: Bool, count: Int) {
        self.stage = stage
        self.grade = grade
        self.qualified = qualified
        self.count = count
    }
}

/// A birthday (or other yearly day) of a customer (a person) or of a contact.
public struct BirthdayFact: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    /// Set when the birthday is a contact's.
    public var contactID: ContactID?
    /// The person whose birthday it is (the customer's or the contact's name).
    public var name: String
    public var birthday: MonthDay
    public var ownerID: RepID
    public init(
        customerID: CustomerID, customerName: String, contactID: ContactID? = nil, name: String, birthday: MonthDay,
        ownerID: RepID
    ) {
        self.customerID = customerID
        self.customerName = customerName
        self.contactID = contactID
        self.name = name
        self.birthday = birthday
        self.ownerID = ownerID
    }
}

/// One customer's full record of business, for loyalty (domain §9, §12).
public struct CustomerHistory: Hashable, Sendable {
    public var customer: Customer
    /// Oldest first.
    public var orders: [Order]
    public var totalPaid: Money
    /// Every complaint, open or resolved.
    public var complaints: [Complaint]
    public var objections: [Objection]
    /// Customers this one referred.
    public var referralsOut: Int
    public var activityCount: Int
    public init(
        customer: Customer, orders: [Order], totalPaid: Money, complaints: [Complaint], objections: [Objection],
        referralsOut: Int, activityCount: Int
    ) {
        self.customer = customer
        self.orders = orders
        self.totalPaid = totalPaid
        self.complaints = complaints
        self.objections = objections
        self.referralsOut = referralsOut
        self.activityCount = activityCount
    }
}

/// A move between funnel stages.
public struct StageMove: Hashable, Sendable {
    public var customerID: CustomerID
    public var repID: RepID
    public var from: Stage
    public var to: Stage
    public var at: LocalDateTime
    public init(customerID: CustomerID, repID: RepID, from: Stage, to: Stage, at: LocalDateTime) {
        self.customerID = customerID
        self.repID = repID
        self.from = from
        self.to = to
        self.at = at
    }
}

/// What one rep did in a period (report.show): counts only, grouped in the store.
public struct RepPeriodFacts: Hashable, Sendable {
    public var repID: RepID
    public var activities: [ActivityType: Int]
    public var newCustomers: Int
    public var orderCount: Int
    public var revenue: Money
    public var stageMoves: [StageMove]
    public init(
        repID: RepID, activities: [ActivityType: Int] = [:], newCustomers: Int = 0, orderCount: Int = 0,
        revenue: Money = .zero, stageMoves: [StageMove] = []
    ) {
        self.repID = repID
        self.activities = activities
        self.newCustomers = newCustomers
        self.orderCount = orderCount
        self.revenue = revenue
        self.stageMoves = stageMoves
    }
}

/// What the customer card's tier and relationship level need, without the owner's whole
/// book: the customer's own facts and a few sums over the owner's customers.
///
/// Profit is as in the tier rules: revenue in the window minus the customer's cost when
/// one is recorded.
public struct CardFacts: Hashable, Sendable {
    public var facts: CustomerFacts
    /// Positive profit summed over the owner's customers.
    public var bookProfit: Money
    /// Positive profit summed over the owner's customers with a higher profit than this one.
    public var profitAbove: Money
    /// The owner's customers with at least one order.
    public var buyers: Int
    public init(facts: CustomerFacts, bookProfit: Money, profitAbove: Money, buyers: Int) {
        self.facts = facts
        self.bookProfit = bookProfit
        self.profitAbove = profitAbove
        self.buyers = buyers
    }
}
