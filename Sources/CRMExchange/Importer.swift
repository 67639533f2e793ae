import CRMDomain
import CRMSupport

/// A file an import cannot read at all (its encoding, its CSV, its header row), as
/// opposed to a single refused row.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One row the import did not write, and why.
public struct RefusedRow: Sendable, Hashable {
    /// The line of the file the row starts on.
    public var line: Int
    public var reason: String
}

/// What to import.
public struct ImportRequest: Sendable {
    public var kind: ExchangeKind
    public var bytes: [UInt8]
    /// The file's name, for the change log's label.
    public var fileName: String
    /// Forced encoding; nil detects UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.
    public var encoding: TextDecoding.Encoding?
    /// `--map`: a header → the field it holds ("" ignores the column).
    public var overrides: [String: String]
    public var dryRun: Bool
    /// The importing rep; rows are written in their name and within their scope.
    public var rep: Rep
    public var at: LocalDateTime

    public init(
        kind: ExchangeKind, bytes: [UInt8], fileName: String, encoding: TextDecoding.Encoding? = nil,
        overrides: [String: String] = [:], dryRun: Bool = false, rep: Rep, at: LocalDateTime
    ) {
        self.kind = kind
        self.bytes = bytes
        self.fileName = fileName
        self.encoding = encoding
        self.overrides = overrides
        self.dryRun = dryRun
        self.rep = rep
        self.at = at
    }
}

/// What an import did.
public struct ImportReport: Sendable {
    public var kind: ExchangeKind
    public var encoding: TextDecoding.Encoding
    /// Data rows read (the header excluded).
    public var rows = 0
    public var added = 0
    public var alreadyPresent = 0
    public var refused: [RefusedRow] = []
    /// Headers that name no field of the kind (their cells were not imported).
    public var ignoredColumns: [String] = []
    /// Which header was read as which field, in file order.
    public var mapping: [(header: String, field: String)] = []
    public var dryRun: Bool
}

/// Imports a CSV file of customers, contacts, activities, orders or payments.
///
/// The file is decoded, parsed (RFC 4180) and its header row mapped to fields with the
/// ``ImportVocabulary``; then rows are read in batches. Each batch resolves its
/// customer, contact and rep names in the importing rep's scope (a name outside it is
/// refused like an unknown one), and is written in one transaction as one undoable
/// change. Rows already in the database are counted and skipped, so importing the same
/// file again changes nothing.
public struct Importer: Sendable {
    let store: any CRMExchangeStore
    let vocabulary: ImportVocabulary
    /// Rows per transaction.
    public var batchSize: Int

    /// Rows per transaction unless told otherwise (one `undo` takes back one batch).
    public static let defaultBatchSize = 10_000

    public init(store: any CRMExchangeStore, vocabulary: ImportVocabulary, batchSize: Int = defaultBatchSize) {
        self.store = store
        self.vocabulary = vocabulary
        self.batchSize = max(1, batchSize)
    }

    /// The fields a row of `kind` must have.
    public static func required(_ kind: ExchangeKind) -> [String] {
        switch kind {
        case .customers: return ["name"]
        case .contacts: return ["customer", "name"]
        case .activities: return ["customer", "type", "date"]
        case .orders, .payments: return ["customer", "date", "amount"]
        case .tasks: return []
        }
    }

    /// Runs the import; `progress` gets (rows done, rows in the file) after each batch.
    public func run(_ request: ImportRequest, progress: (Int, Int) -> Void = { _, _ in }) async throws(ImportFailure)
        -> ImportReport
    {
        guard request.kind.importable else { throw ImportFailure("\(request.kind.rawValue) cannot be imported (only exported)") }
        let decoded: (text: String, encoding: TextDecoding.Encoding)
        do { decoded = try TextDecoding.decode(request.bytes, as: request.encoding) } catch {
            throw ImportFailure("\(request.fileName): \(error.description); say which with --encoding utf-8 or --encoding gb18030")
        }
        let records: [CSV.Record]
        do { records = try CSV.parse(decoded.text) } catch { throw ImportFailure("\(request.fileName): \(error)") }
        guard let header = records.first else { throw ImportFailure("\(request.fileName) is empty: it needs a header row and rows") }
        var report = ImportReport(kind: request.kind, encoding: decoded.encoding, dryRun: request.dryRun)
        let columns = try mapHeader(header.fields, request, &report)
        let rows = records.dropFirst()
        report.rows = rows.count

        let scope: AccessScope
        let reps: [Rep]
        do {
            scope = try await store.accessScope(for: request.rep)
            reps = try await store.reps()
        } catch { throw ImportFailure("the database could not be read: \(error)") }
        var planner = RowPlanner(
            kind: request.kind, columns: columns, width: header.fields.count, vocabulary: vocabulary, rep: request.rep, scope: scope, reps: reps)
        let ctx = WriteContext(repID: request.rep.id, at: request.at, action: "import")

        var done = 0
        var start = rows.startIndex
        while start < rows.endIndex {
            let batch = rows[start..<min(rows.endIndex, start + batchSize)]
            start = batch.endIndex
            let parties: [DirectoryEntry]
            do {
                parties = try await store.findParties(namedAnyOf: planner.names(in: batch), in: scope, limit: batch.count * 10 + 100)
            } catch { throw ImportFailure("the database could not be read: \(error)") }
            let planned = planner.plan(batch, parties: parties)
            report.refused += planned.refused
            if !planned.items.isEmpty {
                let lines = "\(batch.first?.line ?? 0)-\(batch.last?.line ?? 0)"
                let outcomes: [ImportOutcome]
                do {
                    outcomes = try await store.importRecords(
                        planned.items.map(\.item), label: "\(request.fileName):\(lines)", dryRun: request.dryRun, ctx)
                } catch {
                    throw ImportFailure(
                        "the database refused the rows on lines \(lines) (\(error)); rows before them were imported, "
                            + "and importing the file again skips them")
                }
                for (row, outcome) in zip(planned.items, outcomes) {
                    switch outcome {
                    case .added: report.added += 1
                    case .alreadyPresent: report.alreadyPresent += 1
                    case .refused(let reason): report.refused.append(RefusedRow(line: row.line, reason: reason))
                    }
                }
            }
            done += batch.count
            progress(done, rows.count)
        }
        report.refused.sort { $0.line < $1.line }
        return report
    }

    /// Column index of each field, from the header row and `--map`.
    private func mapHeader(_ header: [String], _ request: ImportRequest, _ report: inout ImportReport) throws(ImportFailure)
        -> [String: Int]
    {
        let kind = request.kind
        var overrides: [String: String] = [:]
        for (h, field) in request.overrides {
            guard field.isEmpty || kind.columns.contains(field) else {
                throw ImportFailure("--map \(h)=\(field): \(kind.rawValue) have no field \(field); the fields are \(kind.columns.joined(separator: ", "))")
            }
            overrides[ImportVocabulary.normalize(h)] = field
        }
        var columns: [String: Int] = [:]
        for (i, raw) in header.enumerated() {
            let h = raw.trimmed()
            let field = overrides[ImportVocabulary.normalize(h)] ?? vocabulary.field(forHeader: h, kind: kind)
            guard let field, !field.isEmpty else {
                if !h.isEmpty { report.ignoredColumns.append(h) }
                continue
            }
            if let j = columns[field] {
                throw ImportFailure(
                    "two columns, “\(header[j])” and “\(h)”, both hold \(field); say which to use, e.g. --map '\(h)=' to ignore the second")
            }
            columns[field] = i
            report.mapping.append((h, field))
        }
        let missing = Self.required(kind).filter { columns[$0] == nil }
        if !missing.isEmpty {
            let hints = missing.map { f in "\(f) (headers such as \(vocabulary.columns[kind]?.first { $0.field == f }?.written.prefix(4).joined(separator: ", ") ?? f))" }
            throw ImportFailure(
                "the header row has no column for \(hints.joined(separator: "; ")). Found: \(header.joined(separator: ", ")). "
                    + "Rename a header, or map it: --map 'Your header=\(missing[0])'")
        }
        return columns
    }
}
