import CRMDomain
import CRMExchange
import CRMStorage
import CRMSupport
import Foundation
import Testing

/// Exports stay within the rep's scope and are audited (domain §13).
@Suite struct ExporterTests {
    static func vocabulary() throws -> ImportVocabulary {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = repo.appendingPathComponent("Intents/\(ImportVocabulary.fileName)").path
        return try ImportVocabulary.parse(try String(contentsOfFile: path, encoding: .utf8), source: path)
    }

    @Test func exportIsScopedAndAudited() async throws {
        let store = try SQLiteStore.inMemory()
        let now = try #require(LocalDateTime(iso: "2026-11-22T09:00"))
        let li = try await store.ensureRep(named: "Li Ming", role: .rep)
        let bob = try await store.ensureRep(named: "Bob", role: .rep)
        _ = try await store.addCustomer(NewCustomer(name: "=Quanyu, \"Hospital\""), WriteContext(repID: li.id, at: now, action: "customer.add"))
        let exporter = Exporter(store: store, vocabulary: try Self.vocabulary())
        let mine = try await exporter.export(.customers, as: li, at: now)
        #expect(mine.rows == 1)
        #expect(mine.csv == "name,kind,stage,owner,industry,region,phone,email,address\r\n\"\t=Quanyu, \"\"Hospital\"\"\",company,lead,Li Ming,,,,,\r\n")
        let theirs = try await exporter.export(.customers, as: bob, at: now)
        #expect(theirs.rows == 0)
        let audit = try await store.auditLog(limit: 10).filter { $0.kind == .export }
        // Newest first.
        #expect(audit.map(\.detail) == ["crmbot export customers: 0 rows", "crmbot export customers: 1 rows"])
        #expect(audit.map(\.actor) == ["Bob", "Li Ming"])
    }
}
