import CRMSupport

extension BotReply {
    /// The reply as kept for a retried request: everything but the id, as JSON text.
    var kept: String {
        var pairs: [(String, JSONValue)] = [
            ("ok", .bool(ok)), ("intent", .string(intent)), ("text", .string(text)), ("data", data),
            ("language", .string(language.rawValue)),
        ]
        if let error { pairs.append(("error", .object([("code", .string(error.code)), ("message", .string(error.message))]))) }
        return JSONValue.object(pairs).serialized
    }

    /// A kept reply, answering the retried request `id`; nil when `kept` is not one.
    init?(kept: String, id: JSONValue?) {
        guard let value = try? JSONValue.parse(kept), case .bool(let ok)? = value["ok"],
            let intent = value["intent"]?.stringValue, let text = value["text"]?.stringValue,
            let language = value["language"]?.stringValue.flatMap(Language.init(rawValue:))
        else { return nil }
        var error: BotError?
        if let code = value["error"]?["code"]?.stringValue, let message = value["error"]?["message"]?.stringValue {
            error = BotError(code: code, message: message)
        }
        self.init(id: id, ok: ok, intent: intent, text: text, data: value["data"] ?? .object([]), error: error, language: language)
    }
}
