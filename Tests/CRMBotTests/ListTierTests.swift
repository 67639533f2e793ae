import CRMBot
import CRMDomain
import CRMSupport
import Testing

/// customer.list's tiers come from the same rule as tier.list (profit, not revenue), so
/// "list key accounts" and "80/20" cannot disagree.
@Suite struct ListTierTests {
    @Test func listUsesProfitLikeTierList() async throws {
        let h = try RealEngineTests().harness()
        for m in [
            "add customer Big Margin Co", "add customer Thin Margin Co",
            // Revenue: Thin 100k > Big 50k; profit: Big 50k > Thin 5k (cost 95k).
            "Thin Margin Co ordered 10 phones for 100k", "Big Margin Co ordered 5 phones for 50k",
            "set Thin Margin Co cost to 95k",
        ] {
            let r = await h.say(m)
            #expect(r.ok, "\(m) → \(r.json.serialized)")
        }
        let list = await h.say("list key accounts")
        #expect(list.intent == "customer.list")
        let names = list.data["customers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names == ["Big Margin Co"], "\(list.json.serialized)")

        let tiers = await h.say("80/20")
        #expect(tiers.intent == "tier.list")
        let rows = tiers.data["rows"]?.arrayValue ?? tiers.data["customers"]?.arrayValue ?? []
        let keyNames = rows.filter { $0["tier"]?.stringValue == "key" }.compactMap { $0["customer"]?.stringValue ?? $0["name"]?.stringValue }
        #expect(keyNames == names, "\(tiers.json.serialized)")
    }
}
