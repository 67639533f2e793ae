/// An HTTP/1.1 response with a text body, rendered for the wire.
///
/// `Content-Length` is always set (never chunked), and `Connection: close`
/// when the connection ends after it.
public struct HTTPResponse: Hashable, Sendable {
    public var status: Int
    /// Fields besides `Content-Length` and `Connection`.
    public var headers: [String: String]
    public var body: String
    /// Close the connection once the response is written.
    public var closes: Bool

    public init(status: Int, headers: [String: String] = [:], body: String = "", closes: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closes = closes
    }

    /// A JSON body.
    public static func json(_ status: Int, _ body: String, closes: Bool = false) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: body, closes: closes)
    }

    /// The response as sent: status line, fields, an empty line, the body.
    /// A response to `HEAD` has the fields of the body but not the body.
    public func rendered(headOnly: Bool = false) -> String {
        var s = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { s += "\(name): \(value)\r\n" }
        s += "Content-Length: \(body.utf8.count)\r\n"
        if closes { s += "Connection: close\r\n" }
        s += "\r\n"
        if !headOnly { s += body }
        return s
    }

    /// The reason phrase of a status code.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
