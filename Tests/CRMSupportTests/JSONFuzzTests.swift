import CRMSupport
import CRMTestSupport
import Testing

/// Seeded fuzzing of the JSON reader with request lines as relays send them, mutated:
/// every input either reads as a value that prints and reads back the same, or is
/// refused with a ``JSONParseError`` — never a crash, never a value that does not
/// survive its own round trip.
@Suite struct JSONFuzzTests {
    static let fragments = ["{", "}", "[", "]", "\"", "\\", "\\u", "\\ud800", "\\u00e9", ":", ",", "1e999", "-0", "0.1",
        "null", "true", "9007199254740993", "\u{0}", "\u{1F600}", "\"id\":", "\"user\":", "\"text\":", " "]

    @Test(arguments: [UInt64(5), 77, 2_468])
    func everyLineReadsBackOrIsRefused(seed: UInt64) throws {
        let messages = try MessageFuzzer.corpusMessages()
        var fuzz = MessageFuzzer(seed: seed)
        var read = 0
        let inputs = 3_000 * MessageFuzzer.scale
        defer { MessageFuzzer.report("json", seed: seed, inputs: inputs) }
        for _ in 0..<inputs {
            let text = fuzz.mutate(messages[fuzz.below(messages.count)], messages[fuzz.below(messages.count)])
            var line = JSONValue.object([("id", .int(Int64(fuzz.below(1000)))), ("user", "li.ming"), ("text", .string(text))])
                .serialized
            var bytes = Array(line.utf8)
            for _ in 0..<fuzz.below(4) {
                let piece = Array(Self.fragments[fuzz.below(Self.fragments.count)].utf8)
                switch fuzz.below(3) {
                case 0: bytes.insert(contentsOf: piece, at: fuzz.below(bytes.count + 1))
                case 1: if !bytes.isEmpty { bytes.remove(at: fuzz.below(bytes.count)) }
                default: bytes = Array(bytes.prefix(fuzz.below(bytes.count + 1)))
                }
            }
            line = String(decoding: bytes, as: UTF8.self)
            do {
                let value = try JSONValue.parse(bytes: bytes)
                read += 1
                let again = try JSONValue.parse(value.serialized)
                #expect(again == value, "\(line.debugDescription)")
            } catch {
                // Refused with a clear error: fine.
            }
        }
        // The mutations leave many lines intact: the test reads real requests, not only junk.
        #expect(read > 300)
    }
}
