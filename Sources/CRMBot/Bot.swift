import CRMDomain
import CRMIntents
import CRMSupport
import Synchronization

/// The chat bot: turns one message from a rep into an action on the store and
/// a short reply in the rep's language.
///
/// `respond(to:)` never throws. Refusals, store failures and anything
/// unexpected become polite replies with `ok == false` and an error code.
/// The only state kept between messages is one open clarifying question per
/// rep (in memory, expiring after ``BotOptions/questionTimeoutMinutes``);
/// everything else is read from the store on each message, because other
/// processes may write to it.
///
/// Usage:
/// ```swift
/// let bot = Bot(store: store, parser: engine, clock: SystemClock())
/// let reply = await bot.respond(to: BotRequest(user: "li.ming", text: "log visit to Wang Tong"))
/// print(reply.json.serialized)
/// ```
public final class Bot: Sendable {
    let store: any CRMStore
    let parser: any IntentParser
    let clock: any WallClock
    let options: BotOptions
    let conversation = Conversation()
    /// Idempotency keys of requests being handled now ("rep id|key"): a retry that
    /// arrives while its first attempt still runs is told so, never run twice.
    private let keysInFlight = Mutex<Set<String>>([])
    let reads: ReadCounter

    public init(store: any CRMStore, parser: any IntentParser, clock: any WallClock, options: BotOptions = .init()) {
        self.store = store
        self.parser = parser
        self.clock = clock
        self.options = options
        self.reads = ReadCounter(interval: options.readBatchInterval, batchSize: options.readBatchSize)
    }

    /// Handles one message and returns the reply; never throws.
    public func respond(to request: BotRequest) async -> BotReply {
        let text = Bot.stripControls(request.text)
        let language = Language.detect(text)
        do {
            return try await handle(request, text: text, language: language)
        } catch let error as StoreError {
            return Bot.failure(request, code: error.code.description, message: Bot.storeMessage(error, language),
                language: language)
        } catch let Interrupt.fail(error) {
            return Bot.failure(request, code: error.code, message: error.message, language: language)
        } catch {
            let message = language == .zh
                ? "抱歉，出了点问题，没能完成。请稍后再试。"
                : "Sorry, something went wrong and I couldn't do that. Please try again."
            return Bot.failure(request, code: "internal", message: message, language: language)
        }
    }

    // MARK: Pipeline

    private func handle(_ request: BotRequest, text: String, language: Language) async throws -> BotReply {
        guard text.count <= options.maxMessageLength else {
            return Bot.failure(request, code: "too_long", message: language == .zh
                ? "消息太长了（上限\(options.maxMessageLength)字）。请分成几条短消息发送。"
                : "That message is too long (the limit is \(options.maxMessageLength) characters). Please split it into shorter messages.",
                language: language)
        }
        // Taken exactly as given: a name that could break a line, hide characters or
        // pass for another rep is refused, never trimmed or cleaned.
        let user = request.user
        do {
            try RepName.validate(user, maximumLength: options.maxUserNameLength)
        } catch {
            return Bot.failure(request, code: "invalid_user", message: error.message(chinese: language == .zh),
                language: language)
        }
        let now = clock.now()
        // A read first: registering a new rep is a write, and every message
        // would otherwise queue behind the single writer.
        let rep: Rep
        if let known = try await store.rep(named: user) {
            rep = known
        } else {
            rep = try await store.ensureRep(named: user, role: .rep)
        }
        // A rep who left reads and writes nothing (an admin's undo brings them back).
        guard rep.leftAt == nil else {
            return Bot.failure(request, code: "forbidden", message: language == .zh
                ? "\(rep.name)的账号已停用（已离职）；如有疑问请联系管理员。"
                : "\(rep.name)'s account is deactivated (they left); ask an admin if this is a mistake.",
                language: language)
        }
        guard let key = request.key else {
            return try await proceed(request, rep: rep, now: now, text: text, language: language)
        }
        // A retried request: the first reply, or what its write did; nothing is written twice.
        guard !key.isEmpty, key.count <= options.maxRequestKeyLength, (try? RepName.validate(key, maximumLength: options.maxRequestKeyLength)) != nil else {
            return Bot.failure(request, code: "invalid_key", message: language == .zh
                ? "请求的key无效：需要1到\(options.maxRequestKeyLength)个可见字符。"
                : "The request's key is not valid: it needs 1 to \(options.maxRequestKeyLength) printable characters.",
                language: language)
        }
        let since = now.adding(minutes: -60 * RequestKeys.retentionHours)
        if let outcome = try await store.requestOutcome(rep: rep.id, key: key, since: since) {
            return retried(outcome, request, language)
        }
        let flight = "\(rep.id.rawValue)|\(key)"
        guard keysInFlight.withLock({ $0.insert(flight).inserted }) else {
            return Bot.failure(request, code: "in_progress", message: language == .zh
                ? "同一个key的请求还在处理中，请稍后再试。"
                : "The first request with this key is still being handled; retry in a moment.",
                language: language)
        }
        defer { _ = keysInFlight.withLock { $0.remove(flight) } }
        // Checked again now that no other attempt can be running: one may have finished
        // between the first check and the claim.
        if let outcome = try await store.requestOutcome(rep: rep.id, key: key, since: since) {
            return retried(outcome, request, language)
        }
        var attempt = request
        attempt.attempt = String(UInt64.random(in: 0...UInt64.max), radix: 16) + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let reply = try await proceed(attempt, rep: rep, now: now, text: text, language: language)
        // Another process ran the same request meanwhile: say what it did.
        if reply.error?.code == StoreError.Code.requestHandled.description,
            let outcome = try await store.requestOutcome(rep: rep.id, key: key, since: since)
        {
            return retried(outcome, request, language)
        }
        // A failure that may pass (a busy or failing database) is not kept: the retry runs.
        // If keeping fails, the writes still carry the key: a retry says they were done.
        if reply.ok || !Self.transientCodes.contains(reply.error?.code ?? "") {
            try? await store.keepReply(reply.kept, rep: rep.id, key: key, at: now, forgettingBefore: since)
        }
        return reply
    }

    /// Error codes of failures a retry may not meet again; their replies are not kept.
    static let transientCodes: Set<String> = [
        "busy", "io", "read_only", "corrupt", "cannot_open", "too_new", "other", "internal", "in_progress", "request_handled",
    ]

    /// The answer to a retried request: its first reply (with the new id), or what its
    /// write did when the reply was not kept. Never runs the request again.
    private func retried(_ outcome: RequestOutcome, _ request: BotRequest, _ language: Language) -> BotReply {
        switch outcome {
        case .replied(let kept):
            if let first = BotReply(kept: kept, id: request.id) { return first }
            return Bot.failure(request, code: "internal", message: language == .zh
                ? "这条请求已经处理过了，但当时的回复无法读取；没有重复写入。"
                : "That request was already handled, but its reply could not be read back; nothing was written again.",
                language: language)
        case .wrote(let change), .undid(let change):
            var what = UndoAction.describe(change, detail: nil, language)
            if case .undid = outcome { what = language == .zh ? "已撤销\(what)" : "undid the \(what)" }
            let undid: Bool
            if case .undid = outcome { undid = true } else { undid = false }
            return BotReply(
                id: request.id, ok: true, intent: undid ? "undo" : change.action,
                text: language == .zh ? "这条请求已经处理过了：\(what)。没有重复写入。" : "Already done: \(what). Nothing was written again.",
                data: .object([("retried", .bool(true)), ("change_id", .int(change.id))]), language: language)
        }
    }

    /// The message itself, once the rep is known (and a retried request ruled out).
    private func proceed(_ request: BotRequest, rep: Rep, now: LocalDateTime, text: String, language: Language) async throws
        -> BotReply
    {
        let pending = conversation.question(for: rep.id, now: now, timeoutMinutes: options.questionTimeoutMinutes)
        let body = text.trimmingSpaces
        guard !body.isEmpty else {
            let lang = pending?.language ?? language
            return Bot.failure(request, code: "empty", message: lang == .zh
                ? "请说点什么，比如：拜访了王彤。输入“帮助”查看我能做什么。"
                : "Say something, for example: log visit to Wang Tong. Type help to see what I can do.",
                language: lang)
        }
        let scope = try await store.accessScope(for: rep)
        let session = Session(bot: self, request: request, rep: rep, scope: scope, now: now, text: body)
        let bare = parser.bareAnswer(body)

        if let pending {
            if bare == .cancel {
                conversation.set(nil, for: rep.id)
                let lang = pending.language
                return session.success(intent: pending.intent, text: lang == .zh ? "好的，已取消。" : "OK, cancelled.",
                    data: [("cancelled", true)], language: lang)
            }
            // "undo" with a question open takes back the question, never an older change.
            if parser.parse(body, now: now).intent == "undo" {
                conversation.set(nil, for: rep.id)
                let lang = pending.language
                return session.success(intent: "undo",
                    text: lang == .zh ? "好的，刚才的问题已撤回，数据没有改动。" : "OK, I dropped that question; no records were changed.",
                    data: [("cancelled", true), ("changed", false)], language: lang)
            }
            let reply = try await session.answer(pending)
            await count(reply, by: rep, at: now)
            return reply
        }
        // With no open question, a bare yes or no answers nothing: "是的" is no record to guess at.
        if let bare, bare != .cancel {
            return session.success(intent: "none",
                text: language == .zh ? "现在没有需要确认的问题。" : "There is nothing to confirm right now.",
                data: [("confirmed", false)], language: language)
        }
        let parsed = parser.parse(body, now: now)
        // With no open question, a cancel word the grammar does not read otherwise has nothing to cancel.
        if parsed.intent == "none", bare == .cancel {
            return session.success(intent: "none", text: language == .zh ? "没有需要取消的。" : "There is nothing to cancel.",
                data: [("cancelled", false)], language: language)
        }
        let reply = try await session.handle(parsed)
        await count(reply, by: rep, at: now)
        return reply
    }

    // MARK: Guarding the customer database (domain §13)

    /// Counts a card or list shown (not a question, not a refusal) as a read by
    /// the rep; hands a batch to the store when one is due. A failed write
    /// keeps the counts for the next batch and never changes the reply.
    private func count(_ reply: BotReply, by rep: Rep, at now: LocalDateTime) async {
        guard reply.ok, ReadCounter.countedIntents.contains(reply.intent), reply.data["question"] == nil else { return }
        if reads.count(rep.id, on: now.date) { _ = try? await flushReads() }
    }

    /// Hands every read counted so far to the store now (call it when a session
    /// or a server ends); returns the days this flagged as unusual
    /// (``BulkReadRule``: written to the audit log and shown in an admin's briefing).
    ///
    /// - Throws: the store's error; the counts are kept for the next try.
    @discardableResult
    public func flushReads() async throws -> [UnusualReading] {
        let counts = reads.take()
        guard !counts.isEmpty else { return [] }
        do {
            return try await store.recordReads(counts, rule: options.bulkReads, at: clock.now())
        } catch {
            reads.putBack(counts)
            throw error
        }
    }

    // MARK: Helpers

    /// Drops control characters except newline and tab.
    static func stripControls(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A || v == 0x09 || !(v < 0x20 || (0x7F...0x9F).contains(v)) { out.append(scalar) }
        }
        return String(out)
    }

    static func failure(_ request: BotRequest, intent: String = "", code: String, message: String, language: Language)
        -> BotReply
    {
        BotReply(id: request.id, ok: false, intent: intent, text: message, data: .object([]),
            error: BotError(code: code, message: message), language: language)
    }

    /// The rep-facing sentence for a store failure.
    static func storeMessage(_ error: StoreError, _ lang: Language) -> String {
        guard lang == .zh else { return error.message }
        switch error.code {
        case .busy: return "数据库正忙，请稍后再试。"
        case .readOnly: return "数据库当前无法写入。"
        case .notFound: return "找不到这条记录。"
        case .constraint: return "这与已有数据冲突：" + error.message
        case .invalid: return "输入不符合要求：" + error.message
        default: return "数据库出错：" + error.message
        }
    }
}
