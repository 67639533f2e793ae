/// One HTTP/1.x request, as ``HTTPFramer`` read it off a connection: the
/// head parsed, the body whole (de-chunked), nothing interpreted beyond the
/// framing.
public struct HTTPRequest: Hashable, Sendable {
    /// `GET`, `POST`, … exactly as sent (methods are case-sensitive).
    public var method: String
    /// The request target as sent: `/v1/messages?x=1`.
    public var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    /// Header fields in order, names as sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, minorVersion: Int = 1, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// The target's path, without the query.
    public var path: Substring { target.prefix { $0 != "?" } }

    /// The target's query, without the `?`; empty when there is none.
    public var query: Substring {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return target[target.index(after: mark)...]
    }

    /// The first value of a header, its name matched without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.asciiLowercased == name.asciiLowercased }?.value
    }

    /// Whether the connection stays open after the response: HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let tokens = (header("connection") ?? "").asciiLowercased.split(separator: ",").map { $0.trimmingSpacesAndTabs }
        if tokens.contains("close") { return false }
        return minorVersion >= 1 || tokens.contains("keep-alive")
    }

    /// The media type of the body (`application/json`), lower-cased, without parameters.
    public var mediaType: String? {
        header("content-type").map { String($0.prefix { $0 != ";" }).asciiLowercased.trimmingSpacesAndTabs }
    }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.minorVersion == b.minorVersion && a.body == b.body
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(target)
        hasher.combine(body)
    }
}

/// A request the framer could not read; answered with `status` and the
/// connection closed, since the bytes after it cannot be trusted to start a
/// new request.
public struct HTTPRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 400, 408, 413, 414, 431, 501 or 505.
    public var status: Int
    /// A sentence for the client's developer.
    public var message: String

    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status) \(HTTPResponse.reason(status)): \(message)" }
}

extension StringProtocol {
    /// ASCII letters lower-cased; everything else as is (header names and tokens are ASCII).
    var asciiLowercased: String {
        String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    var trimmingSpacesAndTabs: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
