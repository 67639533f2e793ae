import CRMRelay
import CRMSupport
import CRMTestSupport
import Testing

/// Seeded fuzzing of both socket protocols through a real server and real sockets.
///
/// Each session is a generated stream: a login line (good, bad or missing), then JSON
/// requests and commands with mutated texts, wrong types, cut-off objects, text-protocol
/// commands, invalid UTF-8, NUL and CR bytes, lone dots and over-long lines. The stream
/// is sent in random chunks down to one byte, and the write side is then closed.
///
/// Properties:
/// - the server answers and closes the connection (no hang);
/// - every line it sends is well-formed for the protocol the first line chose: a JSON
///   object with `ok` or `event`, or complete text blocks with an `OK`, `ERR` or `EVENT`
///   status;
/// - a healthy client still logs in and is answered after every session.
@Suite(.serialized) struct RelayFuzzTests {
    static let texts = ["log visit to Wang Tong: discussed the trial", "拜访了王彤", "show Quanyu Hospital", "help", "forbid", "dots"]

    /// One generated frame (without its newline, which the caller may leave off).
    static func frame(_ fuzz: inout MessageFuzzer) -> [UInt8] {
        let text = fuzz.mutate(texts[fuzz.below(texts.count)], texts[fuzz.below(texts.count)])
        let json = { (s: String) in JSONValue.string(s).serialized }
        let pick: [String]
        switch fuzz.below(12) {
        case 0, 1, 2:
            pick = ["{\"id\":\(fuzz.below(1000)),\"user\":\"Li Ming\",\"text\":\(json(text))}"]
        case 3:
            pick = ["{\"id\":\"x\",\"user\":5,\"text\":[1]}", "{\"user\":null}", "{\"text\":\(json(text))}", "{}", "[]",
                    "{\"id\":1e999,\"text\":\"hi\"}", "{\"id\":1,\"user\":\(json(text)),\"text\":\"hi\"}"]
        case 4:
            pick = ["{\"id\":1,\"command\":\"audit\",\"limit\":-5}", "{\"id\":2,\"command\":\"present\",\"users\":[\(json(text))]}",
                    "{\"id\":3,\"command\":\"present\",\"users\":\"Li Ming\"}", "{\"command\":\"frobnicate\"}",
                    "{\"id\":4,\"auth\":\(json(text))}", "{\"auth\":\"\(relayToken)\"}"]
        case 5:
            pick = ["AUTH \(relayToken)", "AUTH \(text)", "USER \(text)", "USER Li Ming", "AUDIT", "AUDIT -1", "AUDIT 99999999999999999999"]
        case 6:
            pick = [".", "..", ".\(text)", "", " ", "\r", text]
        case 7:
            let cut = "{\"id\":9,\"user\":\"Li Ming\",\"text\":\(json(text))}"
            pick = [String(cut.prefix(fuzz.below(cut.count)))]
        case 8:
            return (0..<(1 + fuzz.below(40))).map { _ in [0x00, 0x0D, 0xFF, 0xC3, 0x80, 0x7B, 0x22, 0x5C][fuzz.below(8)] }
        case 9:
            return Array(repeating: UInt8(ascii: "a"), count: 70_000 + fuzz.below(1000))
        default:
            pick = [text, "{\"id\":\(fuzz.below(100)),\"text\":\(json(text))}"]
        }
        return Array(pick[fuzz.below(pick.count)].utf8)
    }

    /// The bytes of one session and the protocol its first line selects.
    static func session(_ fuzz: inout MessageFuzzer) -> (bytes: [UInt8], json: Bool) {
        let logins = ["{\"auth\":\"\(relayToken)\"}", "AUTH \(relayToken)", "{\"auth\":\"wrong\"}", "AUTH wrong", "hello",
                      "{\"id\":1,\"user\":\"Li Ming\",\"text\":\"help\"}"]
        let first = logins[fuzz.below(logins.count)]
        var bytes = Array(first.utf8) + [0x0A]
        for _ in 0..<(1 + fuzz.below(25)) {
            bytes += frame(&fuzz)
            bytes += fuzz.below(10) == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        if fuzz.below(4) == 0 { bytes += frame(&fuzz) }  // a last line without its newline
        return (bytes, first.hasPrefix("{"))
    }

    /// What is wrong with the lines a session got back, if anything.
    static func problems(_ lines: [String], json: Bool) -> [String] {
        if json {
            return lines.compactMap { line in
                guard let value = try? JSONValue.parse(line), value.objectValue != nil else { return "not a JSON object: \(line)" }
                if case .bool? = value["ok"] { return nil }
                return value["event"] == nil ? "neither a reply nor an event: \(line)" : nil
            }
        }
        let (blocks, rest) = TextBlock.parse(lines)
        var found = rest.isEmpty ? [] : ["not inside a complete block: \(rest.prefix(3))"]
        for block in blocks where !["OK ", "ERR ", "EVENT "].contains(where: { block.status.hasPrefix($0) }) {
            found.append("bad status line: \(block.status)")
        }
        return found
    }

    @Test(arguments: [UInt64(8), 1_234, 98_765])
    func generatedStreamsGetWellFormedRepliesAndLeaveTheServerServing(seed: UInt64) async throws {
        let f = try RelayFixture()
        let sessions = 12 * MessageFuzzer.scale
        defer { MessageFuzzer.report("relay", seed: seed, inputs: sessions) }
        var fuzz = MessageFuzzer(seed: seed)
        for n in 0..<sessions {
            let (bytes, json) = Self.session(&fuzz)
            var cuts: [Int] = []
            var at = 0
            while at < bytes.count {
                at += 1 + fuzz.below(fuzz.below(3) == 0 ? 4 : 4096)
                cuts.append(min(at, bytes.count))
            }
            let address = n % 2 == 0 ? f.unix : f.tcp
            let chunks = cuts
            let lines = try await onThread {
                let c = try TestClient(address)
                var from = 0
                for to in chunks {
                    // The server may close first (a quit, an over-long line): that ends the session.
                    do { try c.send(bytes: Array(bytes[from..<to])) } catch { break }
                    from = to
                }
                c.shutdownWrite()
                return try c.readToEnd()
            }
            let found = Self.problems(lines, json: json)
            #expect(found.isEmpty, "session \(n) (seed \(seed)): \(found.prefix(3)); sent \(String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription)")
            let healthy = try await onThread {
                let c = try TestClient(f.tcp)
                try c.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"user\":\"Li Ming\",\"text\":\"still there?\"}\n")
                return try c.readLines(2)
            }
            #expect(healthy[1] == #"{"id":1,"ok":true,"intent":"echo","text":"echo Li Ming: still there?","data":{"user":"Li Ming"}}"#,
                "after session \(n) (seed \(seed)): \(healthy)")
        }
        await f.relay.shutdown()
    }
}
