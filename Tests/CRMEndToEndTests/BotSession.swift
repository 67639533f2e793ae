import CRMSupport
import Foundation

/// The fixed clock every end-to-end test runs with (a Sunday).
let fixedNow = "2026-11-22T09:00"
let defaultUser = "Li Ming"

/// One reply of `crmbot --json`:
/// `{"id":…,"ok":true,"intent":"…","text":"…","data":{…}}` or
/// `{"id":…,"ok":false,"error":{"code":"…","message":"…"}}`.
struct Reply: CustomStringConvertible {
    let raw: JSONValue
    let line: String

    init(line: String) throws {
        self.line = line
        do {
            raw = try JSONValue.parse(line)
        } catch {
            throw E2EError("reply is not JSON (\(error)): \(line.prefix(300))")
        }
        guard raw.objectValue != nil else { throw E2EError("reply is not a JSON object: \(line.prefix(300))") }
    }

    var id: Int64? { raw["id"]?.intValue }
    var ok: Bool { if case .bool(true)? = raw["ok"] { return true } else { return false } }
    var intent: String? { raw["intent"]?.stringValue }
    var text: String { raw["text"]?.stringValue ?? "" }
    var data: JSONValue? { raw["data"] }
    var errorCode: String? { raw["error"]?["code"]?.stringValue }
    var errorMessage: String? { raw["error"]?["message"]?.stringValue }

    /// The reply text, or the error message for a failed request.
    var message: String { ok ? text : (errorMessage ?? text) }

    /// True when `needle` occurs in the text, the error message or any string in `data`.
    func mentions(_ needle: String) -> Bool {
        if text.contains(needle) { return true }
        if let m = errorMessage, m.contains(needle) { return true }
        return data?.containsString(needle) ?? false
    }

    /// True when some number in `data` equals `value`.
    func dataContainsNumber(_ value: Double) -> Bool {
        data?.containsNumber { $0 == value } ?? false
    }

    /// True when the reply asks something (ends a sentence with ? or ？).
    var asksQuestion: Bool { message.contains("?") || message.contains("？") }

    var description: String { line.count > 600 ? String(line.prefix(600)) + "…" : line }
}

extension JSONValue {
    func containsString(_ needle: String) -> Bool {
        switch self {
        case .string(let s): return s.contains(needle)
        case .array(let a): return a.contains { $0.containsString(needle) }
        case .object(let o): return o.contains { $0.0.contains(needle) || $0.1.containsString(needle) }
        default: return false
        }
    }

    func containsNumber(where match: (Double) -> Bool) -> Bool {
        switch self {
        case .int(let i): return match(Double(i))
        case .double(let d): return match(d)
        case .array(let a): return a.contains { $0.containsNumber(where: match) }
        case .object(let o): return o.contains { $0.1.containsNumber(where: match) }
        default: return false
        }
    }
}

/// A conversation with `crmbot --json` on one database.
final class BotSession {
    let process: CrmbotProcess
    let user: String
    private(set) var nextID: Int64 = 1
    private(set) var transcript: [(sent: String, reply: String)] = []

    /// Runs `crmbot admin NAME` on the database (how an install names its first admin) and
    /// returns what it printed; fails unless it exits 0.
    @discardableResult
    static func makeAdmin(_ name: String, db: URL) throws -> String {
        let r = try CrmbotProcess.run(["admin", name, "--db", db.path, "--now", fixedNow])
        guard r.status == 0 else { throw E2EError("crmbot admin \(name) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }

    init(db: URL, user: String = defaultUser, now: String = fixedNow, extraArguments: [String] = []) throws {
        self.user = user
        process = try CrmbotProcess(
            arguments: ["--db", db.path, "--now", now, "--as", user, "--json"] + extraArguments)
    }

    /// Sends `text` as a JSON request with a fresh id and returns its reply,
    /// which must carry the same id.
    @discardableResult
    func say(_ text: String) throws -> Reply {
        let id = nextID
        nextID += 1
        let request = JSONValue.object([("id", .int(id)), ("user", .string(user)), ("text", .string(text))])
        try process.sendLine(request.serialized)
        let reply = try readReply()
        transcript.append((text, reply.line))
        guard reply.id == id else {
            throw E2EError("expected the reply to request \(id) (\(text.prefix(80))), got: \(reply)")
        }
        return reply
    }

    /// Sends a raw line (a bare text line, or bytes that are not JSON); the
    /// newline is added here. Returns the one reply it gets.
    @discardableResult
    func sendRaw(_ bytes: [UInt8]) throws -> Reply {
        try process.sendBytes(bytes + [0x0A])
        let reply = try readReply()
        transcript.append((String(decoding: bytes.prefix(80), as: UTF8.self), reply.line))
        return reply
    }

    func readReply() throws -> Reply {
        try Reply(line: try process.readLine())
    }

    /// Proves that the previous input got exactly one reply and that the bot
    /// still answers: the very next line must be the reply to this probe.
    func probe() throws {
        let reply = try say("help")
        guard reply.ok else { throw E2EError("probe 'help' failed: \(reply)") }
    }

    /// Closes stdin and returns the exit status.
    @discardableResult
    func finish() throws -> Int32 { try process.finish() }

    func kill9() throws {
        process.kill9()
        try process.waitForExit()
    }
}
