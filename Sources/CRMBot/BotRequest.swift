import CRMSupport

/// One message from a rep, as a transport hands it to ``Bot/respond(to:)``.
///
/// `id` is echoed back unchanged in the reply so that a relay can match
/// replies to requests; `user` names the rep (created on first use).
public struct BotRequest: Sendable {
    /// The caller's correlation id, echoed in the reply; nil when absent.
    public var id: JSONValue?
    /// The rep's name as the transport knows it.
    public var user: String
    /// The message text, as typed.
    public var text: String

    public init(id: JSONValue? = nil, user: String, text: String) {
        self.id = id
        self.user = user
        self.text = text
    }
}
