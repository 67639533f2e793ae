import CRMDomain
import CRMSupport
import CRMTransport
import Synchronization

/// Speaks the relay protocols on a ``SocketServer``: authentication, JSON
/// Lines or text blocks, the rep restrictions of tokens, the `audit` and
/// `quit` commands, presence for reminders, and audit entries.
///
/// Holds the per-connection sessions; the server calls it serially per
/// connection, so a session's changes never race with each other.
final class RelayDelegate: SocketServerDelegate {
    private let tokenTable: Mutex<AccessTokens>
    /// The tokens now in force (``replaceTokens(_:)`` swaps them).
    var tokens: AccessTokens { tokenTable.withLock { $0 } }
    let store: any CRMStore & CRMRelayStore
    let responder: any RelayResponder
    let clock: any WallClock
    let presence: Presence
    let outstanding: OutstandingReminders
    let log: @Sendable (String) -> Void
    /// Set after the server is created (it needs the delegate first).
    let server = Mutex<SocketServer?>(nil)
    /// Called when a rep becomes present on a connection.
    let onPresent: @Sendable (String) -> Void
    let sessions = Mutex<[ConnectionID: RelaySession]>([:])
    /// Slack's signing secret for `POST /v1/slash`, if the server has one.
    let slackSigningSecret: [UInt8]?

    /// Wrong tokens after which a connection is closed.
    static let maximumFailures = 3
    /// A reply listing at least this many customers is a bulk read, audited as an export.
    static let bulkListRows = 25

    init(
        tokens: AccessTokens, store: any CRMStore & CRMRelayStore, responder: any RelayResponder, clock: any WallClock,
        presence: Presence, outstanding: OutstandingReminders, slackSigningSecret: [UInt8]? = nil,
        log: @escaping @Sendable (String) -> Void, onPresent: @escaping @Sendable (String) -> Void
    ) {
        self.slackSigningSecret = slackSigningSecret
        self.tokenTable = Mutex(tokens)
        self.store = store
        self.responder = responder
        self.clock = clock
        self.presence = presence
        self.outstanding = outstanding
        self.log = log
        self.onPresent = onPresent
    }

    /// Puts `new` in force; connections logged in with a grant no token of `new`
    /// issues are closed (their next request would be refused anyway). Returns how
    /// many were closed.
    @discardableResult
    func replaceTokens(_ new: AccessTokens) -> Int {
        tokenTable.withLock { $0 = new }
        let revoked = sessions.withLock { s in
            let gone = s.compactMap { id, session in session.token.map { new.contains(token: $0) ? nil : id } ?? nil }
            for id in gone {
                s[id]?.grant = nil
                s[id]?.token = nil
            }
            return gone
        }
        for connection in revoked { server.withLock { $0 }?.disconnect(connection) }
        return revoked.count
    }

    // MARK: SocketServerDelegate

    func connected(_ connection: ConnectionID, peer: Peer) async -> String? {
        sessions.withLock { $0[connection] = RelaySession(peer: peer) }
        return nil
    }

    func disconnected(_ connection: ConnectionID, reason: DisconnectReason) async {
        sessions.withLock { $0[connection] = nil }
        presence.remove(connection)
        outstanding.closed(connection)
    }

    func refused(_ refusal: Refusal, frame: InboundFrame?, on connection: ConnectionID) -> String {
        let (known, http) = sessions.withLock { ($0[connection]?.mode, $0[connection]?.peer.listener.isHTTP ?? false) }
        if http {
            if case .http(let request)? = frame { return Self.httpRefusal(refusal, request: request) }
            return Self.httpRefusal(refusal)
        }
        var mode = known
        var id: JSONValue?
        if case .line(let line)? = frame {
            mode = mode ?? RelayMode.detect(line)
            if mode == .json { id = Self.requestID(in: line) }
        }
        // Before the first line the protocol is unknown: JSON, which a program
        // can parse and a person can read.
        return (mode ?? .json).render(.failure(id: id, code: refusal.code, message: refusal.message))
    }

    func refused(_ refusal: Refusal, connection: ConnectionID, listener: ListenAddress) -> String {
        listener.isHTTP ? Self.httpRefusal(refusal) : refused(refusal, frame: nil, on: connection)
    }

    func received(_ frame: InboundFrame, on connection: ConnectionID) async -> String? {
        switch frame {
        case .http(let request):
            return await respond(to: request, on: connection)
        case .badHTTP(let error):
            return Self.httpError(error.status, code: "bad_http", error.message, closes: true).rendered()
        default:
            break
        }
        guard var session = sessions.withLock({ $0[connection] }) else { return nil }
        let reply: RelayReply
        switch frame {
        case .http, .badHTTP:
            return nil
        case .tooLong(_, let prefix):
            session.mode = session.mode ?? RelayMode.detect(String(decoding: prefix, as: UTF8.self))
            reply = decodeFailure(frame, session)
        case .invalidEncoding:
            reply = decodeFailure(frame, session)
        case .line(let line):
            let mode = session.mode ?? RelayMode.detect(line)
            session.mode = mode
            reply = mode == .json
                ? await handleJSON(line, &session, connection) : await handleText(line, &session, connection)
        }
        // Stored under the lock a token reload scans: a login whose token was dropped while
        // it was being recorded is not kept (the reload could not see it yet).
        let stored = session
        let revoked = sessions.withLock { table -> Bool in
            var s = stored
            var gone = false
            if let token = s.token, !tokens.contains(token: token) {
                s.grant = nil
                s.token = nil
                gone = true
            }
            table[connection] = s
            return gone
        }
        if revoked { server.withLock { $0 }?.disconnect(connection) }
        return (session.mode ?? .text).render(reply)
    }

    /// The protocol's answer to a frame that could not be read.
    private func decodeFailure(_ frame: InboundFrame, _ session: RelaySession) -> RelayReply {
        if session.mode == .json, case .reply(let line) = responder.decode(frame, defaultUser: "") {
            return Self.reply(fromLine: line)
        }
        switch frame {
        case .tooLong(let count, _):
            return .failure(id: nil, code: "too_long", message: "That line is \(count) bytes long; the limit is 65,536 bytes. It was not read.")
        default:
            return .failure(id: nil, code: "invalid_utf8", message: "That line is not valid UTF-8. It was not read.")
        }
    }

    /// A reply the decoder already serialized, taken apart again for rendering.
    static func reply(fromLine line: String) -> RelayReply {
        let text = line.hasSuffix("\n") ? String(line.dropLast()) : line
        guard let json = try? JSONValue.parse(text) else {
            return .failure(id: nil, code: "bad_request", message: text)
        }
        let ok = json["ok"] == .bool(true)
        return RelayReply(
            json: json, ok: ok, intent: json["intent"]?.stringValue ?? "",
            text: json["text"]?.stringValue ?? json["error"]?["message"]?.stringValue ?? "",
            errorCode: ok ? nil : json["error"]?["code"]?.stringValue)
    }

    // MARK: JSON Lines

    private func handleJSON(_ line: String, _ session: inout RelaySession, _ connection: ConnectionID) async -> RelayReply {
        // Login and commands are the relay's; messages go through the stdio codec.
        var value: JSONValue?
        if line.first(where: { !$0.isWhitespace }) == "{" { value = try? JSONValue.parse(line) }
        let id = value?["id"].flatMap { $0.isScalarID ? $0 : nil }
        if let auth = value?["auth"] {
            guard let token = auth.stringValue else {
                return .failure(id: id, code: "bad_request", message: "\"auth\" must be the token, as a string.")
            }
            return await authenticate(token, id: id, acks: value?["acks"] == .bool(true), &session, connection)
        }
        guard let grant = session.grant else { return Self.unauthenticated(id: id, mode: .json) }
        if let value, let command = value["command"] {
            var user = session.defaultUser
            if let given = value["user"] {
                guard let name = given.stringValue else {
                    return .failure(id: id, code: "bad_request", message: "\"user\" must be a string: the rep's name.")
                }
                user = name
            }
            switch command.stringValue {
            case "quit":
                server.withLock { $0 }?.disconnect(connection)
                return .success(id: id, intent: "quit", text: "Bye.", data: .object([]))
            case "audit":
                let limit = value["limit"]?.intValue.map { Int(clamping: $0) } ?? 50
                return await audit(user: user, grant: grant, limit: limit, id: id, connection)
            case "ack":
                guard let event = value["event_id"]?.intValue else {
                    return .failure(id: id, code: "bad_request", message: "\"ack\" needs \"event_id\": the reminder's event id, a number.")
                }
                return await acknowledge(event, grant: grant, id: id, connection)
            case "present":
                guard let list = value["users"]?.arrayValue, !list.isEmpty, list.count <= 10_000 else {
                    return .failure(id: id, code: "bad_request", message: "\"present\" needs \"users\": a list of rep names.")
                }
                var names: [String] = []
                for item in list {
                    guard let name = item.stringValue, !name.allSatisfy(\.isWhitespace) else {
                        return .failure(id: id, code: "bad_request", message: "\"users\" must hold rep names, as strings.")
                    }
                    if let refusal = await permit(name, grant: grant, connection, id: id) { return refusal }
                    names.append(name)
                }
                for name in names { markPresent(name, connection, .json, acks: session.acks) }
                return .success(
                    id: id, intent: "present", text: "Reminders for \(names.count) reps will come here.",
                    data: .object([("users", .array(names.map { .string($0) }))]))
            default:
                return .failure(
                    id: id, code: "bad_request", message: "Unknown command; the commands are present, ack, audit and quit.")
            }
        }
        switch responder.decode(.line(line), defaultUser: session.defaultUser ?? "") {
        case .reply(let text):
            return Self.reply(fromLine: text)
        case .request(let request):
            guard !request.user.allSatisfy(\.isWhitespace) else {
                return .failure(
                    id: request.id, code: "bad_request", message: "Say which rep this message is for: add \"user\":\"NAME\".")
            }
            return await message(request, grant: grant, mode: .json, connection, acks: session.acks)
        }
    }

    // MARK: Text

    private func handleText(_ line: String, _ session: inout RelaySession, _ connection: ConnectionID) async -> RelayReply {
        let trimmed = line.trimmingWhitespace
        let verb = trimmed.prefix { !$0.isWhitespace }
        let rest = trimmed.dropFirst(verb.count).trimmingWhitespace
        if verb == "AUTH" { return await authenticate(rest, id: nil, acks: false, &session, connection) }
        guard let grant = session.grant else { return Self.unauthenticated(id: nil, mode: .text) }
        switch verb {
        case "USER":
            guard !rest.isEmpty else { return .failure(id: nil, code: "bad_request", message: "Say USER NAME.") }
            if let refusal = await permit(rest, grant: grant, connection) { return refusal }
            session.user = rest
            markPresent(rest, connection, .text, acks: false)
            return .success(id: nil, intent: "user", text: "Speaking as \(rest).", data: .object([]))
        case "QUIT":
            server.withLock { $0 }?.disconnect(connection)
            return .success(id: nil, intent: "quit", text: "Bye.", data: .object([]))
        case "AUDIT":
            return await audit(user: session.defaultUser, grant: grant, limit: Int(rest) ?? 20, id: nil, connection)
        default:
            guard let user = session.defaultUser else {
                return .failure(id: nil, code: "bad_request", message: "Say which rep you are first: USER NAME.")
            }
            return await message(RelayRequest(id: nil, user: user, text: line), grant: grant, mode: .text, connection)
        }
    }

    // MARK: Shared steps

    private func authenticate(
        _ token: String, id: JSONValue?, acks: Bool, _ session: inout RelaySession, _ connection: ConnectionID
    ) async -> RelayReply {
        if session.grant != nil {
            return .failure(id: id, code: "bad_request", message: "This connection is already authenticated.")
        }
        guard let grant = tokens.authenticate(token) else {
            session.failures += 1
            await record(.loginFailed, actor: "unknown", rep: nil, "wrong token from \(session.peer)")
            if session.failures >= Self.maximumFailures {
                log("closing connection \(connection) (\(session.peer)) after \(session.failures) wrong tokens")
                server.withLock { $0 }?.disconnect(connection)
            }
            return .failure(id: id, code: "bad_token", message: "That token is not valid.")
        }
        let reps = grant.reps.map { " for " + $0.joined(separator: ", ") } ?? " for any rep"
        let role = " up to \(grant.highestRole.rawValue)"
        guard await record(.login, actor: grant.name, rep: nil, "\(session.peer)\(reps)\(role)") else {
            return .failure(id: id, code: "internal", message: "The login could not be recorded; try again.")
        }
        session.grant = grant
        session.token = Array(token.utf8)
        session.acks = acks
        // From now on the login deadline and the share of slots for clients not
        // logged in no longer apply (posted before this reply is written).
        server.withLock { $0 }?.authenticated(connection)
        let mode = session.mode ?? .json
        // Reminders of a named rep come here only when the token may act as that rep.
        for rep in grant.reps ?? [] where await permit(rep, grant: grant, connection) == nil {
            markPresent(rep, connection, mode, acks: acks)
        }
        var text = "Authenticated as \(grant.name)"
        if session.defaultUser != nil, let only = grant.reps?.first { text += "; speaking as \(only)" }
        var members: [(String, JSONValue)] = [
            ("name", .string(grant.name)),
            ("reps", grant.reps.map { .array($0.map { JSONValue.string($0) }) } ?? .null),
            ("role", .string(grant.highestRole.rawValue)),
        ]
        if acks { members.append(("acks", true)) }  // the relay acknowledges reminders
        let data: JSONValue = .object(members)
        return .success(id: id, intent: "auth", text: text + ".", data: data)
    }

    /// A message for the bot, once the token is known: the rep checked against it, the
    /// rep marked present on the connection (unless `present` is false: HTTP has no
    /// pushes), bulk reads and refusals audited.
    func message(
        _ request: RelayRequest, grant: TokenGrant, mode: RelayMode, _ connection: ConnectionID, present: Bool = true,
        acks: Bool = false
    ) async -> RelayReply {
        if let refusal = await permit(request.user, grant: grant, connection, id: request.id) { return refusal }
        if present { markPresent(request.user, connection, mode, acks: acks) }
        let reply = await responder.respond(request)
        if reply.ok, let rows = reply.json["data"]?["customers"]?.arrayValue, rows.count >= Self.bulkListRows {
            await record(.export, actor: request.user, rep: nil, "\(reply.intent): \(rows.count) customers via \(grant.name)")
        }
        if reply.errorCode == "forbidden" {
            await record(.refused, actor: request.user, rep: nil, "\(reply.intent.isEmpty ? "request" : reply.intent): \(reply.text)")
        }
        return reply
    }

    /// Nil when `user` is a valid rep name the token may speak for; the refusal
    /// (audited, the name escaped) otherwise: `invalid_user` for a name that breaks
    /// ``RepName``'s rule (a line break could forge audit entries), `forbidden` for a
    /// rep the token does not name or whose role is above the token's highest role
    /// (least privilege: acting as an admin needs a `role=admin` token).
    func permit(
        _ user: String, grant: TokenGrant, _ connection: ConnectionID, id: JSONValue? = nil
    ) async -> RelayReply? {
        do {
            try RepName.validate(user)
        } catch {
            await record(.refused, actor: grant.name, rep: nil, "invalid rep name \"\(error.shownName)\" (\(error.reason))")
            return .failure(id: id, code: "invalid_user", message: error.description)
        }
        if let reps = grant.reps, !reps.contains(where: { RepKey($0) == RepKey(user) }) {
            await record(.refused, actor: grant.name, rep: nil, "token \(grant.name) may not speak for \(user)")
            return .failure(id: id, code: "forbidden", message: "This connection may not speak for \(user).")
        }
        let rep: Rep?
        do {
            rep = try await store.rep(named: user)
        } catch {
            log("role of \(VisibleText.escaped(user)) not read: \(error)")
            return .failure(id: id, code: "internal", message: "The rep's role could not be checked; try again.")
        }
        if let rep, rep.leftAt != nil {
            await record(.refused, actor: grant.name, rep: rep.id, "\(rep.name) is deactivated")
            return .failure(id: id, code: "forbidden", message: "\(rep.name)'s account is deactivated (they left).")
        }
        guard grant.highestRole < .admin else { return nil }
        if let rep, TokenRole(rep.role) > grant.highestRole {
            let role = rep.role.rawValue
            let bound = grant.highestRole.rawValue
            await record(
                .refused, actor: grant.name, rep: rep.id,
                "token \(grant.name) (up to \(bound)) may not speak for \(rep.name) (\(role))")
            let article = rep.role == .admin ? "an" : "a"
            return .failure(
                id: id, code: "forbidden",
                message: "This connection may not speak for \(rep.name), who is \(article) \(role): "
                    + "its token allows roles up to \(bound).")
        }
        return nil
    }

    func audit(
        user: String?, grant: TokenGrant, limit: Int, id: JSONValue?, _ connection: ConnectionID
    ) async -> RelayReply {
        guard let user else {
            return .failure(id: id, code: "bad_request", message: "Say which rep asks for the audit log.")
        }
        if let refusal = await permit(user, grant: grant, connection, id: id) { return refusal }
        do {
            guard let rep = try await store.rep(named: user), rep.role == .admin else {
                await record(.refused, actor: user, rep: nil, "audit log read by a non-admin")
                return .failure(id: id, code: "forbidden", message: "Only an admin can read the audit log.")
            }
            let entries = try await store.auditLog(limit: max(1, min(limit, 1000)))
            // One line per entry whatever was stored: names and details are shown escaped
            // (a line feed as \n, a zero-width space as \u{200B}), so no entry can pass
            // for two or hide text. `data` keeps the exact values, JSON-escaped.
            let lines = entries.map {
                "#\($0.id) \($0.at.iso) \($0.kind.rawValue) \(VisibleText.escaped($0.actor)): \(VisibleText.escaped($0.detail))"
            }
            let data: JSONValue = .object([
                ("entries", .array(entries.map { e in
                    .object([
                        ("id", .int(e.id)), ("at", .string(e.at.iso)), ("kind", .string(e.kind.rawValue)),
                        ("actor", .string(e.actor)), ("rep", e.repID.map { .int($0.rawValue) } ?? .null),
                        ("detail", .string(e.detail)),
                    ])
                }))
            ])
            let text = entries.isEmpty ? "The audit log is empty." : lines.joined(separator: "\n")
            return .success(id: id, intent: "audit", text: text, data: data)
        } catch {
            return .failure(id: id, code: "internal", message: "The audit log could not be read: \(error)")
        }
    }

    /// A relay acknowledges a reminder it received: it is not pushed again. Only a
    /// connection that may speak for the reminder's rep may acknowledge it; to any
    /// other the event does not exist.
    private func acknowledge(_ event: Int64, grant: TokenGrant, id: JSONValue?, _ connection: ConnectionID) async -> RelayReply {
        let notFound = RelayReply.failure(id: id, code: "not_found", message: "There is no reminder event \(event) for you to acknowledge.")
        do {
            guard let found = try await store.reminderEvent(event) else { return notFound }
            if grant.reps.map({ reps in !reps.contains { RepKey($0) == RepKey(found.repName) } }) ?? false { return notFound }
            if await permit(found.repName, grant: grant, connection, id: id) != nil { return notFound }
            if !found.acknowledged { try await store.acknowledgeReminder(event, at: clock.now()) }
            outstanding.acknowledged(event)
            return .success(
                id: id, intent: "ack",
                text: found.acknowledged ? "Reminder \(event) was already acknowledged." : "Reminder \(event) acknowledged.",
                data: .object([("event_id", .int(event))]))
        } catch {
            log("reminder event \(event) not acknowledged: \(error)")
            return .failure(id: id, code: "internal", message: "The acknowledgement could not be recorded; send it again.")
        }
    }

    private func markPresent(_ rep: String, _ connection: ConnectionID, _ mode: RelayMode, acks: Bool) {
        if presence.add(rep, on: connection, mode: mode, acknowledges: acks) { onPresent(rep) }
    }

    /// Writes an audit entry; false (and logged) when the store refused.
    @discardableResult
    func record(_ kind: AuditKind, actor: String, rep: RepID?, _ detail: String) async -> Bool {
        do {
            _ = try await store.appendAudit(NewAuditEntry(at: clock.now(), kind: kind, actor: actor, repID: rep, detail: detail))
            return true
        } catch {
            log("audit entry not written (\(kind.rawValue) \(actor): \(detail)): \(error)")
            return false
        }
    }

    static func unauthenticated(id: JSONValue?, mode: RelayMode) -> RelayReply {
        .failure(
            id: id, code: "unauthenticated",
            message: mode == .json
                ? "Authenticate first: send {\"auth\":\"TOKEN\"}." : "Authenticate first: send AUTH TOKEN.")
    }

    /// The request id of a JSON line (or of the start of one), if it can be found.
    static func requestID(in line: String) -> JSONValue? {
        if let value = try? JSONValue.parse(line), let id = value["id"] { return id }
        // An over-long line: look for a leading "id" member in the kept prefix.
        let marker = Array("\"id\"".utf8)
        let bytes = Array(line.utf8)
        guard let start = (0...max(0, bytes.count - marker.count)).first(where: { bytes[$0...].starts(with: marker) }),
            bytes.count >= marker.count
        else { return nil }
        let tail = String(decoding: bytes[(start + marker.count)...], as: UTF8.self)
        let after = tail.drop(while: { $0 == " " || $0 == ":" })
        if after.first == "\"" {
            let body = after.dropFirst().prefix { $0 != "\"" && $0 != "\\" }
            return body.endIndex < after.endIndex ? .string(String(body)) : nil
        }
        let digits = after.prefix { $0.isNumber || $0 == "-" }
        return Int64(digits).map { .int($0) }
    }
}

extension JSONValue {
    /// A request id must be a string, a number or null.
    var isScalarID: Bool {
        switch self {
        case .string, .int, .double, .null: return true
        default: return false
        }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
