import CRMSupport

/// One message for the bot, as a relay client sent it.
public struct RelayRequest: Sendable, Hashable {
    /// The client's correlation id, echoed in the reply.
    public var id: JSONValue?
    /// The rep the message is from (already checked against the token).
    public var user: String
    public var text: String

    public init(id: JSONValue?, user: String, text: String) {
        self.id = id
        self.user = user
        self.text = text
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
        return RelayReply(json: .object(pairs), ok: false, intent: "", text: message, errorCode: code)
    }

    /// A successful reply made by the relay layer itself (login, audit, quit).
    public static func success(id: JSONValue?, intent: String, text: String, data: JSONValue) -> RelayReply {
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", id)) }
        pairs += [("ok", true), ("intent", .string(intent)), ("text", .string(text)), ("data", data)]
        return RelayReply(json: .object(pairs), ok: true, intent: intent, text: text, errorCode: nil)
    }
}

/// What answers messages: the bot, adapted by the executable.
public protocol RelayResponder: Sendable {
    func respond(_ request: RelayRequest) async -> RelayReply
}
