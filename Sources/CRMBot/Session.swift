import CRMDomain
import CRMIntents
import CRMSupport

/// One message on its way through the bot: routes it to a new intent or to the
/// rep's open question, runs the action, and words the reply.
struct Session {
    let bot: Bot
    let request: BotRequest
    let rep: Rep
    let scope: AccessScope
    let now: LocalDateTime
    let text: String

    // MARK: Routing

    /// A freshly parsed message.
    func handle(_ parsed: ParsedIntent) async throws -> BotReply {
        let lang = parsed.language
        if parsed.intent == "none" { return notUnderstood(parsed) }
        if let later = LaterIntents.message(for: parsed.intent, lang) {
            return Bot.failure(request, intent: parsed.intent, code: "not_available", message: later, language: lang)
        }
        // "删除客户X", "delete contact Y": changing or deleting a customer or contact by message
        // is not available yet, and such a message must never add a new record instead.
        if parsed.isEdit, !IntentCatalog.readOnly.contains(parsed.intent), !Self.editingIntents.contains(parsed.intent) {
            return Bot.failure(request, intent: parsed.intent, code: "not_available", message: lang == .zh
                ? "我还不能通过消息修改或删除已有的客户或联系人，这次没有写入任何内容。任务可以改期、修改或取消（如“任务9推迟到周五”），订单和回款可以更正或删除（如“订单5改成1.2万”、“删除回款3”）；“撤销”可以撤回你刚才的一条改动。"
                : "I can't change or delete existing customers or contacts by message yet, so nothing was written. Tasks can be rescheduled, edited or cancelled (\"reschedule task 9 to friday\"), orders and payments corrected or deleted (\"order 5 was 12k\", \"delete payment 3\"); \"undo\" takes back your last change.",
                language: lang)
        }
        if let plan = try await planAsTask(parsed) { return plan }
        var parsed = parsed
        // A task needs words to say: "remind me", "cancel task 9", "what do I need to do" leave
        // only a scrap ("me", "9", "do"); ask for the text instead of writing the scrap.
        if parsed.intent == "task.add", let what = parsed[slot: "what"]?.text, Self.isScrap(what) {
            parsed.slots.removeAll { $0.0 == "what" }
            parsed.missing.append("what")
        }
        let writes = !IntentCatalog.readOnly.contains(parsed.intent) && parsed.intent != "undo"
        let unsure = writes
            && (parsed.confidence < IntentDecision.confirmBelow
                || (parsed.decidedBy == .model && parsed.confidence < IntentDecision.confirmModelBelow)
                || wordingNeedsConfirmation(parsed))
        return try await run(
            intent: parsed.intent, slots: parsed.slots, missing: parsed.missing, invalid: parsed.invalid, language: lang,
            mustConfirm: unsure ? .unsure : nil)
    }

    /// Intents whose facts a negation turns around ("周华不是决策者", "didn't visit Wang Tong";
    /// "didn't visit Acme today" is no plain task to visit Acme).
    static let negatable: Set<String> = [
        "activity.log", "task.add", "order.record", "payment.record", "contact.profile", "referral.log", "stage.set",
        "complaint.resolve", "task.done", "complaint.open", "objection.log", "deal.won", "deal.lost",
    ]

    /// Intents that change an existing record (an edit verb is what they are for).
    static let editingIntents: Set<String> = [
        "customer.update", "stage.set", "prospect.grade", "task.done", "complaint.resolve", "handover", "undo", "qualify",
        "task.cancel", "task.reschedule", "task.edit", "order.correct", "order.delete", "payment.correct", "payment.delete",
        "deal.update", "deal.won", "deal.lost", "quota.set", "rep.update", "rep.deactivate", "complaint.acknowledge", "complaint.followup",
        "contact.move", "alias.remove", "customer.delete", "customer.restore", "customer.merge", "task.reassign",
    ]

    /// The reply to a "no" to a confirmation: nothing was written.
    static func declined(_ intent: String, _ language: Language) -> String {
        switch intent {
        case "customer.delete", "customer.merge":
            return language == .zh ? "好的，没有改动。" : "OK, I didn't change anything."
        default:
            return language == .zh ? "好的，没有添加。" : "OK, I didn't add anything."
        }
    }

    /// Why a write waits for the rep's yes although the engine was sure of it: the wording
    /// (lexicon `moods`) makes it a question, a guess, a negation, or an activity that may
    /// only be meant — "拜访陈磊" (no date, no 了/过) or "call Sarah Kim about …" (the plain
    /// verb first, no past date).
    func wordingNeedsConfirmation(_ parsed: ParsedIntent) -> Bool {
        let m = parsed.moods
        if m.contains(.question) || m.contains(.hedge) { return true }
        if m.contains(.negation) && Self.negatable.contains(parsed.intent) { return true }
        guard parsed.intent == "activity.log" else { return false }
        let date = parsed[slot: "date"]?.date
        if parsed.language == .zh && date == nil && m.contains(.unmarked) { return true }
        return parsed.language == .en && m.contains(.imperative) && !(date.map { $0.date < now.date } ?? false)
    }

    /// Too little to be a task's text: a number, or a single short word.
    static func isScrap(_ what: String) -> Bool {
        let pieces = what.split(whereSeparator: { $0 == " " })
        let letters = what.unicodeScalars.filter { $0.properties.isAlphabetic }.count
        let han = what.unicodeScalars.filter(\.isCJK).count
        if han >= 2 { return false }
        return letters < 3 || (pieces.count == 1 && pieces[0].count <= 3)
            || pieces.allSatisfy { $0.count <= 2 || $0.allSatisfy(\.isNumber) }
    }

    /// Intents that record something done; a plan or a future date must not become one.
    static let doneIntents: Set<String> = ["activity.log", "order.record", "payment.record", "referral.log"]

    /// A plan ("plan to order", 计划, 明年) or a future-dated visit, call or meeting
    /// is offered as a task, behind a yes/no question: plans are not facts.
    private func planAsTask(_ parsed: ParsedIntent) async throws -> BotReply? {
        guard Self.doneIntents.contains(parsed.intent) else { return nil }
        let date = parsed[slot: "date"]?.date
        let future = date.map { $0.date > now.date
            || ($0.date == now.date && ($0.minuteOfDay ?? 0) > (now.minuteOfDay ?? 24 * 60)) } ?? false
        // A visit or call reported with a past date was made, whatever it planned ("前天拜访了孙志强，
        // 谈了明年框架协议"); a quote or next year's business makes only money a plan.
        // So is a Chinese one told as done (了/过: "拜访了刘芳，聊了明年的采购计划", "给郑敏发了微信，约了下周见面").
        let past = date.map { $0.date < now.date } ?? false
        let toldAsDone = parsed.language == .zh && !parsed.moods.contains(.unmarked)
        let planned = parsed.intent == "activity.log"
            ? parsed.isPlan && !past && !toldAsDone : parsed.isPlan || parsed.isOffer
        guard future || planned else { return nil }
        var slots: [(String, SlotValue)] = [("what", .text(text))]
        if let who = parsed[slot: "who"] { slots.append(("who", who)) }
        if let company = parsed[slot: "company"] { slots.append(("company", company)) }
        if let date, future { slots.append(("due", .date(date))) }
        return try await run(
            intent: "task.add", slots: slots, missing: [], language: parsed.language, mustConfirm: .plan)
    }

    /// A message that arrives while a question is open.
    func answer(_ pending: PendingQuestion) async throws -> BotReply {
        var next = pending
        switch pending.question.kind {
        case .choice:
            if let i = Answers.pick(text, labels: pending.question.choices.map(\.label)) {
                next.pinned[pending.question.slot] = pending.question.choices[i].ref
                return try await resume(next)
            }
        case .confirm:
            if let answer = bot.parser.bareAnswer(text), answer != .cancel {
                guard answer == .yes else {
                    bot.conversation.set(nil, for: rep.id)
                    return success(intent: pending.intent,
                        text: Self.declined(pending.intent, pending.language),
                        data: [("cancelled", true)], language: pending.language)
                }
                next.confirmed.insert(pending.question.slot)
                return try await resume(next)
            }
        case .value:
            break
        }
        // A bare yes or no answers no choice and no value ("新的电话是什么？" — "是的"): the
        // question is asked again below, nothing is read from the word.
        if pending.question.kind != .confirm, let answer = bot.parser.bareAnswer(text), answer != .cancel {
            return askAgain(pending)
        }
        let parsed = bot.parser.parse(text, now: now)
        // A complete new request replaces the question, unless the whole message is just
        // one slot value (a bare name the grammar happens to read as, say, customer.show).
        let folded = TextMatching.fold(text)
        let isBareValue = parsed.slots.contains { slot in
            if case .text(let v) = slot.1 { return TextMatching.fold(v) == folded }
            return false
        }
        if parsed.intent != "none", parsed.missing.isEmpty, parsed.invalid.isEmpty,
            !isBareValue || pending.question.kind != .value
        {
            bot.conversation.set(nil, for: rep.id)
            return try await handle(parsed)
        }
        if pending.question.kind == .value {
            for slot in [pending.question.slot] + pending.question.alternates {
                guard let value = bot.parser.parseSlotAnswer(text, intent: pending.intent, slot: slot, now: now) else {
                    continue
                }
                next.slots.removeAll { $0.0 == slot }
                next.slots.append((slot, value))
                next.pinned[slot] = nil
                return try await resume(next)
            }
        }
        if parsed.intent != "none" {
            bot.conversation.set(nil, for: rep.id)
            return try await handle(parsed)
        }
        // Not an answer and not a new request: ask again, in the question's language.
        return askAgain(pending)
    }

    /// The open question again, in its language, after a message that answered nothing.
    private func askAgain(_ pending: PendingQuestion) -> BotReply {
        var next = pending
        next.askedAt = now
        bot.conversation.set(next, for: rep.id)
        let sorry = pending.language == .zh ? "抱歉，没听懂。" : "Sorry, I didn't get that. "
        return success(intent: pending.intent, text: sorry + pending.question.text,
            data: [("question", pending.question.json)], language: pending.language)
    }

    private func resume(_ pending: PendingQuestion) async throws -> BotReply {
        try await run(intent: pending.intent, slots: pending.slots, missing: [], language: pending.language,
            pinned: pending.pinned, confirmed: pending.confirmed)
    }

    // MARK: Running an action

    /// Why a write waits for a yes.
    enum ConfirmReason {
        /// The engine was not sure of the intent.
        case unsure
        /// The message was a plan, offered as a task.
        case plan
    }

    func run(
        intent: String, slots: [(String, SlotValue)], missing: [String], invalid: [ParsedIntent.InvalidSlot] = [],
        language: Language, pinned: [String: PartyRef] = [:], confirmed: Set<String> = [],
        mustConfirm: ConfirmReason? = nil
    ) async throws -> BotReply {
        let turn = Turn(
            store: bot.store, parser: bot.parser, options: bot.options, rep: rep, scope: scope, now: now,
            language: language, message: text, intent: intent, slots: slots, pinned: pinned, confirmed: confirmed,
            requestKey: request.key, requestAttempt: request.attempt)
        do {
            // A value that cannot exist ("Feb 30") is asked again before anything else.
            if let bad = invalid.first {
                throw Interrupt.ask(Phrases.invalidValue(bad.text, slot: bad.slot, in: turn))
            }
            // Ask for required slots in the grammar's order before acting.
            let required = bot.parser.catalog.first(where: { $0.name == intent })?.slots.filter(\.required).map(\.name)
                ?? []
            for slot in required + missing where turn.slot(slot) == nil && pinned[slot] == nil {
                throw Interrupt.ask(Phrases.question(for: slot, in: turn))
            }
            // A guess never writes: show what would be written and wait for a yes. (A rep who
            // answered a question about a missing slot has seen the intent and confirmed it.)
            if let reason = mustConfirm, !confirmed.contains(Self.intentSlot) {
                throw Interrupt.ask(confirmation(reason, intent: intent, slots: slots, language: language))
            }
            let done = try await Dispatcher.perform(turn)
            bot.conversation.set(nil, for: rep.id)
            var data = done.data
            if !turn.slots.isEmpty, !data.contains(where: { $0.0 == "slots" }) { data.append(("slots", turn.slotsJSON)) }
            return success(intent: intent, text: done.text, data: data, language: language)
        } catch let Interrupt.ask(question) {
            bot.conversation.set(
                PendingQuestion(
                    intent: intent, slots: turn.slots, pinned: turn.pinned, confirmed: turn.confirmed,
                    question: question, language: language, askedAt: now),
                for: rep.id)
            return success(intent: intent, text: question.text,
                data: [("question", question.json), ("slots", turn.slotsJSON)], language: language)
        } catch let Interrupt.fail(error) {
            bot.conversation.set(nil, for: rep.id)
            return Bot.failure(request, intent: intent, code: error.code, message: error.message, language: language)
        } catch let error as StoreError {
            bot.conversation.set(nil, for: rep.id)
            return Bot.failure(request, intent: intent, code: error.code.description,
                message: Bot.storeMessage(error, language), language: language)
        }
    }

    /// The pseudo-slot a yes to "did you mean …?" confirms.
    static let intentSlot = "intent"

    /// "Did you mean: log a visit — who Wang Tong, date 2026-11-23? (yes/no)".
    private func confirmation(_ reason: ConfirmReason, intent: String, slots: [(String, SlotValue)],
        language: Language) -> Question
    {
        let info = bot.parser.catalog.first { $0.name == intent }
        let summary = info?.summary[language] ?? info?.summary[.en] ?? intent
        let shown = slots.map { name, value -> String in
            let v: String
            switch value {
            case .text(let t): v = t
            case .date(let d): v = d.iso
            case .number(let n): v = n.rounded() == n && abs(n) < 9e15 ? String(Int64(n)) : String(n)
            case .list(let l): v = l.joined(separator: language == .zh ? "、" : ", ")
            }
            return language == .zh ? "\(name)：\(v)" : "\(name): \(v)"
        }
        let details = shown.isEmpty ? "" : (language == .zh ? "（" + shown.joined(separator: "，") + "）"
            : " (" + shown.joined(separator: ", ") + ")")
        let text: String
        switch (reason, language) {
        case (.plan, .zh):
            text = "这听起来是计划，还没发生。要添加一个任务吗：\(summary)\(details)？（是/否）"
        case (.plan, _):
            text = "That sounds like a plan, not something done yet. Add it as a task instead: \(summary)\(details)? (yes/no)"
        case (.unsure, .zh):
            text = "我不太确定。你是要：\(summary)\(details)？（是/否）"
        case (.unsure, _):
            text = "I'm not sure I understood. Did you mean: \(summary)\(details)? (yes/no)"
        }
        return Question(slot: Self.intentSlot, text: text, kind: .confirm)
    }

    // MARK: Replies

    func success(intent: String, text: String, data: [(String, JSONValue)], language: Language) -> BotReply {
        BotReply(id: request.id, ok: true, intent: intent, text: text, data: .object(unique: data), language: language)
    }

    /// "Sorry, I didn't understand" with the closest intents as example phrasings.
    private func notUnderstood(_ parsed: ParsedIntent) -> BotReply {
        let lang = parsed.language
        var examples: [(intent: String, example: String)] = []
        for name in parsed.suggestions.prefix(3) {
            guard let info = bot.parser.catalog.first(where: { $0.name == name }) else { continue }
            if let example = (info.examples[lang] ?? info.examples[.en])?.first {
                examples.append((name, example))
            }
        }
        var text: String
        if examples.isEmpty {
            text = lang == .zh ? "抱歉，我没听懂。输入“帮助”看看我能做什么。"
                : "Sorry, I didn't understand that. Type help to see what I can do."
        } else {
            text = lang == .zh ? "抱歉，我没听懂。你可以试试：" : "Sorry, I didn't understand that. You could try:"
            for e in examples { text += "\n• " + e.example }
        }
        let rows: [JSONValue] = examples.map { .object([("intent", .string($0.intent)), ("example", .string($0.example))]) }
        return success(intent: "none", text: text, data: [("suggestions", .array(rows))], language: lang)
    }
}
