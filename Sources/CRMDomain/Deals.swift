import CRMSupport

/// The stages of a deal (商机), with the win probability each one implies unless the
/// rep gives another.
public enum DealStage: String, Sendable, CaseIterable, Codable {
    /// Need and budget being confirmed (需求确认).
    case qualifying
    /// A proposal or quote is out (方案报价).
    case proposal
    /// Terms being negotiated (商务谈判).
    case negotiation
    case won, lost

    /// The probability, in percent, a deal at this stage closes as won.
    public var defaultProbability: Int {
        switch self {
        case .qualifying: return 20
        case .proposal: return 50
        case .negotiation: return 75
        case .won: return 100
        case .lost: return 0
        }
    }

    public var isClosed: Bool { self == .won || self == .lost }
}

/// An opportunity on a customer: what it is worth, when it should close, how likely.
public struct Deal: Hashable, Sendable {
    public var id: DealID
    public var customerID: CustomerID
    /// The rep who opened it (the customer's owner is who sells it).
    public var repID: RepID
    public var title: String?
    public var amount: Money
    public var closeDate: CivilDate?
    public var stage: DealStage
    /// Percent, 0–100.
    public var probability: Int
    /// Why it was won or lost.
    public var reason: String?
    public var createdAt: LocalDateTime
    public var closedAt: LocalDateTime?
    public init(
        id: DealID, customerID: CustomerID, repID: RepID, title: String? = nil, amount: Money, closeDate: CivilDate? = nil,
        stage: DealStage, probability: Int, reason: String? = nil, createdAt: LocalDateTime, closedAt: LocalDateTime? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.repID = repID
        self.title = title
        self.amount = amount
        self.closeDate = closeDate
        self.stage = stage
        self.probability = probability
        self.reason = reason
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    /// What the deal adds to a forecast: amount × probability.
    public var weighted: Money { Money(cents: amount.cents * Int64(probability) / 100) }
}

/// A deal to open.
public struct NewDeal: Hashable, Sendable {
    public var customerID: CustomerID
    public var title: String?
    public var amount: Money
    public var closeDate: CivilDate?
    public var stage: DealStage
    /// Nil: the stage's default.
    public var probability: Int?
    public init(
        customerID: CustomerID, title: String? = nil, amount: Money, closeDate: CivilDate? = nil,
        stage: DealStage = .qualifying, probability: Int? = nil
    ) {
        self.customerID = customerID
        self.title = title
        self.amount = amount
        self.closeDate = closeDate
        self.stage = stage
        self.probability = probability
    }
}

/// One change to an open deal ("deal 3 is in negotiation", "deal 3 is now 450k", "lost deal 3: price").
public enum DealChange: Hashable, Sendable {
    /// A new stage; the probability becomes the stage's default unless one is given too.
    case stage(DealStage)
    case probability(Int)
    case amount(Money)
    case closeDate(CivilDate)
    /// Won (closed at the change's time, probability 100), with a note.
    case won(String?)
    /// Lost (closed, probability 0), with the reason.
    case lost(String?)
}

/// A rep's sales target for one calendar month.
public struct Quota: Hashable, Sendable {
    public var repID: RepID
    /// The first day of the month.
    public var month: CivilDate
    public var amount: Money
    public init(repID: RepID, month: CivilDate, amount: Money) {
        self.repID = repID
        self.month = month
        self.amount = amount
    }
}

/// A deal with the names a reply shows.
public struct DealSummary: Hashable, Sendable {
    public var deal: Deal
    public var customerName: String
    /// The customer's owner: who sells it.
    public var ownerID: RepID
    public init(deal: Deal, customerName: String, ownerID: RepID) {
        self.deal = deal
        self.customerName = customerName
        self.ownerID = ownerID
    }
}
