import CRMDomain
import CRMInsights
import CRMSupport

/// What the CRM method adds to the customer card: the value tier, the suggested
/// relationship level (domain §6) and the customer's current warnings.
///
/// Both are measured within the owner's book (the owning rep's customers): the tier the
/// owner sees in tier.list, and Kotler's "number of customers" is the owner's. It also
/// keeps the card cheap: the store's ``CRMStore/cardFacts(for:_:)`` reads the customer and
/// three sums over the owner's book (``TierCalculator/tier(_:settings:)`` ranks nothing).
enum CardInsights {
    static func append(to done: Done, card: CustomerCard, turn: Turn) async throws -> Done {
        let settings = InsightActions.settings(turn)
        let query = InsightQuery.standard(asOf: turn.today, settings: settings)
        guard let cardFacts = try await turn.store.cardFacts(for: card.customer.id, query) else { return done }
        let f = cardFacts.facts
        let lang = turn.language
        let tier: ValueTier? = TierCalculator.tier(cardFacts, settings: settings)
        let buyers = cardFacts.buyers
        let margin = RelationshipLevel.margin(revenue: f.revenueInWindow, cost: f.cost)
        let level = RelationshipLevel.suggest(customers: buyers, margin: margin, settings: settings)
        let reasons = RiskRules.reasons(for: f, asOf: turn.today, isKeyAccount: f.stage == .key || tier == .key, settings: settings)
        var lines = [done.text]
        var head: [String] = []
        if let tier { head.append(turn.say("Tier: ", "价值分级：") + Vocabulary.tier(tier, lang)) }
        head.append(
            turn.say("relationship: ", "关系层次：") + level.name(lang) + turn.say(" (", "（") + level.meaning(lang)
                + turn.say(")", "）"))
        lines.append(head.joined(separator: " · "))
        if !reasons.isEmpty {
            lines.append(turn.say("Warnings:", "预警："))
            for r in reasons {
                lines.append("• " + r.kind.name(lang) + turn.say(": ", "：") + r.why(lang) + " → " + r.nextStep(lang))
            }
        }
        var data = done.data
        // "qualified" is the card's own (CardText), from the same customer record.
        data.append(("tier", tier.map { .string($0.rawValue) } ?? .null))
        data.append(("relationship_level", .string(level.rawValue)))
        data.append(("margin", InsightJSON.number(margin)))
        data.append(("warnings", .array(reasons.map { InsightJSON.warning($0, lang) })))
        return Done(text: lines.joined(separator: "\n"), data: data)
    }
}
