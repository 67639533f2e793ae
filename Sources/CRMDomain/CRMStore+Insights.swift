import CRMSupport

/// Defaults for the insight reads, so a store written before them (a test double) still
/// conforms; each answers `.other` ("not supported"). Real stores implement them.
extension CRMStore {
    public func insightFacts(_ query: InsightQuery, in scope: AccessScope) async throws -> [CustomerFacts] {
        throw Self.insightsUnsupported
    }
    /// Over ``insightFacts(_:in:)`` of the owner's book (reads the whole book).
    public func cardFacts(for id: CustomerID, _ query: InsightQuery) async throws -> CardFacts? {
        guard let customer = try await customer(id: id) else { return nil }
        let book = try await insightFacts(query, in: .owners([customer.ownerID]))
        guard let f = book.first(where: { $0.id == id }) else { return nil }
        func profit(_ f: CustomerFacts) -> Int64 { (f.cost.map { f.revenueInWindow - $0 } ?? f.revenueInWindow).cents }
        let mine = profit(f)
        return CardFacts(
            facts: f, bookProfit: Money(cents: book.reduce(0) { $0 + max(0, profit($1)) }),
            profitAbove: Money(cents: book.reduce(0) { $0 + (profit($1) > mine ? max(0, profit($1)) : 0) }),
            buyers: book.filter { $0.orderCount > 0 }.count)
    }
    public func funnelCells(in scope: AccessScope) async throws -> [FunnelCell] { throw Self.insightsUnsupported }
    public func birthdays(in scope: AccessScope, from: CivilDate, days: Int) async throws -> [BirthdayFact] {
        throw Self.insightsUnsupported
    }
    public func customerHistory(for id: CustomerID) async throws -> CustomerHistory? { throw Self.insightsUnsupported }
    public func periodFacts(in scope: AccessScope, from: CivilDate, through: CivilDate) async throws
        -> [RepPeriodFacts]
    {
        throw Self.insightsUnsupported
    }

    private static var insightsUnsupported: StoreError {
        StoreError(.other, "This store cannot answer insight questions.", context: "\(Self.self) lacks insight reads")
    }
}
