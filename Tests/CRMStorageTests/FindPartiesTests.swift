import CRMDomain
import CRMSupport
import Foundation
import Testing

@testable import CRMStorage

@Suite struct FindPartiesTests {
    /// Names of the entries found, customers then contacts.
    func names(_ f: Fixture, _ q: String, _ scope: AccessScope = .everything, limit: Int = 50) async throws -> [String] {
        try await f.store.findParties(named: q, in: scope, limit: limit).map(\.name)
    }

    @Test func exactNameAndAliasFoldingCaseWidthAndSpaces() async throws {
        let f = try await Fixture.make()
        let quanyu = try await f.customer("Quanyu Hospital", by: f.alice, aliases: ["QYH"])
        _ = try await f.customer("Quanyu Clinic", by: f.alice)
        _ = try await f.store.addContact(NewContact(customerID: quanyu.id, name: "Wang Tong", aliases: ["Dr Wang"]), f.ctx(f.alice))
        #expect(try await names(f, "quanyu hospital") == ["Quanyu Hospital"])
        #expect(try await names(f, "  QUANYU   Hospital ") == ["Quanyu Hospital"])
        #expect(try await names(f, "ＱＵＡＮＹＵ　ｈｏｓｐｉｔａｌ") == ["Quanyu Hospital"])  // full width, ideographic space
        #expect(try await names(f, "qyh") == ["Quanyu Hospital"])
        #expect(try await names(f, "dr wang") == ["Wang Tong"])
        let entry = try #require(try await f.store.findParties(named: "Dr Wang", in: .everything, limit: 5).first)
        #expect(entry.ref == .contact(try #require(try await f.store.card(for: quanyu.id, recentLimit: 1)?.contacts.first?.id)))
        #expect(entry.customerName == "Quanyu Hospital" && entry.aliases == ["Dr Wang"] && entry.ownerID == f.alice.id)
    }

    @Test func exactWinsOverPrefixPerKind() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("Acme", by: f.alice)
        _ = try await f.customer("Acme Steel", by: f.alice)
        #expect(try await names(f, "acme") == ["Acme"])
        #expect(try await names(f, "acm") == ["Acme", "Acme Steel"])
        #expect(try await names(f, "steel") == ["Acme Steel"])  // whole-word prefix
        #expect(try await names(f, "cme", .owners([f.alice.id])) == ["Acme"])  // not a word start: a typo of "acme"
    }

    @Test func chineseNamesFoldToThemselves() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("全宇医院", by: f.alice)
        _ = try await f.store.addContact(NewContact(customerID: c.id, name: "王彤"), f.ctx(f.alice))
        #expect(try await names(f, "全宇医院") == ["全宇医院"])
        #expect(try await names(f, "全宇") == ["全宇医院"])  // contained
        #expect(try await names(f, "王彤主任") == ["王彤"])  // contains the name
        #expect(try await names(f, "医院") == ["全宇医院"])
        #expect(try await names(f, "李").isEmpty)
    }

    @Test func typoFallbackOnlyWhenNothingElseMatches() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("Central Bank", by: f.alice)
        _ = try await f.customer("Zhou Hua", by: f.alice)
        #expect(try await names(f, "centrl bank") == ["Central Bank"])
        #expect(try await names(f, "zhuo hua") == ["Zhou Hua"])  // transposition
        #expect(try await names(f, "zhou hua", .owners([f.alice.id])) == ["Zhou Hua"])
        #expect(try await names(f, "xhou hua", .owners([f.alice.id])) == ["Zhou Hua"])  // first letter, in a scope
        #expect(try await names(f, "qqqq hua").isEmpty)
    }

    @Test func scopeFiltersEveryTier() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("Shared Name", by: f.alice)
        _ = try await f.customer("Shared Name", by: f.bob)
        _ = try await f.customer("Bob Only", by: f.bob, aliases: ["BO"])
        let alice: AccessScope = .owners([f.alice.id])
        #expect(try await f.store.findParties(named: "shared name", in: alice, limit: 10).map(\.ownerID) == [f.alice.id])
        #expect(try await f.store.findParties(named: "shared name", in: .everything, limit: 10).count == 2)
        #expect(try await names(f, "bob only", alice).isEmpty)
        #expect(try await names(f, "bo", alice).isEmpty)
        #expect(try await names(f, "bob", alice).isEmpty)
        #expect(try await names(f, "bob onyl", alice).isEmpty)
        #expect(try await names(f, "bob onyl", .owners([f.bob.id])) == ["Bob Only"])
        #expect(try await names(f, "bob only", .owners([])).isEmpty)
    }

    @Test func sqlLookingAndWildcardNamesAreText() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("O'Brien; DROP TABLE customers; --", by: f.alice)
        _ = try await f.customer("100% Pure_Water", by: f.alice)
        _ = try await f.customer("Plain", by: f.alice)
        #expect(try await names(f, "o'brien; drop table customers; --") == ["O'Brien; DROP TABLE customers; --"])
        #expect(try await names(f, "%").isEmpty)
        #expect(try await names(f, "100%") == ["100% Pure_Water"])
        #expect(try await names(f, "_water").isEmpty)
        #expect(try await names(f, "pure_") == ["100% Pure_Water"])
        #expect(try await names(f, "\"]' OR 1=1 --").isEmpty)
        #expect(try await names(f, "全\"]").isEmpty)  // Chinese pieces go through JSON: quotes stay text
        #expect(try await f.store.reading { db in try db.scalarInt("SELECT COUNT(*) FROM customers") } == 3)
    }

    @Test func limitBoundsEachKind() async throws {
        let f = try await Fixture.make()
        for i in 1...8 { _ = try await f.customer("Branch \(i)", by: f.alice) }
        #expect(try await names(f, "branch", limit: 3) == ["Branch 1", "Branch 2", "Branch 3"])
        #expect(try await names(f, "branch", limit: 0).isEmpty)
        #expect(try await names(f, "   ").isEmpty)
    }

    @Test func renameAliasAndUndoKeepTheFoldedNameCurrent() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Old Name", by: f.alice)
        _ = try await f.store.updateCustomer(c.id, [.name("ＮＥＷ Name"), .addAlias("Nickname")], f.ctx(f.alice))
        #expect(try await names(f, "new name") == ["ＮＥＷ Name"])
        #expect(try await names(f, "nickname") == ["ＮＥＷ Name"])
        #expect(try await names(f, "old name").isEmpty)
        _ = try await f.store.undoLastChange(by: f.alice.id, at: try moment("2026-03-01T11:00"))
        #expect(try await names(f, "old name") == ["Old Name"])
        #expect(try await names(f, "nickname").isEmpty)
    }

    @Test func kindsChooseWhatIsSearchedAndTiersAreShared() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Zhou Hua", by: f.alice)
        _ = try await f.store.addContact(NewContact(customerID: c.id, name: "Zhou Huan"), f.ctx(f.alice))
        // Any: the exact customer decides the tier, so the contact's prefix match is not read.
        #expect(try await names(f, "zhou hua") == ["Zhou Hua"])
        #expect(try await f.store.findParties(named: "zhou hua", in: .everything, kinds: .contacts, limit: 5).map(\.name) == ["Zhou Huan"])
        #expect(try await f.store.findParties(named: "zhou huan", in: .everything, kinds: .customers, limit: 5).map(\.name) == ["Zhou Hua"])
    }

    @Test func ownerAndCostCopiesFollowTheCustomer() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Moved", by: f.alice)
        _ = try await f.store.updateCustomer(c.id, [.owner(f.bob.id), .cost(Money(cents: 700))], f.ctx(f.alice))
        func copies() async throws -> [Int64?] {
            try await f.store.reading { db in
                let r = try db.row("SELECT owner_id, cost_cents FROM customer_stats WHERE customer_id = ?", [.integer(c.id.rawValue)])
                return [r.flatMap { if case .integer(let v) = $0[0] { v } else { nil } },
                        r.flatMap { if case .integer(let v) = $0[1] { v } else { nil } }]
            }
        }
        #expect(try await copies() == [f.bob.id.rawValue, 700])
        _ = try await f.store.undoLastChange(by: f.alice.id, at: try moment("2026-03-01T11:00"))
        #expect(try await copies() == [f.alice.id.rawValue, nil])
    }

    @Test func namedAnyOfIsExactOverAllTheGivenNames() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Zhou Hua", by: f.alice, aliases: ["ZH"])
        _ = try await f.store.addContact(NewContact(customerID: c.id, name: "王彤"), f.ctx(f.alice))
        _ = try await f.customer("Zhou Huan", by: f.bob)
        let found = try await f.store.findParties(namedAnyOf: ["zh", "王彤", "zhou hu", "zhou huan"], in: .owners([f.alice.id]), limit: 5)
        #expect(found.map(\.name) == ["Zhou Hua", "王彤"])
        #expect(try await f.store.findParties(namedAnyOf: [], in: .everything, limit: 5).isEmpty)
    }

    @Test func directoryEntryRespectsScope() async throws {
        let f = try await Fixture.make()
        let c = try await f.customer("Bob's", by: f.bob)
        #expect(try await f.store.directoryEntry(for: .customer(c.id), in: .everything)?.name == "Bob's")
        #expect(try await f.store.directoryEntry(for: .customer(c.id), in: .owners([f.alice.id])) == nil)
        #expect(try await f.store.directoryEntry(for: .customer(CustomerID(999)), in: .everything) == nil)
    }

    @Test func migrationFoldsTheNamesOfAnOlderFile() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("old.sqlite")
        do {
            let raw = try olderDatabase(at: path, through: [.initial001, .indexes002, .insights003])
            try raw.execute("INSERT INTO customers (kind, name, owner_id, created_at) VALUES ('company', 'ＯＬＤ  Co', 1, '2025-01-01')")
            try raw.execute("INSERT INTO customer_aliases (customer_id, alias) VALUES (1, 'Oldie')")
            try raw.execute("INSERT INTO contacts (customer_id, name) VALUES (1, '王彤')")
            try raw.execute("INSERT INTO contact_aliases (contact_id, alias) VALUES (1, 'Wang T')")
        }
        let store = try SQLiteStore.open(path: path)
        let folded = try await store.reading { db in
            try ["customers", "customer_aliases", "contacts", "contact_aliases"].map { t in
                try db.scalarText("SELECT name_folded FROM \(t) WHERE id = 1") ?? "NULL"
            }
        }
        #expect(folded == ["old co", "oldie", "王彤", "wang t"])
        // The card's book sums read the owner from customer_stats, backfilled too.
        #expect(try await store.reading { db in try db.scalarInt("SELECT owner_id FROM customer_stats WHERE customer_id = 1") } == 1)
        #expect(try await store.findParties(named: "old co", in: .everything, limit: 5).map(\.name) == ["ＯＬＤ  Co"])
        #expect(try await store.findParties(named: "wang t", in: .everything, limit: 5).map(\.name) == ["王彤"])
        // Rows another program inserts later without the folded form are folded at the next open.
        do {
            let raw = try Connection(path: path)
            try raw.execute("INSERT INTO customers (kind, name, owner_id, created_at) VALUES ('company', 'Late Co', 1, '2025-01-02')")
        }
        let reopened = try SQLiteStore.open(path: path)
        #expect(try await reopened.findParties(named: "LATE CO", in: .everything, limit: 5).map(\.name) == ["Late Co"])
    }
}
