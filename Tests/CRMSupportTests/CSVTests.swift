import CRMSupport
import Testing

/// RFC 4180 reading and writing, and the encodings Chinese spreadsheets save in.
@Suite struct CSVTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let records = try CSV.parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n plain , \"q\" ,\r\nlast")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], [" plain ", "q", ""], ["last"]])
        #expect(records.map(\.line) == [1, 2, 5, 6])
    }

    @Test func malformedRecordsNameTheirLine() {
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\n\"open\nmore") }
        #expect((try? CSV.parse("a\n\"open\nmore")) == nil)
        do { _ = try CSV.parse("a\n\"open\nmore") } catch { #expect(error.description == "line 2: a quoted field is never closed") }
        do { _ = try CSV.parse("\"a\"b") } catch { #expect(error.description == "line 1: text after a closing quote") }
        #expect((try? CSV.parse("ab\"c")) == nil)
    }

    @Test func writingQuotesWhatNeedsItAndDefusesFormulas() throws {
        #expect(CSV.line(["plain", "a,b", "say \"hi\"", "two\nlines", " pad", ""]) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",\r\n")
        // A cell a spreadsheet would run as a formula gets a tab in front; numbers stay numbers.
        #expect(CSV.field("=HYPERLINK(\"x\")") == "\"\t=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.field("-5") == "-5" && CSV.field("+86 10 1234") == "\"\t+86 10 1234\"")
        let values = ["plain", "a,b", "say \"hi\"", "two\r\nlines", "  ", "全宇医院"]
        #expect(try CSV.parse(CSV.line(values) + CSV.line(values)).map(\.fields) == [values, values])
    }

    @Test func encodings() throws {
        let gbk: [UInt8] = [0xC8, 0xAB, 0xD3, 0xEE, 0xD2, 0xBD, 0xD4, 0xBA]  // 全宇医院 in GBK
        #expect(try TextDecoding.decode(gbk).text == "全宇医院")
        #expect(try TextDecoding.decode(gbk).encoding == .gb18030)
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("全宇".utf8)) == ("全宇", .utf8))
        #expect(try TextDecoding.decode([0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00]).text == "hi")
        #expect(throws: TextDecoding.Failure.self) { try TextDecoding.decode(gbk, as: .utf8) }
        #expect(throws: TextDecoding.Failure.self) { try TextDecoding.decode([0x81, 0x20, 0xFF]) }
    }
}
