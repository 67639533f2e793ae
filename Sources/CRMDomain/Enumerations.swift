import CRMSupport

/// Enumerations of the CRM method. Raw values are the English tokens of the
/// public intent contract (`../shared/spec/intents.md`) and what the store keeps.

/// A customer is an organisation or a person (domain §1).
public enum CustomerKind: String, Sendable, CaseIterable, Codable { case company, person }

/// Buying-centre roles (Webster & Wind, domain §1).
public enum BuyingRole: String, Sendable, CaseIterable, Codable {
    case user, influencer, decider, approver, buyer, gatekeeper
}

/// Company needs (performance, finance, image) and personal needs (domain §3).
public enum Need: String, Sendable, CaseIterable, Codable {
    case performance, finance, image
    case power, achievement, recognition, belonging, logic, safety

    public var isCompanyNeed: Bool { self == .performance || self == .finance || self == .image }
}

/// The four personality styles (domain §3).
public enum PersonalityStyle: String, Sendable, CaseIterable, Codable {
    case popular, peaceful, powerful, analytical
}

/// How a rep was in touch (intent activity.log `type`).
public enum ActivityType: String, Sendable, CaseIterable, Codable {
    case visit, call, email, meeting, message, gift, letter, demo
}

/// Funnel stages (domain §4).
public enum Stage: String, Sendable, CaseIterable, Codable {
    case lead, prospect, customer, key, won, lost
}

/// Prospect grade (domain §4).
public enum ProspectGrade: String, Sendable, CaseIterable, Codable { case A, B, C }

/// Value tier (domain §5). Computed from profit except `bad`, which is set by hand.
public enum ValueTier: String, Sendable, CaseIterable, Codable { case key, ordinary, small, bad }

/// Phone-appointment objections (domain §7), plus price.
public enum ObjectionKind: String, Sendable, CaseIterable, Codable {
    case busy, no_need, has_supplier, unfamiliar, think_it_over, send_info, price
}

/// Yes / no / unknown, for MAN qualification (domain §3).
public enum TriState: String, Sendable, CaseIterable, Codable { case yes, no, unknown }

/// Rep roles (domain §13).
public enum RepRole: String, Sendable, CaseIterable, Codable { case rep, manager, admin }

/// How a task repeats.
/// How a task repeats: every day, week, two weeks, month (on its day of the month),
/// month's last day, or year.
public enum Recurrence: String, Sendable, CaseIterable, Codable {
    case daily, weekly, biweekly, monthly, monthEnd = "month_end", yearly

    /// The next due date after `d`.
    public func next(after d: CivilDate) -> CivilDate {
        switch self {
        case .daily: return d.adding(days: 1)
        case .weekly: return d.adding(days: 7)
        case .biweekly: return d.adding(days: 14)
        case .monthly: return d.adding(months: 1)
        case .monthEnd: return d.adding(months: 1).endOfMonth
        case .yearly: return d.adding(months: 12)
        }
    }
}
