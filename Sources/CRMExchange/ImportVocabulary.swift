import CRMDomain
import CRMSupport

/// How an import reads a spreadsheet: which headers name which field for each kind of
/// record, and which words a cell may use for a value (`公司` for a company, `拜访` for
/// a visit). Loaded from `Intents/import-columns.tsv`, so new header spellings are data.
public struct ImportVocabulary: Sendable {
    /// One field of a kind and the headers (normalized) that name it, the export header first.
    public struct Column: Sendable, Hashable {
        public var field: String
        public var headers: [String]
        /// The headers as written in the file, for export.
        public var written: [String]
    }

    /// A line of the vocabulary file that does not parse.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public private(set) var columns: [ExchangeKind: [Column]] = [:]
    /// field → normalized word → value.
    public private(set) var values: [String: [String: String]] = [:]

    /// The file name in the grammar directory.
    public static let fileName = "import-columns.tsv"

    /// Parses the vocabulary file's text (`source` names it in errors).
    public static func parse(_ text: String, source: String) throws(FormatError) -> ImportVocabulary {
        var v = ImportVocabulary()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSuffix(while: { $0 == "\r" || $0 == " " })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let words = parts.count == 4 ? parts[3].split(separator: "|").map { String($0).trimmed() }.filter { !$0.isEmpty } : []
            switch (parts.first, parts.count) {
            case ("column"?, 4):
                guard let kind = ExchangeKind(rawValue: parts[1]), kind.columns.contains(parts[2]), !words.isEmpty else {
                    throw FormatError(description: "\(source):\(n + 1): unknown kind or field: \(line)")
                }
                v.columns[kind, default: []].append(Column(field: parts[2], headers: words.map(normalize), written: words))
            case ("value"?, 4):
                for w in words { v.values[parts[1], default: [:]][normalize(w)] = parts[2] }
            default:
                throw FormatError(description: "\(source):\(n + 1): expected 'column KIND FIELD headers' or 'value FIELD VALUE words': \(line)")
            }
        }
        return v
    }

    /// Case, width and spacing folded away: "Customer Name", "customer_name" and
    /// "ＣＵＳＴＯＭＥＲ　ＮＡＭＥ" are the same header.
    public static func normalize(_ s: some StringProtocol) -> String {
        TextMatching.fold(s).filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "." }
    }

    /// The field `header` names in a file of `kind`, if any.
    public func field(forHeader header: String, kind: ExchangeKind) -> String? {
        let h = Self.normalize(header)
        return columns[kind]?.first(where: { $0.headers.contains(h) })?.field
    }

    /// The value a cell's word stands for in `field`, if it is one of the words.
    public func value(_ cell: String, field: String) -> String? {
        values[field]?[Self.normalize(cell)]
    }

    /// The header export writes for `field` of `kind`: the first English one, or with
    /// `chinese` the first that has Chinese characters.
    public func header(for field: String, kind: ExchangeKind, chinese: Bool) -> String {
        guard let column = columns[kind]?.first(where: { $0.field == field }) else { return field }
        if chinese, let zh = column.written.first(where: { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }) {
            return zh
        }
        return column.written.first ?? field
    }
}

extension StringProtocol {
    func trimmed() -> String {
        String(self.drop(while: { $0 == " " || $0 == "\t" }).trimmingSuffix(while: { $0 == " " || $0 == "\t" }))
    }

    func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard predicate(self[before]) else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
