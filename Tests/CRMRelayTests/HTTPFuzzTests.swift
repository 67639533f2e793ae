import CRMRelay
import CRMSupport
import CRMTestSupport
import CRMTransport
import Foundation
import Testing

/// Seeded fuzzing of the HTTP listener through a real server and real sockets, as
/// ``RelayFuzzTests`` does for the line protocols.
///
/// Each session is a stream of requests: good ones to every endpoint, and ones with
/// mutated request lines, fields, lengths, chunk sizes, bodies (JSON and forms),
/// invalid UTF-8, NUL and bare CR bytes and oversized parts. It is sent in random
/// chunks down to one byte; then the write side is closed.
///
/// Properties: the server answers and closes (no hang); what it sends is a sequence of
/// complete HTTP/1.1 responses with known statuses, at most one per request, and the
/// body of each is JSON; a healthy client is answered after every session.
@Suite(.serialized) struct HTTPFuzzTests {
    static let texts = ["log visit to Wang Tong: discussed the trial", "拜访了王彤", "help", "show Quanyu Hospital"]
    static let known: Set<Int> = [200, 400, 401, 403, 404, 405, 408, 413, 414, 415, 417, 429, 431, 500, 501, 503, 505]

    static func request(_ fuzz: inout MessageFuzzer) -> [UInt8] {
        let text = fuzz.mutate(texts[fuzz.below(texts.count)], texts[fuzz.below(texts.count)])
        let json = JSONValue.object([("id", .int(Int64(fuzz.below(100)))), ("user", "Li Ming"), ("text", .string(text))]).serialized
        let form = "token=\(relayToken)&user_name=Li+Ming&text=" + text.utf8.map { String(format: "%%%02X", $0) }.joined()
        let auth = fuzz.below(4) > 0
            ? "Authorization: Bearer \(relayToken)\r\n"
            : ["Authorization: Bearer nope\r\n", "", "Authorization: Basic x\r\n"][fuzz.below(3)]
        var head: String
        var body = ""
        switch fuzz.below(10) {
        case 0, 1, 2:
            body = fuzz.below(3) == 0 ? fuzz.mutate(json, text) : json
            head = "POST /v1/messages HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n\(auth)"
        case 3:
            body = fuzz.below(2) == 0 ? fuzz.mutate(form, text) : form
            head = "POST /v1/slash HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        case 4:
            head = ["GET /healthz HTTP/1.1\r\nHost: h\r\n", "HEAD /healthz HTTP/1.0\r\n", "DELETE /v1/messages HTTP/1.1\r\nHost: h\r\n",
                "GET /\(text) HTTP/1.1\r\nHost: h\r\n", "OPTIONS * HTTP/1.1\r\nHost: h\r\n"][fuzz.below(5)]
        case 5:
            // Chunked, sometimes with a lying size.
            let size = fuzz.below(4) == 0 ? json.utf8.count + fuzz.below(5) - 2 : json.utf8.count
            let wire = "POST /v1/messages HTTP/1.1\r\nHost: h\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n"
                + String(max(0, size), radix: 16) + "\r\n\(json)\r\n0\r\n\r\n"
            return Array(wire.utf8)
        case 6:
            head = fuzz.mutate("POST /v1/messages HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n", text)
            body = json
        case 7:
            return (0..<(1 + fuzz.below(60))).map { _ in [0x00, 0x0D, 0x0A, 0xFF, 0x3A, 0x20, 0x47, 0x7B][fuzz.below(8)] }
        case 8:
            head = "POST /v1/messages HTTP/1.1\r\nHost: h\r\n\(auth)Content-Length: \(["70000", "-1", "1e3", "", "5, 6"][fuzz.below(5)])\r\n"
        default:
            head = "GET /healthz HTTP/1.1\r\nHost: h\r\nX-Long: \(String(repeating: "a", count: fuzz.below(2) == 0 ? 100 : 20_000))\r\n"
        }
        if fuzz.below(8) == 0 { head += "Connection: close\r\n" }
        if !body.isEmpty { head += "Content-Length: \(body.utf8.count)\r\n" }
        return Array((head + "\r\n" + body).utf8)
    }

    @Test(arguments: [UInt64(3), 4_242, 77_777])
    func generatedRequestsGetWellFormedResponsesAndLeaveTheServerServing(seed: UInt64) async throws {
        let f = try RelayFixture(configure: { $0.listeners.append(.http(host: "127.0.0.1", port: 0)) })
        guard case .http(let host, let port)? = f.relay.server.listeningAddresses.last else { throw TestFailure("no HTTP listener") }
        let sessions = 12 * MessageFuzzer.scale
        defer { MessageFuzzer.report("http", seed: seed, inputs: sessions) }
        var fuzz = MessageFuzzer(seed: seed)
        var statuses: [Int: Int] = [:]
        for n in 0..<sessions {
            var bytes: [UInt8] = []
            let count = 1 + fuzz.below(8)
            for _ in 0..<count { bytes += Self.request(&fuzz) }
            var cuts: [Int] = []
            var at = 0
            while at < bytes.count {
                at += 1 + fuzz.below(fuzz.below(3) == 0 ? 4 : 4096)
                cuts.append(min(at, bytes.count))
            }
            let chunks = cuts
            let sent = bytes
            let responses = try await onThread { () -> [HTTPTestResponse] in
                let c = try TestClient(host: host, port: port)
                var from = 0
                for to in chunks {
                    do { try c.send(bytes: Array(sent[from..<to])) } catch { break }  // the server may close first
                    from = to
                }
                c.shutdownWrite()
                var out: [HTTPTestResponse] = []
                while let r = try c.readHTTPResponse() { out.append(r) }
                return out
            }
            let where_ = "session \(n) (seed \(seed)); sent \(String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription)"
            #expect(responses.count <= count, "\(where_): \(responses.count) responses to \(count) requests")
            for r in responses {
                statuses[r.status, default: 0] += 1
                #expect(Self.known.contains(r.status), "\(where_): status \(r.status)")
                #expect(r.body.isEmpty || (try? JSONValue.parse(r.body)) != nil, "\(where_): body \(r.body.prefix(200))")
            }
            let healthy = try await onThread { () -> HTTPTestResponse? in
                let c = try TestClient(host: host, port: port)
                try c.send(httpRequest("GET", "/healthz"))
                return try c.readHTTPResponse()
            }
            #expect(healthy?.status == 200, "after \(where_)")
        }
        // The streams reach the bot as well as the refusals.
        #expect(statuses[200, default: 0] >= sessions / 3 && statuses.keys.contains { $0 >= 400 }, "\(statuses)")
        await f.relay.shutdown()
    }
}
