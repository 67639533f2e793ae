import CRMSupport
import Testing

@Suite struct JSONValueTests {
    @Test func serializesInInsertionOrderCompactly() {
        let v: JSONValue = .object([("intent", "activity.log"), ("slots", .object([("who", "Wang Tong"), ("amount", 120000)]))])
        #expect(v.serialized == #"{"intent":"activity.log","slots":{"who":"Wang Tong","amount":120000}}"#)
    }

    @Test func escapesEverythingThatCouldBreakALine() {
        let v: JSONValue = .string("a\"b\\c\nd\u{0}e\u{1F}\u{2028}王")
        #expect(v.serialized == #""a\"b\\c\nd\u0000e\u001f\u2028王""#)
        // Escapes at either end, back to back, between multi-byte runs; U+2029, DEL, CR, TAB;
        // an E2 lead byte that starts another character (→, U+2192) is copied as it is.
        let edges: JSONValue = .string("\u{2029}\r\t\u{7F}→价格\"\"😀\n")
        #expect(edges.serialized == #""\u2029\r\t\u007f→价格\"\"😀\n""#)
        #expect(JSONValue.string("").serialized == #""""#)
        #expect(JSONValue.string("plain").serialized == #""plain""#)
        #expect(!v.serialized.contains("\n"))
    }

    @Test func roundTripsThroughTheParser() throws {
        let v: JSONValue = .object([
            ("id", 7), ("text", "拜访了王彤 \"quoted\" \u{0}"), ("n", .double(1.5)), ("list", [true, false, nil]),
        ])
        #expect(try JSONValue.parse(v.serialized) == v)
    }

    @Test func parsesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00\n""#) == .string("é😀\n"))
        #expect(try JSONValue.parse(" [1, -2.5e3, \"x\"] ") == [1, .double(-2500), "x"])
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "01x", "{\"a\":1} trailing",
        "\"\\ud800\"", "\"tab\tinside\"", "-", "1.", "[" + String(repeating: "[", count: 100) + "]",
    ])
    func refusesInvalidJSON(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func refusesInvalidUTF8InsideStrings() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: [0x22, 0xFF, 0xFE, 0x22]) }
    }
}
