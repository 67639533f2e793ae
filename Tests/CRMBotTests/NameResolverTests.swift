import CRMDomain
import CRMSupport
import Testing

@testable import CRMBot

@Suite struct NameResolverTests {
    static func contact(_ id: Int64, _ name: String, at customer: Int64, _ company: String, aliases: [String] = [])
        -> DirectoryEntry
    {
        DirectoryEntry(ref: .contact(ContactID(id)), name: name, aliases: aliases, customerID: CustomerID(customer),
            customerName: company, ownerID: RepID(1))
    }
    static func customer(_ id: Int64, _ name: String, aliases: [String] = []) -> DirectoryEntry {
        DirectoryEntry(ref: .customer(CustomerID(id)), name: name, aliases: aliases, customerID: CustomerID(id),
            customerName: name, ownerID: RepID(1))
    }

    let resolver = NameResolver(entries: [
        customer(1, "Quanyu Hospital", aliases: ["全宇医院"]),
        contact(10, "Wang Tong", at: 1, "Quanyu Hospital", aliases: ["王彤"]),
        contact(11, "Zhou Hua", at: 1, "Quanyu Hospital", aliases: ["周华"]),
        contact(12, "Li Na", at: 1, "Quanyu Hospital"),
        customer(2, "City Clinic"),
        contact(20, "Li Na", at: 2, "City Clinic"),
        customer(3, "Bank of China"),
    ])

    func ref(_ r: NameResolver.Resolution) -> PartyRef? {
        if case .unique(let e) = r { return e.ref }
        return nil
    }

    @Test func exactNameIgnoresCaseAndWidth() {
        #expect(ref(resolver.resolve("wang tong")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("ＷＡＮＧ ＴＯＮＧ")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("  Wang   Tong. ")) == .contact(ContactID(10)))
    }

    @Test func aliasMatches() {
        #expect(ref(resolver.resolve("王彤")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("全宇医院")) == .customer(CustomerID(1)))
    }

    @Test func uniquePrefixOrWordMatches() {
        #expect(ref(resolver.resolve("Wang")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("Tong")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("Quanyu")) == .customer(CustomerID(1)))
    }

    @Test func chineseNameContainedEitherWay() {
        #expect(ref(resolver.resolve("王彤主任")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("全宇")) == .customer(CustomerID(1)))
    }

    @Test func smallTyposMatch() {
        #expect(ref(resolver.resolve("Wnag Tong")) == .contact(ContactID(10)))
        #expect(ref(resolver.resolve("Zhou Hau")) == .contact(ContactID(11)))
        #expect(ref(resolver.resolve("Quanyu Hopsital")) == .customer(CustomerID(1)))
        #expect(resolver.resolve("Wxyz Tong") == .notFound)
    }

    @Test func twoEqualCandidatesAreAmbiguous() {
        guard case .ambiguous(let list) = resolver.resolve("Li Na") else {
            Issue.record("expected ambiguous")
            return
        }
        #expect(list.map(\.ref) == [.contact(ContactID(12)), .contact(ContactID(20))])
    }

    @Test func companyInTheNameOrMessageDisambiguates() {
        #expect(ref(resolver.resolve("Li Na at City Clinic")) == .contact(ContactID(20)))
        #expect(ref(resolver.resolve("Li Na of Quanyu Hospital")) == .contact(ContactID(12)))
        #expect(ref(resolver.resolve("Li Na (City Clinic)")) == .contact(ContactID(20)))
        #expect(ref(resolver.resolve("Li Na", message: "called Li Na from city clinic today")) == .contact(ContactID(20)))
    }

    @Test func exactNameWithOfIsNotSplit() {
        #expect(ref(resolver.resolve("bank of china")) == .customer(CustomerID(3)))
    }

    @Test func kindsRestrictTheMatch() {
        #expect(resolver.resolve("Wang Tong", kinds: .customers) == .notFound)
        #expect(ref(resolver.resolve("City Clinic", kinds: .customers)) == .customer(CustomerID(2)))
    }

    @Test func nameMentionedInATaskText() {
        #expect(resolver.mentioned(in: "call Zhou Hua about the trial")?.ref == .contact(ContactID(11)))
        #expect(resolver.mentioned(in: "给王彤打电话")?.ref == .contact(ContactID(10)))
        #expect(resolver.mentioned(in: "call Li Na") == nil)  // two Li Na
        #expect(resolver.mentioned(in: "buy a new wangtongo") == nil)
        #expect(resolver.mentioned(in: "visit Li Na at City Clinic")?.ref == .customer(CustomerID(2)))
    }

    /// Resolving over the entries whose names are among ``NameResolver/mentionTerms(in:)``
    /// (what the store returns) gives what the whole directory gives.
    @Test func mentionTermsCoverEveryNameMentionedFinds() {
        let texts = [
            "call Zhou Hua about the trial", "给王彤打电话", "call Li Na", "buy a new wangtongo",
            "visit Li Na at City Clinic", "lunch (Bank of China), then Quanyu Hospital!", "全宇医院的王彤", "",
        ]
        for text in texts {
            let terms = Set(NameResolver.mentionTerms(in: text))
            let narrowed = NameResolver(entries: resolver.entries.filter { e in
                NameResolver.names(of: e).contains { terms.contains($0) }
            })
            #expect(narrowed.mentioned(in: text) == resolver.mentioned(in: text), "\(text)")
        }
        #expect(NameResolver.mentionTerms(in: "call Zhou Hua").contains("zhou hua"))
        #expect(!NameResolver.mentionTerms(in: "call Zhou Huang").contains("zhou hua"))
    }

    @Test func unknownAndEmptyNamesAreNotFound() {
        #expect(resolver.resolve("Nobody") == .notFound)
        #expect(resolver.resolve("   ") == .notFound)
        #expect(resolver.resolve("'); DROP TABLE x;--") == .notFound)
    }

    @Test func acrossScriptsAfterExactBeforePartial() {
        let scripts = NameScripts(
            pinyin: ["陈": "chen", "磊": "lei", "李": "li", "娜": "na", "王": "wang", "彤": "tong"], simplified: ["陳": "陈"])
        let r = NameResolver(
            entries: resolver.entries + [
                Self.customer(5, "Chen Lei"), Self.contact(50, "陈磊", at: 2, "City Clinic"),
                Self.customer(6, "Chen Leishan"),
            ], scripts: scripts)
        #expect(ref(r.resolve("Chen Lei")) == .customer(CustomerID(5)))  // exact wins
        #expect(ref(r.resolve("陈磊")) == .contact(ContactID(50)))  // exact wins
        if case .ambiguous(let both) = r.resolve("陳磊") {  // the key: both, not the prefix "Chen Leishan"
            #expect(Set(both.map(\.ref)) == [.customer(CustomerID(5)), .contact(ContactID(50))])
        } else {
            Issue.record("陳磊 should fit Chen Lei and 陈磊")
        }
        #expect(ref(r.resolve("李娜 at City Clinic")) == .contact(ContactID(20)))  // qualified, by key
        #expect(ref(NameResolver(entries: resolver.entries, scripts: scripts).resolve("wangtong")) == .contact(ContactID(10)))
        #expect(ref(NameResolver(entries: resolver.entries).resolve("wangtong")) == .contact(ContactID(10)))  // latin needs no table
    }

    /// A surname typed in pinyin fits a Chinese name as well as a Western one: the rep is
    /// asked which, never given the Western one by default (a call logged with the wrong Chen).
    @Test func pinyinForTheStartOfAChineseNameIsAPartialMatch() {
        let scripts = NameScripts(pinyin: ["陈": "chen", "磊": "lei", "王": "wang", "彤": "tong"], simplified: [:])
        let r = NameResolver(
            entries: [Self.contact(60, "Olivia Chen", at: 7, "Apex Motors"), Self.contact(61, "陈磊", at: 8, "华美科技")],
            scripts: scripts)
        if case .ambiguous(let both) = r.resolve("chen") {
            #expect(Set(both.map(\.ref)) == [.contact(ContactID(60)), .contact(ContactID(61))])
        } else {
            Issue.record("chen should fit Olivia Chen and 陈磊: \(r.resolve("chen"))")
        }
        #expect(ref(r.resolve("olivia")) == .contact(ContactID(60)))
        #expect(ref(r.resolve("chen lei")) == .contact(ContactID(61)))  // the key, whole
        #expect(r.resolve("lei") == .notFound, "only the start of a Chinese name's pinyin")
    }
}
