import CRMSupport

/// Defaults for the insight reads, so a store written before them (a test double) still
/// conforms; each answers `.other` ("not supported"). Real stores implement them.
extension CRMStore {
    public func insightFacts(_ query: InsightQuery, in scope: AccessScope) async throws -> [CustomerFacts] {
        throw Self.insightsUnsupported
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
