import CRMDomain
import CRMSupport

/// Kotler's five relationship levels (domain §6).
public enum RelationshipLevel: String, Sendable, CaseIterable, Codable {
    case basic, reactive, accountable, proactive, partnership

    public func name(_ lang: Language) -> String {
        guard lang == .zh else { return rawValue }
        switch self {
        case .basic: return "基本型"
        case .reactive: return "被动型"
        case .accountable: return "负责型"
        case .proactive: return "能动型"
        case .partnership: return "伙伴型"
        }
    }

    /// What the level means in practice.
    public func meaning(_ lang: Language) -> String {
        switch (self, lang) {
        case (.basic, .en): return "sell, no contact after the sale"
        case (.basic, .zh): return "售出后不再联系"
        case (.reactive, .en): return "the customer may call with questions"
        case (.reactive, .zh): return "客户有问题可以来电"
        case (.accountable, .en): return "follow up after each sale"
        case (.accountable, .zh): return "售后主动回访"
        case (.proactive, .en): return "call regularly with suggestions"
        case (.proactive, .zh): return "经常主动联系并提出建议"
        case (.partnership, .en): return "work together on the customer's results"
        case (.partnership, .zh): return "与客户共同合作、共创价值"
        }
    }

    /// Kotler's matrix: rows margin (high, medium, low), columns number of customers
    /// (many, medium, few).
    ///
    /// | margin \ customers | many | medium | few |
    /// |---|---|---|---|
    /// | high | accountable | proactive | partnership |
    /// | medium | reactive | accountable | proactive |
    /// | low | basic | reactive | accountable |
    ///
    /// - Parameters:
    ///   - customers: how many buying customers the rep (or company) serves.
    ///   - margin: profit ÷ revenue of this customer; nil (no cost recorded) counts as medium.
    public static func suggest(customers: Int, margin: Double?, settings: InsightSettings = .standard)
        -> RelationshipLevel
    {
        let size = customers <= settings.fewCustomers ? 2 : customers > settings.manyCustomers ? 0 : 1
        let m: Int
        if let margin, margin.isFinite {
            m = margin >= settings.highMargin ? 0 : margin < settings.lowMargin ? 2 : 1
        } else {
            m = 1
        }
        let table: [[RelationshipLevel]] = [
            [.accountable, .proactive, .partnership],
            [.reactive, .accountable, .proactive],
            [.basic, .reactive, .accountable],
        ]
        return table[m][size]
    }

    /// The margin of a customer: (revenue − cost) ÷ revenue; nil without a cost or revenue.
    public static func margin(revenue: Money, cost: Money?) -> Double? {
        guard let cost, revenue > .zero else { return nil }
        return Double((revenue - cost).cents) / Double(revenue.cents)
    }
}
