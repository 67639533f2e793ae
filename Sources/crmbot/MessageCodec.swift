import CRMBot
import CRMSupport
import CRMTransport
import Foundation

/// The wire forms of stdio: plain text (one reply per message; when piped,
/// replies are separated by a blank line) and JSON Lines.
struct MessageCodec {
    enum Mode { case plain, plainInteractive, json }

    let mode: Mode
    let defaultUser: String

    /// What a frame asks for: a request for the bot, or an immediate error reply.
    enum Decoded {
        case request(BotRequest)
        case reply(String)
    }

    func decode(_ frame: InboundFrame) -> Decoded {
        switch frame {
        case .tooLong(let count, let prefix):
            let id = mode == .json ? MessageCodec.requestID(inPrefix: prefix) : nil
            return .reply(error(id: id, code: "too_long", en: "That message is too long (\(count) bytes); I read at most 65,536 bytes per line."))
        case .invalidEncoding:
            return .reply(error(id: nil, code: "invalid_utf8", en: "That message is not valid UTF-8 text, so I could not read it. Please send it again as plain text."))
        case .http, .badHTTP:  // HTTP is read by the server's HTTP listener, never as lines
            return .reply(error(id: nil, code: "bad_request", en: "An HTTP request is not a message line."))
        case .line(let line):
            guard mode == .json else { return .request(BotRequest(id: nil, user: defaultUser, text: line)) }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.first == "{" else { return .request(BotRequest(id: nil, user: defaultUser, text: line)) }
            let value: JSONValue
            do {
                value = try JSONValue.parse(String(trimmed))
            } catch let parseError {
                return .reply(error(id: nil, code: "bad_json", en: "That line is not valid JSON (\(parseError.reason) at byte \(parseError.offset)). Send {\"id\":…,\"user\":…,\"text\":…} or a bare text line."))
            }
            let id = value["id"]
            if let id, !id.isScalar {
                return .reply(error(id: nil, code: "bad_request", en: "\"id\" must be a string or a number."))
            }
            guard let text = value["text"]?.stringValue else {
                return .reply(error(id: id, code: "bad_request", en: "The request has no \"text\" string. Send {\"id\":…,\"user\":…,\"text\":…}."))
            }
            var user = defaultUser
            if let u = value["user"] {
                guard let name = u.stringValue else {
                    return .reply(error(id: id, code: "bad_request", en: "\"user\" must be a string: the rep's name."))
                }
                user = name
            }
            var key: String?
            if let given = value["key"] {
                guard let k = given.stringValue else {
                    return .reply(error(id: id, code: "bad_request", en: "\"key\" must be a string: the request's idempotency key."))
                }
                key = k
            }
            return .request(BotRequest(id: id, user: user, text: text, key: key))
        }
    }

    /// The `"id"` of a JSON request whose line was too long to read, found in its
    /// first bytes when it comes before the text (`{"id":7,"text":"…`).
    static func requestID(inPrefix prefix: [UInt8]) -> JSONValue? {
        let text = String(decoding: prefix, as: UTF8.self)
        guard text.first == "{", let key = text.range(of: "\"id\"") else { return nil }
        var rest = text[key.upperBound...].drop(while: { $0 == " " })
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        if rest.first == "\"" {
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: "\""), !body[..<end].contains("\\") else { return nil }
            return .string(String(body[..<end]))
        }
        let digits = rest.prefix(while: { $0 == "-" || $0.isNumber })
        return Int64(digits).map { .int($0) }
    }

    func encode(_ reply: BotReply) -> String {
        switch mode {
        case .json: return reply.json.serialized + "\n"
        case .plainInteractive: return plainText(reply.text) + "\n"
        case .plain: return plainText(reply.text) + "\n\n"
        }
    }

    private func error(id: JSONValue?, code: String, en: String) -> String {
        switch mode {
        case .json:
            var pairs: [(String, JSONValue)] = []
            if let id { pairs.append(("id", id)) }
            pairs.append(("ok", false))
            pairs.append(("error", .object([("code", .string(code)), ("message", .string(en))])))
            return JSONValue.object(unique: pairs).serialized + "\n"
        case .plainInteractive: return en + "\n"
        case .plain: return en + "\n\n"
        }
    }

    /// A reply never contains a blank line in plain mode, so the blank line
    /// between replies stays an unambiguous separator.
    private func plainText(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        lines = lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
        return lines.isEmpty ? "…" : lines.joined(separator: "\n")
    }
}

extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .string, .int, .double, .null: return true
        default: return false
        }
    }
}
