import CRMDomain
import CRMSupport

/// Writes the records of one kind that a rep may see as CSV (RFC 4180, UTF-8), with
/// the headers an import reads back, and audits the export (domain §13: staff copying
/// the customer list is the risk the seeds warn of).
public struct Exporter: Sendable {
    let store: any CRMExchangeStore & CRMRelayStore
    let vocabulary: ImportVocabulary

    public init(store: any CRMExchangeStore & CRMRelayStore, vocabulary: ImportVocabulary) {
        self.store = store
        self.vocabulary = vocabulary
    }

    /// What was exported.
    public struct Result: Sendable {
        /// The CSV text, header row first, lines ending in CRLF.
        public var csv: String
        public var rows: Int
    }

    /// The CSV of `kind` in `rep`'s scope. Chinese headers with `chinese`; a UTF-8 byte
    /// order mark first with `bom` (Excel then opens Chinese text correctly).
    public func export(_ kind: ExchangeKind, as rep: Rep, at: LocalDateTime, chinese: Bool = false) async throws -> Result {
        let scope = try await store.accessScope(for: rep)
        let rows = try await store.exportRows(kind, in: scope)
        var csv = CSV.line(kind.columns.map { vocabulary.header(for: $0, kind: kind, chinese: chinese) })
        csv.reserveCapacity(rows.count * 64)
        for row in rows { csv += CSV.line(row.map { $0 ?? "" }) }
        _ = try await store.appendAudit(
            NewAuditEntry(
                at: at, kind: .export, actor: rep.name, repID: rep.id,
                detail: "crmbot export \(kind.rawValue): \(rows.count) rows"))
        return Result(csv: csv, rows: rows.count)
    }
}
