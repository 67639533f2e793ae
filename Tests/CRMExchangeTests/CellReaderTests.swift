@testable import CRMExchange
import CRMDomain
import CRMSupport
import Testing

/// The cells an import reads: an amount or a date is read exactly, or refused — never
/// guessed.
@Suite struct CellReaderTests {
    @Test(arguments: [
        ("12000", 1_200_000), ("12,000.50", 1_200_050), ("¥12,000", 1_200_000), ("12000元", 1_200_000), ("RMB 5000", 500_000),
        ("1.2万", 1_200_000), ("3亿", 30_000_000_000), ("12k", 1_200_000), ("0.05", 5), ("2.5w", 2_500_000), (" 7 ", 700),
        ("1,234,567.89", 123_456_789), ("1.2345万", 1_234_500),
    ] as [(String, Int64)])
    func amounts(_ cell: String, _ cents: Int64) {
        #expect(CellReaders.amount(cell) == Money(cents: cents), "\(cell)")
    }

    @Test(arguments: ["", "abc", "12.345", "1.2.3", "-5", "1e5", "١٢", "12,000.5.0", "99999999999999999999", "1.23456789万",
        // Read two ways in Europe and America: refused.
        "12,50", "1,2", "1.200", "12,0000", ",500"])
    func notAmounts(_ cell: String) {
        #expect(CellReaders.amount(cell) == nil, "\(cell)")
    }

    @Test func dates() {
        #expect(CellReaders.dateTime("2026-11-03")?.iso == "2026-11-03")
        #expect(CellReaders.dateTime("2026/11/3")?.iso == "2026-11-03")
        #expect(CellReaders.dateTime("2026.11.3")?.iso == "2026-11-03")
        #expect(CellReaders.dateTime("2026年11月3日")?.iso == "2026-11-03")
        #expect(CellReaders.dateTime("2026-11-03 14:30")?.iso == "2026-11-03T14:30")
        #expect(CellReaders.dateTime("2026-11-03T14:30:59")?.iso == "2026-11-03T14:30")
        // Ambiguous or impossible: refused.
        for cell in ["3/11/2026", "11/3/26", "2026-02-30", "2026-13-01", "2026-11-03 25:00", "yesterday", "26-11-03"] {
            #expect(CellReaders.dateTime(cell) == nil, "\(cell)")
        }
    }

    @Test func vocabularyReadsHeadersAndWordsInEitherLanguage() throws {
        let v = try ImportVocabulary.parse(
            "column\tcustomers\tname\tname | 客户名称\nvalue\tstage\tprospect\tprospect | 潜在客户\n", source: "test")
        #expect(v.field(forHeader: " Ｎａｍｅ ", kind: .customers) == "name")
        #expect(v.field(forHeader: "客户名称", kind: .customers) == "name")
        #expect(v.field(forHeader: "客户名称", kind: .contacts) == nil)
        #expect(v.value("潜在客户", field: "stage") == "prospect")
        #expect(v.header(for: "name", kind: .customers, chinese: true) == "客户名称")
        #expect(throws: ImportVocabulary.FormatError.self) { try ImportVocabulary.parse("column\tcustomers\tshoe size\tx\n", source: "t") }
    }
}
