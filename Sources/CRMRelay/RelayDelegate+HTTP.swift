import CRMDomain
import CRMSupport
import CRMTransport
import Glibc
import Synchronization

/// The HTTP endpoints of `crmbot serve --http` (docs/protocol.md, "HTTP"):
///
/// - `POST /v1/messages`: one JSON Lines request as the body, its reply as the
///   response; the token in `Authorization: Bearer TOKEN`; an `Idempotency-Key`
///   header stands for the request's `key`.
/// - `POST /v1/slash`: a Slack or Mattermost slash command or outgoing webhook
///   (form-encoded; the platform's token must be a crmbot token), answered as
///   the platform's JSON (`{"response_type":"ephemeral","text":…}`).
/// - `GET /healthz`: 200 while the server serves and its database answers.
///
/// HTTP is stateless here: nothing is pushed on an HTTP connection (reminders
/// need a socket), and every request carries its token.
extension RelayDelegate {
    /// The response to one request, rendered (`Connection: close` when it ends the connection).
    func respond(to request: HTTPRequest, on connection: ConnectionID) async -> String {
        var response = await route(request, connection)
        if !request.keepAlive { response.closes = true }
        return response.rendered(headOnly: request.method == "HEAD")
    }

    private func route(_ request: HTTPRequest, _ connection: ConnectionID) async -> HTTPResponse {
        let endpoints: [String: [String]] = ["/healthz": ["GET", "HEAD"], "/v1/messages": ["POST"], "/v1/slash": ["POST"]]
        let path = String(request.path)
        guard let methods = endpoints[path] else {
            return Self.httpError(404, code: "not_found", "There is nothing at \(VisibleText.escaped(path)); the endpoints are "
                + "POST /v1/messages, POST /v1/slash and GET /healthz.")
        }
        guard methods.contains(request.method) else {
            var response = Self.httpError(
                405, code: "method_not_allowed", "\(path) takes \(methods.joined(separator: " or ")).")
            response.headers["Allow"] = methods.joined(separator: ", ")
            return response
        }
        switch path {
        case "/healthz": return await health()
        case "/v1/messages": return await messages(request, connection)
        default: return await slash(request, connection)
        }
    }

    // MARK: - Endpoints

    private func health() async -> HTTPResponse {
        do {
            _ = try await store.rep(named: "healthz")
            return .json(200, #"{"ok":true,"status":"serving"}"#)
        } catch {
            log("health check: the database did not answer: \(error)")
            return Self.httpError(503, code: "unavailable", "The database does not answer.")
        }
    }

    private func messages(_ request: HTTPRequest, _ connection: ConnectionID) async -> HTTPResponse {
        if let type = request.mediaType, type != "application/json" {
            return Self.httpError(415, code: "bad_request", "Send the request as application/json, not \(VisibleText.escaped(type)).")
        }
        let grant: TokenGrant
        switch await authorize(Self.bearer(request), connection) {
        case .refused(let response): return response
        case .granted(let g): grant = g
        }
        guard let text = String(validating: request.body, as: UTF8.self) else {
            return Self.httpError(400, code: "invalid_utf8", "The body is not valid UTF-8.")
        }
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue.parse(text)
        } catch {
            return Self.httpError(400, code: "bad_json", "The body is not valid JSON (\(error)).")
        }
        guard case .object(var members) = value else {
            return Self.httpError(400, code: "bad_request", "The body must be one JSON object: {\"user\":…,\"text\":…}.")
        }
        let id = value["id"].flatMap { $0.isScalarID ? $0 : nil }
        if value["auth"] != nil {
            return Self.httpError(400, code: "bad_request", "Over HTTP the token goes in the Authorization header: Bearer TOKEN.")
        }
        let defaultUser = grant.reps?.count == 1 ? grant.reps?.first : nil
        if let command = value["command"] {
            guard command.stringValue == "audit" else {
                return Self.httpError(
                    400, code: "bad_request",
                    "Over HTTP the only command is audit; present, ack and quit need a socket connection (--unix or --tcp).")
            }
            var user = defaultUser
            if let given = value["user"] {
                guard let name = given.stringValue else {
                    return Self.httpError(400, code: "bad_request", "\"user\" must be a string: the rep's name.")
                }
                user = name
            }
            let limit = value["limit"]?.intValue.map { Int(clamping: $0) } ?? 50
            return Self.response(for: await audit(user: user, grant: grant, limit: limit, id: id, connection))
        }
        // The header stands for "key" when the body has none.
        if let key = request.header("idempotency-key"), value["key"] == nil {
            members.append(("key", .string(key)))
        }
        switch responder.decode(.line(JSONValue.object(members).serialized), defaultUser: defaultUser ?? "") {
        case .reply(let line):
            return Self.response(for: Self.reply(fromLine: line))
        case .request(let message):
            guard !message.user.allSatisfy(\.isWhitespace) else {
                return Self.httpError(400, code: "bad_request", "Say which rep this message is for: add \"user\":\"NAME\".")
            }
            return Self.response(for: await self.message(message, grant: grant, mode: .json, connection, present: false))
        }
    }

    /// A slash command or an outgoing webhook from Slack or Mattermost. Answered
    /// with 200 and a text the rep reads whenever there is something to tell the rep
    /// (platforms show nothing of another status); 401 for a wrong token.
    private func slash(_ request: HTTPRequest, _ connection: ConnectionID) async -> HTTPResponse {
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            return Self.httpError(415, code: "bad_request", "Send the form as application/x-www-form-urlencoded.")
        }
        if let secret = slackSigningSecret, let refusal = Self.checkSlackSignature(request, secret: secret) {
            await record(.loginFailed, actor: "unknown", rep: nil, "bad Slack signature over HTTP: \(refusal.body)")
            return refusal
        }
        guard let form = FormFields(request.body) else {
            return Self.httpError(400, code: "bad_request", "The form is not valid percent-encoded UTF-8.")
        }
        let grant: TokenGrant
        switch await authorize(form["token"] ?? Self.bearer(request), connection) {
        case .refused(let response): return response
        case .granted(let g): grant = g
        }
        guard let user = form["user_name"], !user.allSatisfy(\.isWhitespace) else {
            return Self.slashReply("crmbot: the request names no user (user_name).", status: 400)
        }
        var text = form["text"] ?? ""
        // An outgoing webhook sends the trigger word as part of the text.
        if let trigger = form["trigger_word"], !trigger.isEmpty, text.hasPrefix(trigger) {
            text = String(text.dropFirst(trigger.count)).trimmingWhitespace
        }
        // The bot checks the key as for any request (an invalid one is answered `invalid_key`).
        let message = RelayRequest(id: nil, user: user, text: text, key: request.header("idempotency-key"))
        let reply = await self.message(message, grant: grant, mode: .json, connection, present: false)
        return Self.slashReply(reply.text, status: 200)
    }

    // MARK: - Steps

    /// The token's grant, or the 401 to send. The first success on a connection counts
    /// as its login (audited, and the login deadline no longer applies); wrong tokens
    /// are audited, and a connection that sends three is closed.
    private func authorize(_ token: String?, _ connection: ConnectionID) async -> HTTPAuthorization {
        guard let token, !token.isEmpty else {
            var response = Self.httpError(401, code: "unauthenticated", "Send the token: Authorization: Bearer TOKEN.")
            response.headers["WWW-Authenticate"] = #"Bearer realm="crmbot""#
            return .refused(response)
        }
        let peer = sessions.withLock { $0[connection]?.peer }
        guard let grant = tokens.authenticate(token) else {
            let failures = sessions.withLock { s -> Int in
                s[connection]?.failures += 1
                return s[connection]?.failures ?? Self.maximumFailures
            }
            await record(.loginFailed, actor: "unknown", rep: nil, "wrong token over HTTP from \(peer.map { "\($0)" } ?? "?")")
            var response = Self.httpError(401, code: "bad_token", "That token is not valid.")
            response.headers["WWW-Authenticate"] = #"Bearer realm="crmbot", error="invalid_token""#
            if failures >= Self.maximumFailures {
                log("closing connection \(connection) (\(peer.map { "\($0)" } ?? "?")) after \(failures) wrong tokens")
                response.closes = true
                server.withLock { $0 }?.disconnect(connection)
            }
            return .refused(response)
        }
        let first = sessions.withLock { s -> Bool in
            s[connection]?.token = Array(token.utf8)
            guard s[connection]?.grant != grant else { return false }
            s[connection]?.grant = grant
            return true
        }
        if first {
            let reps = grant.reps.map { " for " + $0.joined(separator: ", ") } ?? " for any rep"
            guard await record(.login, actor: grant.name, rep: nil, "\(peer.map { "\($0)" } ?? "?") over HTTP\(reps)") else {
                sessions.withLock { $0[connection]?.grant = nil }
                return .refused(Self.httpError(500, code: "internal", "The login could not be recorded; try again."))
            }
            server.withLock { $0 }?.authenticated(connection)
        }
        return .granted(grant)
    }

    /// Nil when the request carries Slack's signature over `v0:TIMESTAMP:BODY` under the
    /// signing secret, made within 5 minutes of now (a replayed request is refused);
    /// else the 401 to send.
    static func checkSlackSignature(_ request: HTTPRequest, secret: [UInt8], now: Int64 = Int64(time(nil))) -> HTTPResponse? {
        guard let stamp = request.header("x-slack-request-timestamp"), let seconds = Int64(stamp),
            let signature = request.header("x-slack-signature")
        else {
            return httpError(401, code: "bad_signature", "The request is not signed (X-Slack-Signature, X-Slack-Request-Timestamp).")
        }
        // A timestamp near Int64.min or Int64.max must not overflow (a trap ended the server).
        let (age, overflow) = now.subtractingReportingOverflow(seconds)
        guard !overflow, age.magnitude <= 300 else {
            return httpError(401, code: "bad_signature", "The request's signature is over 5 minutes old.")
        }
        let expected = "v0=" + SHA256.hex(SHA256.hmac(key: secret, message: Array("v0:\(stamp):".utf8) + request.body))
        guard AccessTokens.constantTimeEqual(Array(expected.utf8), Array(signature.utf8)) else {
            return httpError(401, code: "bad_signature", "The request's signature does not match.")
        }
        return nil
    }

    /// `Authorization: Bearer TOKEN` (or Mattermost's `Token TOKEN`).
    static func bearer(_ request: HTTPRequest) -> String? {
        guard let value = request.header("authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["bearer", "token"].contains(parts[0].lowercased()) else { return nil }
        return parts[1].trimmingWhitespace
    }

    // MARK: - Rendering

    /// A reply as an HTTP response: 200 when the bot answered (`ok` says how), a
    /// 4xx or 5xx when the relay layer refused the request before the bot saw it.
    static func response(for reply: RelayReply) -> HTTPResponse {
        var status = 200
        if !reply.ok {
            switch reply.errorCode {
            case "bad_request", "bad_json", "invalid_user", "invalid_utf8", "too_long", "invalid_key": status = 400
            case "unauthenticated", "bad_token": status = 401
            case "internal": status = 500
            case "forbidden" where reply.intent.isEmpty: status = 403  // the token may not speak for the rep
            default: status = 200
            }
        }
        return .json(status, reply.json.serialized)
    }

    static func httpError(_ status: Int, code: String, _ message: String, closes: Bool = false) -> HTTPResponse {
        .json(status, RelayReply.failure(id: nil, code: code, message: message).json.serialized, closes: closes)
    }

    static func slashReply(_ text: String, status: Int) -> HTTPResponse {
        .json(status, JSONValue.object([("response_type", "ephemeral"), ("text", .string(text))]).serialized)
    }

    /// A refusal decided by the server, for an HTTP client. The idle and login
    /// deadlines close a keep-alive connection silently (a response nobody asked for
    /// could be taken for the answer to the client's next request).
    static func httpRefusal(_ refusal: Refusal, request: HTTPRequest? = nil) -> String {
        var response: HTTPResponse
        switch refusal {
        case .idleTimeout, .loginTimeout, .crowdedOut:
            return ""
        case .rateLimited:
            response = httpError(429, code: refusal.code, refusal.message)
            response.headers["Retry-After"] = "1"
        case .requestTimeout:
            response = httpError(408, code: refusal.code, refusal.message, closes: true)
        case .tooManyConnections, .tooManyFromAddress, .shuttingDown:
            response = httpError(503, code: refusal.code, refusal.message, closes: true)
        }
        // The answer to a request keeps to what the request asked: no body for HEAD (the
        // client would read it as the next response), and the close it asked for.
        if let request, !request.keepAlive { response.closes = true }
        return response.rendered(headOnly: request?.method == "HEAD")
    }
}

/// A request's token, checked: the grant, or the response refusing it.
enum HTTPAuthorization {
    case granted(TokenGrant)
    case refused(HTTPResponse)
}
