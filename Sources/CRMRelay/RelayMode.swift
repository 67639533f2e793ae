import CRMSupport

/// The protocol a connection speaks, chosen by its first line.
public enum RelayMode: Sendable, Hashable {
    /// JSON Lines, as the stdio `--json` protocol.
    case json
    /// Text blocks for a person with nc or socat (see ``TextBlock``).
    case text

    /// `{` as the first non-blank character selects JSON.
    static func detect(_ line: some StringProtocol) -> RelayMode {
        line.first(where: { !$0.isWhitespace }) == "{" ? .json : .text
    }

    /// A reply rendered for the wire, ending in a newline.
    func render(_ reply: RelayReply) -> String {
        switch self {
        case .json:
            return reply.json.serialized + "\n"
        case .text:
            let status = reply.ok ? "OK \(reply.intent.isEmpty ? "-" : reply.intent)" : "ERR \(reply.errorCode ?? "error")"
            return TextBlock.render(status: status, text: reply.text)
        }
    }
}
