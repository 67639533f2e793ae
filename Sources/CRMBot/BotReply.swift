import CRMSupport

/// Why a message could not be carried out: a stable machine code and a
/// sentence for the rep in the rep's language.
public struct BotError: Sendable, Hashable {
    /// A stable code (`empty`, `too_long`, `not_found`, `not_available`, `internal`, …).
    public var code: String
    /// The sentence shown to the rep.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// The bot's answer to one ``BotRequest``.
///
/// `json` is the wire form of the JSON Lines protocol:
/// `{"id":…,"ok":true,"intent":"…","text":"…","data":{…}}` on success and
/// `{"id":…,"ok":false,"error":{"code":"…","message":"…"}}` on failure;
/// `"id"` is present only when the request carried one.
public struct BotReply: Sendable {
    /// The request's id, echoed.
    public var id: JSONValue?
    /// False when the message was refused or failed; `error` then says why.
    public var ok: Bool
    /// The intent handled (`activity.log`, …, `none`); empty when the message never reached the parser.
    public var intent: String
    /// The text to show the rep (also set on failure: the error message).
    public var text: String
    /// Structured detail: record ids, resolved slots, list rows, a pending question.
    public var data: JSONValue
    /// Set when `ok` is false.
    public var error: BotError?
    /// The language of `text`.
    public var language: Language

    public init(
        id: JSONValue?, ok: Bool, intent: String, text: String, data: JSONValue = .object([]),
        error: BotError? = nil, language: Language
    ) {
        self.id = id
        self.ok = ok
        self.intent = intent
        self.text = text
        self.data = data
        self.error = error
        self.language = language
    }

    /// The wire form (see the type's documentation).
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", id)) }
        if ok {
            pairs.append(("ok", .bool(true)))
            pairs.append(("intent", .string(intent)))
            pairs.append(("text", .string(text)))
            pairs.append(("data", data))
        } else {
            pairs.append(("ok", .bool(false)))
            let err = error ?? BotError(code: "internal", message: text)
            pairs.append(("error", .object([("code", .string(err.code)), ("message", .string(err.message))])))
        }
        return .object(unique: pairs)
    }
}
