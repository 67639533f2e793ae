import CRMDomain
import CRMSupport
import Foundation
import Testing

@testable import CRMStorage

/// The committed name tables (Intents/names/), read from the source tree.
enum RealNameTables {
    static let scripts: NameScripts = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Intents/names")
        let pinyin = try! String(contentsOf: dir.appendingPathComponent("pinyin.tsv"), encoding: .utf8)
        let simplified = try! String(contentsOf: dir.appendingPathComponent("simplified.tsv"), encoding: .utf8)
        return try! NameScripts(pinyinTable: pinyin, simplifiedTable: simplified)
    }()
}

/// Names across scripts (migration 007): the `name_key` tier of findParties, on a real file.
@Suite struct NameKeysTests {
    func names(_ f: Fixture, _ q: String, _ scope: AccessScope = .everything) async throws -> [String] {
        try await f.store.findParties(named: q, in: scope, limit: 50).map(\.name)
    }

    func fileFixture(_ dir: TempDirectory) async throws -> Fixture {
        try await Fixture.make(try SQLiteStore.open(path: dir.path("crm.sqlite"), nameScripts: RealNameTables.scripts))
    }

    @Test func chineseNameFoundByPinyinAndTraditional() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let f = try await fileFixture(dir)
        let c = try await f.customer("陈磊", by: f.alice)
        for q in ["chenlei", "Chen Lei", "CHEN-LEI", "chén lěi", "陳磊"] {
            #expect(try await names(f, q) == ["陈磊"], "\(q)")
        }
        // Not the key tier (a key matches whole) but the partial one: pinyin for the start
        // of a Chinese name, as "chen" is a word of "Olivia Chen"; never its middle.
        #expect(try await names(f, "chen") == ["陈磊"])
        #expect(try await names(f, "chen", .owners([f.alice.id])) == ["陈磊"])
        #expect(try await names(f, "lei").isEmpty)
        _ = try await f.store.addContact(NewContact(customerID: c.id, name: "Olivia Chen"), f.ctx(f.alice))
        #expect(Set(try await names(f, "chen")) == ["陈磊", "Olivia Chen"])
        #expect(try await names(f, "chenlei", .owners([f.bob.id])).isEmpty)  // scope still applies
        // A rename keys the new name; undo restores the old key.
        _ = try await f.store.updateCustomer(c.id, [.name("陈磊医院")], f.ctx(f.alice, "customer.update"))
        #expect(try await names(f, "chenlei yiyuan") == ["陈磊医院"])
        #expect(try await names(f, "chenlei") == ["陈磊医院"])  // only as the start of the new key
        _ = try await f.store.undoLastChange(by: f.alice.id, at: try moment("2026-03-01T10:05"))
        #expect(try await names(f, "chenlei") == ["陈磊"])
    }

    @Test func latinNameFoundByCharactersAndBackAndAliases() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let f = try await fileFixture(dir)
        let quanyu = try await f.customer("Quanyu Hospital", by: f.alice, aliases: ["全宇"])
        _ = try await f.store.addContact(NewContact(customerID: quanyu.id, name: "Wang Tong"), f.ctx(f.alice))
        let zhou = try await f.store.addContact(NewContact(customerID: quanyu.id, name: "周华"), f.ctx(f.alice))
        #expect(try await names(f, "王彤") == ["Wang Tong"])
        #expect(try await names(f, "WangTong") == ["Wang Tong"])
        #expect(try await names(f, "zhou hua") == ["周华"])
        #expect(try await names(f, "quanyu") == ["Quanyu Hospital"])  // the alias 全宇 by its pinyin
        // An alias added later is keyed too.
        _ = try await f.store.updateContact(zhou.id, [.addAlias("周華主任")], f.ctx(f.alice))
        #expect(try await names(f, "zhouhua zhuren") == ["周华"])
    }

    @Test func exactMatchWinsOverTheKeyTier() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let f = try await fileFixture(dir)
        let latin = try await f.customer("Chen Lei", by: f.alice)
        _ = try await f.store.addContact(NewContact(customerID: latin.id, name: "陈磊"), f.ctx(f.alice))
        #expect(try await names(f, "Chen Lei") == ["Chen Lei"])
        #expect(try await names(f, "陈磊") == ["陈磊"])
        #expect(try await names(f, "chenlei") == ["Chen Lei", "陈磊"])  // neither exact: both by key
        #expect(try await names(f, "陳磊") == ["Chen Lei", "陈磊"])
    }

    @Test func withoutTablesLatinKeysStillWork() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("Chen Lei", by: f.alice)
        _ = try await f.customer("陈磊", by: f.alice)
        #expect(try await names(f, "chenlei") == ["Chen Lei"])
        #expect(try await names(f, "陳磊").isEmpty)
    }

    @Test func migrationBackfillsKeysOfAnOlderDatabase() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("old.sqlite")
        do {
            let raw = try olderDatabase(at: path, through: [.initial001, .indexes002, .insights003, .relays004, .nameLookup005])
            try raw.execute(
                "INSERT INTO customers (kind, name, owner_id, created_at, name_folded) VALUES ('company', '陈磊医院', 1, '2025-01-01', '陈磊医院')")
            try raw.execute("INSERT INTO customer_aliases (customer_id, alias, name_folded) VALUES (1, 'CL Hosp', 'cl hosp')")
            try raw.execute("INSERT INTO contacts (customer_id, name, name_folded) VALUES (1, 'Wang Tong', 'wang tong')")
            try raw.execute("INSERT INTO contact_aliases (contact_id, alias, name_folded) VALUES (1, '小王', '小王')")
            #expect(try raw.scalarInt("SELECT COUNT(*) FROM crmbot_migrations") == 5)
        }
        let store = try SQLiteStore.open(path: path, nameScripts: RealNameTables.scripts)
        let keys = try await store.reading { db in
            try ["customers", "customer_aliases", "contacts", "contact_aliases"].map { t in
                try db.scalarText("SELECT name_key FROM \(t) WHERE id = 1") ?? "NULL"
            }
        }
        #expect(keys == ["chenleiyiyuan", "clhosp", "wangtong", "xiaowang"])
        #expect(try await store.findParties(named: "Chenlei Yiyuan", in: .everything, limit: 5).map(\.name) == ["陈磊医院"])
        #expect(try await store.findParties(named: "王彤", in: .everything, limit: 5).map(\.name) == ["Wang Tong"])
        #expect(try await store.findParties(named: "xiao wang", in: .everything, limit: 5).map(\.name) == ["Wang Tong"])
    }

    @Test func reopeningWithOtherTablesReKeysAndMissingKeysAreFilled() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("crm.sqlite")
        do {
            let f = try await Fixture.make(try SQLiteStore.open(path: path))  // no tables
            _ = try await f.customer("陈磊", by: f.alice)
            #expect(try await names(f, "chenlei").isEmpty)
        }
        do {
            let raw = try Connection(path: path)  // another program, which does not key names
            try raw.execute("INSERT INTO customers (kind, name, owner_id, created_at) VALUES ('company', '王彤', 1, '2025-01-02')")
        }
        let store = try SQLiteStore.open(path: path, nameScripts: RealNameTables.scripts)
        #expect(try await store.findParties(named: "chenlei", in: .everything, limit: 5).map(\.name) == ["陈磊"])
        #expect(try await store.findParties(named: "wang tong", in: .everything, limit: 5).map(\.name) == ["王彤"])
        let recorded = try await store.reading { db in try db.scalarText("SELECT tables FROM crmbot_name_keys") }
        #expect(recorded == RealNameTables.scripts.fingerprint)
    }
}
