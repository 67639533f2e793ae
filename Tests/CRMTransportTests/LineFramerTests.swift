import CRMTransport
import Testing

@Suite struct LineFramerTests {
    func frames(_ chunks: [[UInt8]], limit: Int = 16) -> [InboundFrame] {
        var framer = LineFramer(maximumLineBytes: limit)
        var out: [InboundFrame] = []
        for chunk in chunks { framer.append(chunk) { out.append($0) } }
        framer.finish { out.append($0) }
        return out
    }

    @Test func splitsLinesAcrossChunksAndStripsCR() {
        let out = frames([Array("hel".utf8), Array("lo\r\nwor".utf8), Array("ld\n\n".utf8)])
        #expect(out == [.line("hello"), .line("world"), .line("")])
    }

    @Test func flushesALastLineWithoutNewline() {
        #expect(frames([Array("a\nb".utf8)]) == [.line("a"), .line("b")])
        #expect(frames([]) == [])
    }

    @Test func dropsOverlongLinesButKeepsTheNext() {
        let long = [UInt8](repeating: 0x61, count: 40)
        let out = frames([long, Array("\nok\n".utf8)])
        #expect(out == [.tooLong(byteCount: 40, prefix: Array(long.prefix(16))), .line("ok")])
    }

    @Test func anOverlongLastLineIsReportedAtEnd() {
        let out = frames([[UInt8](repeating: 0x61, count: 100)])
        #expect(out == [.tooLong(byteCount: 100, prefix: [UInt8](repeating: 0x61, count: 16))])
    }

    @Test func keepsOnlyABoundedPrefixOfAnOverlongLine() {
        var framer = LineFramer(maximumLineBytes: 1024)
        var out: [InboundFrame] = []
        framer.append(Array(#"{"id":42,"text":""#.utf8) + [UInt8](repeating: 0x62, count: 5000) + [0x0A]) { out.append($0) }
        guard case .tooLong(let count, let prefix) = out.first else {
            Issue.record("expected tooLong, got \(out)")
            return
        }
        #expect(count == 5017)
        #expect(prefix.count == LineFramer.keptPrefixBytes)
        #expect(prefix.starts(with: Array(#"{"id":42"#.utf8)))
    }

    @Test func invalidUTF8IsReportedNotRepaired() {
        let out = frames([[0x61, 0xFF, 0x62, 0x0A], Array("王\n".utf8)])
        #expect(out == [.invalidEncoding(byteCount: 3), .line("王")])
    }

    @Test func nulAndControlCharactersPassThroughAsText() {
        let out = frames([[0x61, 0x00, 0x07, 0x62, 0x0A]])
        #expect(out == [.line("a\u{0}\u{7}b")])
    }
}
