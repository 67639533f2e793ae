import CRMTransport
import Testing

/// The HTTP/1.1 framing: what is a request, what is refused, and that any
/// split of the same bytes gives the same requests.
struct HTTPFramerTests {
    static func frames(_ chunks: [String], limits: HTTPFramer.Limits = .init()) -> [InboundFrame] {
        var framer = HTTPFramer(limits: limits)
        var out: [InboundFrame] = []
        for chunk in chunks { framer.append(Array(chunk.utf8)) { out.append($0) } }
        return out
    }

    static func request(_ frame: InboundFrame?) -> HTTPRequest? {
        if case .http(let r)? = frame { return r }
        return nil
    }

    static func status(_ frame: InboundFrame?) -> Int? {
        if case .badHTTP(let e)? = frame { return e.status }
        return nil
    }

    @Test func aGetAndAPostWithABodyArriveAsTwoRequestsInOrder() throws {
        let body = #"{"user":"Li Ming","text":"拜访了王彤"}"#
        let wire = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /v1/messages?trace=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let out = Self.frames([wire])
        #expect(out.count == 2)
        let get = try #require(Self.request(out.first))
        #expect(get.method == "GET" && get.path == "/healthz" && get.body.isEmpty && get.keepAlive)
        let post = try #require(Self.request(out.last))
        #expect(post.method == "POST" && post.path == "/v1/messages" && post.query == "trace=1")
        #expect(String(decoding: post.body, as: UTF8.self) == body)
        #expect(post.header("CONTENT-TYPE") == "application/json" && post.mediaType == "application/json")
    }

    @Test func everySplitOfTheBytesGivesTheSameRequests() {
        let wire = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /c HTTP/1.0\r\n\r\n"
        let whole = Self.frames([wire])
        #expect(whole.count == 3)
        #expect(Self.request(whole[1]).map { String(decoding: $0.body, as: UTF8.self) } == "abcde")
        #expect(Self.request(whole[2])?.keepAlive == false)  // HTTP/1.0 without keep-alive
        let bytes = Array(wire.utf8)
        for cut in 1..<bytes.count {
            var framer = HTTPFramer()
            var out: [InboundFrame] = []
            framer.append(bytes[..<cut]) { out.append($0) }
            framer.append(bytes[cut...]) { out.append($0) }
            #expect(out == whole, "split at \(cut)")
        }
        var framer = HTTPFramer()
        var out: [InboundFrame] = []
        for b in bytes { framer.append([b]) { out.append($0) } }
        #expect(out == whole, "a byte at a time")
    }

    @Test("requests that break the rules or the limits are refused with the right status", arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 400),  // no Host
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / SPDY\r\nHost: x\r\n\r\n", 400),
        ("GET /  HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET nothing HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10001\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417),
        ("GET / HTTP/1.1\r\nHost: \u{FF}\r\n\r\n", 200),  // U+00FF is UTF-8 here: accepted
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n+1\r\na\r\n0\r\n\r\n", 400),
    ])
    func refusals(wire: String, status: Int) {
        let out = Self.frames([wire])
        if status == 200 {
            #expect(Self.request(out.first) != nil)
        } else {
            #expect(out.count == 1 && Self.status(out.first) == status, "\(out)")
        }
    }

    @Test func afterARefusalNothingMoreIsRead() {
        var framer = HTTPFramer()
        var out: [InboundFrame] = []
        framer.append(Array("GET / HTTP/9.9\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) { out.append($0) }
        framer.append(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) { out.append($0) }
        #expect(out.count == 1 && Self.status(out.first) == 505)
        #expect(!framer.hasPartialRequest)
    }

    @Test func headAndBodyLimitsBoundMemory() {
        var limits = HTTPFramer.Limits()
        limits.maximumHeadBytes = 256
        limits.maximumBodyBytes = 10
        let longLine = "GET /" + String(repeating: "a", count: 300)
        #expect(Self.status(Self.frames([longLine], limits: limits).first) == 414)
        let manyFields = "GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-A: b\r\n", count: 40)
        #expect(Self.status(Self.frames([manyFields], limits: limits).first) == 431)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n"
        #expect(Self.status(Self.frames([chunked], limits: limits).first) == 413)
        var fields = HTTPFramer.Limits()
        fields.maximumHeaderCount = 3
        let four = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(Self.status(Self.frames([four], limits: fields).first) == 431)
    }

    @Test func aPartialRequestIsVisibleUntilItIsWhole() {
        var framer = HTTPFramer()
        var out: [InboundFrame] = []
        #expect(!framer.hasPartialRequest)
        framer.append(Array("\r\n".utf8)) { out.append($0) }  // blank lines between requests are skipped
        #expect(!framer.hasPartialRequest)
        framer.append(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n".utf8)) { out.append($0) }
        #expect(framer.hasPartialRequest && out.isEmpty)
        framer.append(Array("\r\nab".utf8)) { out.append($0) }
        #expect(framer.hasPartialRequest && out.isEmpty)
        framer.append(Array("cd".utf8)) { out.append($0) }
        #expect(!framer.hasPartialRequest && out.count == 1)
    }

    @Test func expectContinueIsAnsweredOnceAndOnlyWhenABodyIsComing() {
        var framer = HTTPFramer()
        var out: [InboundFrame] = []
        framer.append(Array("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)) { out.append($0) }
        #expect(framer.takeInterimResponse() == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(framer.takeInterimResponse() == nil)
        framer.append(Array("ok".utf8)) { out.append($0) }
        #expect(out.count == 1)
        framer.append(Array("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n".utf8)) { out.append($0) }
        #expect(framer.takeInterimResponse() == nil && out.count == 2)
    }

    @Test func connectionHeadersDecideKeepAlive() {
        func keepAlive(_ head: String) -> Bool? { Self.request(Self.frames([head + "\r\n"]).first)?.keepAlive }
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: x\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade, close\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n") == true)
        #expect(Self.request(Self.frames(["GET http://h:1/p?q HTTP/1.1\r\nHost: h\r\n\r\n"]).first)?.target == "/p?q")
    }

    @Test func randomBytesNeverCrashOrGrowWithoutBound() {
        var generator = SplitMix(seed: 7)
        var limits = HTTPFramer.Limits()
        limits.maximumHeadBytes = 512
        limits.maximumBodyBytes = 512
        let alphabet = Array("GET POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nTransfer-Encoding: chunked\r\n0123456789abcdef;:\u{0}\u{FF}".utf8)
        for _ in 0..<300 {
            var framer = HTTPFramer(limits: limits)
            var total = 0
            for _ in 0..<20 {
                let n = Int(generator.next() % 200)
                let chunk = (0..<n).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                framer.append(chunk) { frame in
                    if case .http(let r) = frame { total += r.body.count }
                }
            }
            #expect(total <= 20 * 512)
        }
    }
}

/// A small deterministic generator for the fuzz test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
