import CRMSupport
import CRMTransport

/// One message for the bot, as a relay client sent it.
public struct RelayRequest: Sendable, Hashable {
    /// The client's correlation id, echoed in the reply.
    public var id: JSONValue?
    /// The rep the message is from (already checked against the token).
    public var user: String
    public var text: String
    /// The request's idempotency key (`"key"`): a retry with the same key gets the first
    /// reply and writes nothing.
    public var key: String?

    public init(id: JSONValue?, user: String, text: String, key: String? = nil) {
        self.id = id
        self.user = user
        self.text = text
        self.key = key
    }
}

/// The bot's answer, in the parts both socket protocols need.
public struct RelayReply: Sendable, Hashable {
    /// The JSON Lines reply object (`{"id","ok","intent","text","data"}` or the error form).
    public var json: JSONValue
    public var ok: Bool
    /// The intent handled; empty when none.
    public var intent: String
    /// The text a person reads (the error message on failure).
    public var text: String
    /// The error code when `ok` is false.
    public var errorCode: String?

    public init(json: JSONValue, ok: Bool, intent: String, text: String, errorCode: String?) {
        self.json = json
        self.ok = ok
        self.intent = intent
        self.text = text
        self.errorCode = errorCode
    }

    /// An error reply made by the relay layer itself.
    public static func failure(id: JSONValue?, code: String, message: String) -> RelayReply {
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", id)) }
        pairs.append(("ok", false))
        pairs.append(("error", .object([("code", .string(code)), ("message", .string(message))])))
        return RelayReply(json: .object(unique: pairs), ok: false, intent: "", text: message, errorCode: code)
    }

    /// A successful reply made by the relay layer itself (login, audit, quit).
    public static func success(id: JSONValue?, intent: String, text: String, data: JSONValue) -> RelayReply {
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", id)) }
        pairs += [("ok", true), ("intent", .string(intent)), ("text", .string(text)), ("data", data)]
        return RelayReply(json: .object(unique: pairs), ok: true, intent: intent, text: text, errorCode: nil)
    }
}

/// A JSON Lines frame, decoded: a request for the bot, or an error reply
/// (already serialized, ending in a newline).
public enum RelayDecoded: Sendable, Hashable {
    case request(RelayRequest)
    case reply(String)
}

/// What answers messages: the bot, adapted by the executable.
public protocol RelayResponder: Sendable {
    /// Decodes a JSON Lines message frame exactly as the stdio protocol does
    /// (the relay has already handled login and commands). `defaultUser` is
    /// empty when the connection has none; a request that then names no
    /// `user` is refused by the relay.
    func decode(_ frame: InboundFrame, defaultUser: String) -> RelayDecoded

    func respond(_ request: RelayRequest) async -> RelayReply
}

extension RelayResponder {
    /// A plain decoder with the stdio protocol's codes (`bad_json`,
    /// `bad_request`, `too_long`, `invalid_utf8`), for responders that have none.
    public func decode(_ frame: InboundFrame, defaultUser: String) -> RelayDecoded {
        func failure(_ id: JSONValue?, _ code: String, _ message: String) -> RelayDecoded {
            .reply(RelayReply.failure(id: id, code: code, message: message).json.serialized + "\n")
        }
        switch frame {
        case .tooLong(let count, let prefix):
            let id = RelayDelegate.requestID(in: String(decoding: prefix, as: UTF8.self))
            return failure(id, "too_long", "That message is too long (\(count) bytes).")
        case .invalidEncoding:
            return failure(nil, "invalid_utf8", "That message is not valid UTF-8 text.")
        case .http, .badHTTP:
            return failure(nil, "bad_request", "An HTTP request is not a message line.")
        case .line(let line):
            guard line.first(where: { !$0.isWhitespace }) == "{" else {
                return .request(RelayRequest(id: nil, user: defaultUser, text: line))
            }
            let value: JSONValue
            do throws(JSONParseError) {
                value = try JSONValue.parse(line)
            } catch {
                return failure(nil, "bad_json", "That line is not valid JSON (\(error.reason) at byte \(error.offset)).")
            }
            let id = value["id"]
            switch id {
            case nil, .string?, .int?, .double?, .null?: break
            default: return failure(nil, "bad_request", "\"id\" must be a string or a number.")
            }
            guard let text = value["text"]?.stringValue else {
                return failure(id, "bad_request", "The request has no \"text\" string.")
            }
            var user = defaultUser
            if let given = value["user"] {
                guard let name = given.stringValue else {
                    return failure(id, "bad_request", "\"user\" must be a string: the rep's name.")
                }
                user = name
            }
            var key: String?
            if let given = value["key"] {
                guard let k = given.stringValue else {
                    return failure(id, "bad_request", "\"key\" must be a string: the request's idempotency key.")
                }
                key = k
            }
            return .request(RelayRequest(id: id, user: user, text: text, key: key))
        }
    }
}
