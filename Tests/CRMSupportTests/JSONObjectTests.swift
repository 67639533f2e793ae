import CRMSupport
import Testing

@Suite struct JSONObjectTests {
    @Test func findsTheFirstRepeatedKey() {
        #expect(JSONValue.firstRepeatedKey(in: [("a", 1), ("qualified", true), ("b", 2), ("qualified", false)]) == "qualified")
        #expect(JSONValue.firstRepeatedKey(in: [("a", 1), ("b", 2)]) == nil)
        #expect(JSONValue.firstRepeatedKey(in: []) == nil)
    }

    @Test func uniqueKeysMakeTheObject() {
        #expect(JSONValue.object(unique: [("a", 1), ("b", "x")]) == .object([("a", 1), ("b", "x")]))
    }

    #if DEBUG
    @Test func aRepeatedKeyStopsADebugBuild() async {
        await #expect(processExitsWith: .failure) {
            _ = JSONValue.object(unique: [("qualified", true), ("qualified", false)])
        }
    }
    #endif
}
