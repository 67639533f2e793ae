import CRMDomain
import CRMSupport
import Foundation
import Testing

@testable import CRMStorage

@Suite struct SearchTests {
    /// Alice's clinic with a contact, a visit note and a complaint; Bob's clinic.
    struct Book {
        let f: Fixture
        let clinic: Customer
        let dental: Customer
        let bright: Customer
        let wang: Contact
        let visit: Activity
        let complaint: Complaint

        static func make(_ store: SQLiteStore? = nil) async throws -> Book {
            let f = try await Fixture.make(store)
            let clinic = try await f.customer("阳光牙科诊所", by: f.alice)
            let dental = try await f.customer("Sunrise Dental", by: f.alice, aliases: ["SRD Group"])
            let bright = try await f.customer("Bright Dental", by: f.bob)
            let wang = try await f.store.addContact(
                NewContact(customerID: clinic.id, name: "王彤", title: "采购经理"), try f.ctx(f.alice))
            let visit = try await f.store.logActivity(
                NewActivity(customerID: clinic.id, type: .visit, at: try moment("2026-03-02T10:00"), note: "和王彤讨论了试用方案"),
                try f.ctx(f.alice))
            let complaint = try await f.store.openComplaint(
                NewComplaint(customerID: dental.id, note: "Delivery was late twice"), try f.ctx(f.alice))
            return Book(f: f, clinic: clinic, dental: dental, bright: bright, wang: wang, visit: visit, complaint: complaint)
        }

        func find(_ q: String, _ scope: AccessScope? = nil) async throws -> [String] {
            try await f.store.search(q, in: scope ?? .owners([f.alice.id]), limit: 20).map { h in
                "\(h.kind.rawValue) \(h.recordID)\(h.matchedName ? " name" : "")"
            }
        }
    }

    @Test func chineseIsFoundInsideNamesAndNotesWhateverItsLength() async throws {
        let b = try await Book.make()
        #expect(try await b.find("牙科") == ["customer \(b.clinic.id.rawValue) name"])
        #expect(try await b.find("光牙科诊") == ["customer \(b.clinic.id.rawValue) name"])
        // A name: the contact first, then the note that mentions it.
        #expect(try await b.find("王彤") == ["contact \(b.wang.id.rawValue) name", "activity \(b.visit.id.rawValue)"])
        #expect(try await b.find("彤讨论") == ["activity \(b.visit.id.rawValue)"])
        #expect(try await b.find("试用") == ["activity \(b.visit.id.rawValue)"])
        #expect(try await b.find("采购") == ["contact \(b.wang.id.rawValue) name"])
        // One character, and characters that are not next to each other.
        #expect(try await b.find("彤") == ["contact \(b.wang.id.rawValue) name", "activity \(b.visit.id.rawValue)"])
        #expect(try await b.find("牙诊").isEmpty)
    }

    @Test func wordsAreFoundByPrefixInAnyOrderAndCase() async throws {
        let b = try await Book.make()
        #expect(try await b.find("dent") == ["customer \(b.dental.id.rawValue) name"])
        #expect(try await b.find("srd") == ["customer \(b.dental.id.rawValue) name"])
        #expect(try await b.find("LATE delivery") == ["complaint \(b.complaint.id.rawValue)"])
        #expect(try await b.find("late dental").isEmpty, "every word must be in one record")
        for nothing in ["", "   ", "?!", "—"] { #expect(try await b.find(nothing).isEmpty) }
        // Query syntax is text, never an FTS5 expression.
        for odd in ["\"dent", "dent*", "dent OR bright", "NEAR(dent", "{name_terms}: dent", "dent AND"] {
            #expect(try await b.find(odd).count <= 1, "\(odd)")
        }
    }

    @Test func aRepFindsOnlyTheirOwnRecords() async throws {
        let b = try await Book.make()
        #expect(try await b.find("dental") == ["customer \(b.dental.id.rawValue) name"])
        #expect(try await b.find("bright").isEmpty)
        #expect(try await b.find("bright", .owners([b.f.bob.id])) == ["customer \(b.bright.id.rawValue) name"])
        #expect(Set(try await b.find("dental", .everything)) == [
            "customer \(b.dental.id.rawValue) name", "customer \(b.bright.id.rawValue) name",
        ])
    }

    @Test func theIndexFollowsEditsUndoAndOtherPrograms() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("search.sqlite")
        let b = try await Book.make(try SQLiteStore.open(path: path))
        let note = try await b.f.store.logActivity(
            NewActivity(customerID: b.dental.id, type: .call, at: try moment("2026-03-03T10:00"), note: "asked about the warranty"),
            try b.f.ctx(b.f.alice))
        #expect(try await b.find("warranty") == ["activity \(note.id.rawValue)"])
        _ = try await b.f.store.undoLastChange(by: b.f.alice.id, at: try moment("2026-03-03T11:00"))
        #expect(try await b.find("warranty").isEmpty)
        // Another program writes with plain SQL: indexed on the next search.
        do {
            let raw = try Connection(path: path)
            try raw.execute("UPDATE activities SET note = 'brought the warranty papers' WHERE id = ?", [.integer(b.visit.id.rawValue)])
            try raw.execute("UPDATE customers SET name = 'Sunset Dental' WHERE id = ?", [.integer(b.dental.id.rawValue)])
        }
        #expect(try await b.find("warranty") == ["activity \(b.visit.id.rawValue)"])
        #expect(try await b.find("试用").isEmpty)
        #expect(try await b.find("sunset") == ["customer \(b.dental.id.rawValue) name"])
        #expect(try await b.find("sunrise").isEmpty)
        // A file reopened finds the same.
        let again = try SQLiteStore.open(path: path)
        #expect(try await again.search("sunset", in: .everything, limit: 5).map(\.customerName) == ["Sunset Dental"])
    }

    @Test func anOlderFileIsIndexedWhenItIsUpgraded() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path("old.sqlite")
        do {
            let raw = try olderDatabase(at: path, through: Array(Migration.all.dropLast()))
            try raw.execute(
                "INSERT INTO customers (kind, name, owner_id, created_at) VALUES ('company', '恒泰机械', 1, '2026-01-01T09:00')")
            try raw.execute(
                "INSERT INTO activities (customer_id, rep_id, type, at, note) VALUES (1, 1, 'visit', '2026-01-02T09:00', '谈了续约')")
        }
        let store = try SQLiteStore.open(path: path)
        #expect(try await store.search("恒泰", in: .everything, limit: 5).map(\.kind) == [.customer])
        #expect(try await store.search("续约", in: .everything, limit: 5).map(\.kind) == [.activity])
    }

    @Test func termsSplitScriptsAndPairChineseCharacters() {
        let t = SearchTerms.index("Sunrise牙科诊所, O'Brien 2号楼")
        #expect(t.terms == "Sunrise 牙科 科诊 诊所 O Brien 2 号楼")
        #expect(t.chars == "牙 科 诊 所 号 楼")
        #expect(SearchTerms.query("dent 王彤 王", terms: "t", chars: "c") == #"{t} : "dent" * AND {t} : "王彤" AND {c} : "王""#)
        #expect(SearchTerms.query("\" * ( ) :", terms: "t", chars: "c") == nil)
    }
}
