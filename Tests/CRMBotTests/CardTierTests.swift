import CRMDomain
import CRMInsights
import CRMStorage
import CRMSupport
import Testing

/// The card's tier from ``CRMStore/cardFacts(for:_:)`` and ``TierCalculator/tier(_:settings:)``
/// must be the tier tier.list gives (``TierCalculator/calculate(_:settings:)`` over the book).
@Suite struct CardTierTests {
    @Test func cardTierMatchesTheBookRankingWithTiesCostsAndOwnerMoves() async throws {
        let store = try SQLiteStore.inMemory()
        let admin = try await store.ensureRep(named: "Admin", role: .admin)
        let at = try #require(LocalDateTime(iso: "2026-03-01T10:00"))
        let ctx = WriteContext(repID: admin.id, at: at, action: "test")
        let alice = try await store.addRep(named: "Alice", role: .rep, managerID: nil, ctx)
        let bob = try await store.addRep(named: "Bob", role: .rep, managerID: nil, ctx)
        let day = try #require(CivilDate(iso: "2026-02-01"))
        // Revenues with ties, a cost, a negative margin and a customer without orders.
        let plan: [(Int64, Int64?)] = [(500, nil), (300, nil), (300, nil), (200, 50), (100, 400), (40, nil), (0, nil), (10, nil)]
        var ids: [CustomerID] = []
        for (i, (revenue, cost)) in plan.enumerated() {
            let c = try await store.addCustomer(NewCustomer(name: "C\(i)", ownerID: alice.id), ctx)
            ids.append(c.id)
            if revenue > 0 {
                _ = try await store.recordOrder(NewOrder(customerID: c.id, amount: Money(cents: revenue * 100), date: day), ctx)
            }
            if let cost { _ = try await store.updateCustomer(c.id, [.cost(Money(cents: cost * 100))], ctx) }
        }
        _ = try await store.updateCustomer(ids[7], [.owner(bob.id)], ctx)  // leaves Alice's book
        let settings = InsightSettings.standard
        let query = InsightQuery.standard(asOf: try #require(CivilDate(iso: "2026-03-01")), settings: settings)
        for owner in [alice, bob] {
            let book = try await store.insightFacts(query, in: .owners([owner.id]))
            let expected = TierCalculator.calculate(book, settings: settings).tiers
            for f in book {
                let card = try #require(try await store.cardFacts(for: f.id, query))
                #expect(TierCalculator.tier(card, settings: settings) == expected[f.id], "customer \(f.name)")
                #expect(card.buyers == book.filter { $0.orderCount > 0 }.count)
                #expect(card.facts == f)
            }
        }
        #expect(try await store.cardFacts(for: CustomerID(999), query) == nil)
    }
}
