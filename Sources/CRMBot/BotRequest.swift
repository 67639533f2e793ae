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
    /// An idempotency key: a request sent again with the same key (by the same rep,
    /// within ``RequestKeys/retentionHours``) gets the first reply and writes nothing.
    public var key: String?
    /// Which attempt of a keyed request this is (set by the bot; see ``WriteContext/requestAttempt``).
    var attempt: String?

    public init(id: JSONValue? = nil, user: String, text: String, key: String? = nil) {
        self.id = id
        self.user = user
        self.text = text
        self.key = key
    }
}
