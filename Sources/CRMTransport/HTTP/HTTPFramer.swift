/// Splits a byte stream into HTTP/1.x requests (RFC 9112): request line and
/// header fields, then a body by `Content-Length` or chunked transfer coding.
/// Pipelined requests come out one by one, in order.
///
/// Memory stays bounded whatever arrives: the head is at most
/// ``Limits/maximumHeadBytes``, the body at most ``Limits/maximumBodyBytes``.
/// A request that breaks the grammar or a limit comes out as
/// ``InboundFrame/badHTTP(_:)`` and everything after it is ignored (the
/// stream can no longer be trusted to start a new request where we think it
/// does); the server answers it and closes the connection.
///
/// What is refused, and why: a header folded over lines (obsolete, and a
/// smuggling vector), both `Content-Length` and `Transfer-Encoding`, two
/// different lengths, a transfer coding other than chunked, an HTTP/1.1
/// request without `Host`, bytes that are not UTF-8 in the head.
///
/// Usage:
/// ```swift
/// var framer = HTTPFramer()
/// framer.append(bytes) { frame in handle(frame) }
/// if let interim = framer.takeInterimResponse() { write(interim) }   // "100 Continue"
/// ```
public struct HTTPFramer: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Request line and header fields together (and a chunked body's trailers).
        public var maximumHeadBytes = 16 * 1024
        /// The body after de-chunking.
        public var maximumBodyBytes = 64 * 1024
        /// Header fields in one request.
        public var maximumHeaderCount = 100

        public init() {}
    }

    private enum State: Sendable {
        case head
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case broken
    }

    public let limits: Limits
    private var state = State.head
    /// Head bytes, or the current chunk-size or trailer line.
    private var buffer: [UInt8] = []
    /// Trailer bytes so far (counted against the head limit).
    private var trailerBytes = 0
    private var request: HTTPRequest?
    private var interimOwed = false

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Part of a request has arrived and the rest has not: a client that
    /// stays here too long is too slow (see the server's request timeout).
    public var hasPartialRequest: Bool {
        switch state {
        case .head: return !buffer.isEmpty
        case .broken: return false
        default: return true
        }
    }

    /// `HTTP/1.1 100 Continue` when a request asked for it (`Expect:
    /// 100-continue`) and its body has not come yet; once.
    public mutating func takeInterimResponse() -> String? {
        guard interimOwed else { return nil }
        interimOwed = false
        return "HTTP/1.1 100 Continue\r\n\r\n"
    }

    /// Feeds bytes; calls `emit` for every request they complete, in order.
    public mutating func append(_ bytes: some Collection<UInt8>, emit: (InboundFrame) -> Void) {
        var input = bytes[...]
        while let byte = input.first {
            switch state {
            case .broken:
                return
            case .head:
                input = input.dropFirst()
                // Empty lines before a request line are skipped (RFC 9112 §2.2).
                if buffer.isEmpty, byte == 0x0D || byte == 0x0A { continue }
                buffer.append(byte)
                if byte == 0x0A, buffer.count >= 2,
                    buffer[buffer.count - 2] == 0x0A
                        || (buffer.count >= 3 && buffer[buffer.count - 2] == 0x0D && buffer[buffer.count - 3] == 0x0A)
                {
                    headEnded(emit: emit)
                } else if buffer.count > limits.maximumHeadBytes {
                    let status = buffer.contains(0x0A) ? 431 : 414
                    fail(HTTPRequestError(
                        status: status,
                        status == 431
                            ? "The request's header fields are over \(limits.maximumHeadBytes) bytes."
                            : "The request line is over \(limits.maximumHeadBytes) bytes."), emit: emit)
                }
            case .body(let remaining):
                let part = input.prefix(remaining)
                request?.body.append(contentsOf: part)
                input = input.dropFirst(part.count)
                if remaining == part.count {
                    complete(emit: emit)
                } else {
                    state = .body(remaining: remaining - part.count)
                }
            case .chunkData(let remaining):
                let part = input.prefix(remaining)
                request?.body.append(contentsOf: part)
                input = input.dropFirst(part.count)
                state = remaining == part.count ? .chunkDataEnd : .chunkData(remaining: remaining - part.count)
            case .chunkSize, .chunkDataEnd, .trailers:
                input = input.dropFirst()
                buffer.append(byte)
                if case .trailers = state { trailerBytes += 1 }
                if byte == 0x0A {
                    chunkLineEnded(emit: emit)
                } else if buffer.count > 1024 || trailerBytes > limits.maximumHeadBytes {
                    fail(HTTPRequestError(status: 400, "A chunk-size or trailer line is too long."), emit: emit)
                }
            }
        }
    }

    /// End of input: a request cut short is dropped (nobody is left to answer).
    public mutating func finish(emit: (InboundFrame) -> Void) {
        state = .broken
        buffer = []
        request = nil
    }

    // MARK: - Steps

    private mutating func fail(_ error: HTTPRequestError, emit: (InboundFrame) -> Void) {
        state = .broken
        buffer = []
        request = nil
        interimOwed = false
        emit(.badHTTP(error))
    }

    private mutating func complete(emit: (InboundFrame) -> Void) {
        guard let done = request else { return }
        request = nil
        state = .head
        buffer.removeAll(keepingCapacity: true)
        interimOwed = false
        emit(.http(done))
    }

    private mutating func headEnded(emit: (InboundFrame) -> Void) {
        let head: ParsedHead
        switch Self.parseHead(buffer, limits: limits) {
        case .failure(let error):
            fail(error, emit: emit)
            return
        case .success(let parsed):
            head = parsed
        }
        buffer.removeAll(keepingCapacity: true)
        request = head.request
        switch head.body {
        case .none:
            complete(emit: emit)
        case .length(let n):
            state = .body(remaining: n)
            interimOwed = head.expectsContinue
        case .chunked:
            state = .chunkSize
            trailerBytes = 0
            interimOwed = head.expectsContinue
        }
    }

    private mutating func chunkLineEnded(emit: (InboundFrame) -> Void) {
        var line = buffer[...].dropLast()
        if line.last == 0x0D { line = line.dropLast() }
        buffer.removeAll(keepingCapacity: true)
        switch state {
        case .chunkDataEnd:
            guard line.isEmpty else {
                fail(HTTPRequestError(status: 400, "A chunk is longer than its size says."), emit: emit)
                return
            }
            state = .chunkSize
        case .trailers:
            if line.isEmpty { complete(emit: emit) }  // trailer fields are read and dropped
        default:
            let digits = line.prefix { $0 != 0x3B && $0 != 0x20 && $0 != 0x09 }  // before ";ext"
            guard !digits.isEmpty, digits.count <= 8,
                digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }),
                let size = Int(String(decoding: digits, as: UTF8.self), radix: 16)
            else {
                fail(HTTPRequestError(status: 400, "A chunk size is not a hexadecimal number."), emit: emit)
                return
            }
            if size == 0 {
                state = .trailers
                trailerBytes = 0
            } else if (request?.body.count ?? 0) + size > limits.maximumBodyBytes {
                fail(HTTPRequestError(status: 413, "The request body is over \(limits.maximumBodyBytes) bytes."), emit: emit)
            } else {
                state = .chunkData(remaining: size)
            }
        }
    }

    // MARK: - The head

    enum BodyFraming: Hashable { case none, length(Int), chunked }

    struct ParsedHead {
        var request: HTTPRequest
        var body: BodyFraming
        var expectsContinue: Bool
    }

    /// Parses a complete head (request line, fields, the empty line).
    static func parseHead(_ bytes: [UInt8], limits: Limits) -> Result<ParsedHead, HTTPRequestError> {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(HTTPRequestError(status: 400, "The request head is not valid UTF-8."))
        }
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> Substring in
            let s = Substring(line)
            return s.hasSuffix("\r") ? s.dropLast() : s
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { return .failure(HTTPRequestError(status: 400, "The request is empty.")) }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].utf8.allSatisfy(isTokenByte), !parts[1].isEmpty,
            !parts[1].utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
        else {
            return .failure(HTTPRequestError(status: 400, "The request line is not 'METHOD TARGET HTTP/1.1'."))
        }
        let minor: Int
        switch parts[2] {
        case "HTTP/1.1": minor = 1
        case "HTTP/1.0": minor = 0
        default:
            guard parts[2].hasPrefix("HTTP/") else {
                return .failure(HTTPRequestError(status: 400, "The request line is not 'METHOD TARGET HTTP/1.1'."))
            }
            return .failure(HTTPRequestError(status: 505, "Only HTTP/1.0 and HTTP/1.1 are spoken here."))
        }
        var target = String(parts[1])
        if !target.hasPrefix("/"), target != "*" {
            // absolute-form (`http://host/path`): keep the path.
            let bytes = Array(target.utf8)
            guard let mark = (0..<max(0, bytes.count - 2)).first(where: { bytes[$0] == 0x3A && bytes[$0 + 1] == 0x2F && bytes[$0 + 2] == 0x2F })
            else {
                return .failure(HTTPRequestError(status: 400, "The request target must start with '/'."))
            }
            let rest = bytes[(mark + 3)...]
            target = rest.firstIndex(of: 0x2F).map { String(decoding: bytes[$0...], as: UTF8.self) } ?? "/"
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            if line.first == " " || line.first == "\t" {
                return .failure(HTTPRequestError(status: 400, "A header field is folded over two lines."))
            }
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
                line[..<colon].utf8.allSatisfy(isTokenByte)
            else {
                return .failure(HTTPRequestError(status: 400, "A header field is not 'Name: value'."))
            }
            let value = line[line.index(after: colon)...]
            if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x00 }) {
                return .failure(HTTPRequestError(status: 400, "A header field holds a control character."))
            }
            headers.append((String(line[..<colon]), value.trimmingSpacesAndTabs))
            if headers.count > limits.maximumHeaderCount {
                return .failure(HTTPRequestError(status: 431, "The request has over \(limits.maximumHeaderCount) header fields."))
            }
        }
        let request = HTTPRequest(method: String(parts[0]), target: target, minorVersion: minor, headers: headers)
        let hosts = headers.filter { $0.name.asciiLowercased == "host" }.count
        if minor == 1, hosts == 0 {
            return .failure(HTTPRequestError(status: 400, "An HTTP/1.1 request needs a Host header field."))
        }
        if hosts > 1 { return .failure(HTTPRequestError(status: 400, "A request has one Host header field, not \(hosts).")) }
        let lengths = headers.filter { $0.name.asciiLowercased == "content-length" }.map(\.value)
        let codings = headers.filter { $0.name.asciiLowercased == "transfer-encoding" }.map(\.value)
        var body = BodyFraming.none
        if !codings.isEmpty {
            guard lengths.isEmpty else {
                return .failure(HTTPRequestError(status: 400, "A request may not have both Content-Length and Transfer-Encoding."))
            }
            guard codings.count == 1, codings[0].asciiLowercased == "chunked" else {
                return .failure(HTTPRequestError(status: 501, "Only the chunked transfer coding is supported."))
            }
            body = .chunked
        } else if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
                first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(first)
            else {
                return .failure(HTTPRequestError(status: 400, "Content-Length is not one number."))
            }
            if n > limits.maximumBodyBytes {
                return .failure(HTTPRequestError(status: 413, "The request body is over \(limits.maximumBodyBytes) bytes."))
            }
            if n > 0 { body = .length(n) }
        }
        var expectsContinue = false
        if let expect = request.header("expect") {
            guard expect.asciiLowercased == "100-continue" else {
                return .failure(HTTPRequestError(status: 417, "Only 'Expect: 100-continue' is understood."))
            }
            expectsContinue = body != .none && minor == 1
        }
        return .success(ParsedHead(request: request, body: body, expectsContinue: expectsContinue))
    }

    /// A `tchar` of RFC 9110: what a method or a field name is made of.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }
}
