import CRMDomain
@testable import CRMStorage
import CRMSupport
import Foundation
import Testing

/// `SQLiteStore.backup(to:)` while another task keeps writing: the copy is one snapshot,
/// passes its own check, and opens as a store.
@Suite struct BackupWhileWritingTests {
    @Test func aBackupTakenDuringWritesIsOneCheckedSnapshot() async throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = try SQLiteStore.open(path: dir.path("crm.sqlite"))
        let now = try moment("2026-03-01T09:00")
        let rep = try await store.ensureRep(named: "Li Ming", role: .rep)
        let ctx = WriteContext(repID: rep.id, at: now, action: "customer.add")
        for i in 0..<200 { _ = try await store.addCustomer(NewCustomer(name: "Before \(i)"), ctx) }
        let writer = Task {
            var written = 0
            while !Task.isCancelled && written < 5_000 {
                _ = try await store.addCustomer(NewCustomer(name: "During \(written)"), ctx)
                written += 1
            }
            return written
        }
        var summaries: [BackupSummary] = []
        for n in 0..<3 { summaries.append(try await store.backup(to: dir.path("backup-\(n).sqlite"))) }
        writer.cancel()
        let written = try await writer.value
        for (n, summary) in summaries.enumerated() {
            let customers = summary.counts.first { $0.table == "customers" }?.rows ?? -1
            #expect(customers >= 200 && customers <= 200 + Int64(written), "backup \(n): \(customers)")
            let copy = try SQLiteStore.open(path: dir.path("backup-\(n).sqlite"))
            let listed = try await copy.listCustomers(CustomerFilter(limit: 100_000), in: .everything, revenueSince: now.date)
            #expect(Int64(listed.count) == customers)
        }
    }
}
