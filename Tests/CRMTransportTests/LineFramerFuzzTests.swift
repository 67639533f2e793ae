import CRMTransport
import CRMTestSupport
import Testing

/// Seeded fuzzing of the line framer: streams of real messages, mutated and mixed with
/// over-long lines, invalid UTF-8, bare `\r` and empty lines, cut into random chunks
/// (down to one byte). However a stream is cut, the frames must be the ones a
/// straightforward reference split gives, and memory stays bounded by the limit.
@Suite struct LineFramerFuzzTests {
    /// The frames of `bytes` split at every `\n` (the reference the framer must agree with).
    static func reference(_ bytes: [UInt8], limit: Int) -> [InboundFrame] {
        var out: [InboundFrame] = []
        guard !bytes.isEmpty else { return out }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if bytes.last == 0x0A { lines.removeLast() }
        for var line in lines {
            if line.count > limit {
                out.append(.tooLong(byteCount: line.count, prefix: Array(line.prefix(min(limit, LineFramer.keptPrefixBytes)))))
                continue
            }
            if line.last == 0x0D { line.removeLast() }
            if let s = String(validating: line, as: UTF8.self) {
                out.append(.line(s))
            } else {
                out.append(.invalidEncoding(byteCount: line.count))
            }
        }
        return out
    }

    @Test(arguments: [UInt64(1), 99, 31_337])
    func anyChunkingGivesTheReferenceFrames(seed: UInt64) throws {
        let messages = try MessageFuzzer.corpusMessages()
        var fuzz = MessageFuzzer(seed: seed)
        let limit = 256
        let inputs = 200 * MessageFuzzer.scale
        defer { MessageFuzzer.report("line-framer", seed: seed, inputs: inputs) }
        for _ in 0..<inputs {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + fuzz.below(12)) {
                switch fuzz.below(8) {
                case 0: bytes += [UInt8](repeating: 0x61, count: limit + fuzz.below(3 * limit))
                case 1: bytes += [0x61, 0xFF, 0xC3]
                case 2: bytes += [0x0D]
                case 3: bytes += []
                default:
                    bytes += Array(fuzz.mutate(messages[fuzz.below(messages.count)], messages[fuzz.below(messages.count)]).utf8)
                }
                bytes.append(0x0A)
            }
            if fuzz.below(3) == 0 { bytes.removeLast() }  // a last line without its newline
            var framer = LineFramer(maximumLineBytes: limit)
            var got: [InboundFrame] = []
            var at = 0
            while at < bytes.count {
                let n = 1 + fuzz.below(fuzz.below(2) == 0 ? 4 : 300)
                framer.append(Array(bytes[at..<min(bytes.count, at + n)])) { got.append($0) }
                at += n
            }
            framer.finish { got.append($0) }
            #expect(got == Self.reference(bytes, limit: limit), "\(bytes)")
        }
    }
}
