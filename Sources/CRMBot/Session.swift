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
        return try await run(
            intent: parsed.intent, slots: parsed.slots, missing: parsed.missing, invalid: parsed.invalid, language: lang)
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
            if let yes = Answers.yesNo(text) {
                guard yes else {
                    bot.conversation.set(nil, for: rep.id)
                    return success(intent: pending.intent,
                        text: pending.language == .zh ? "好的，没有添加。" : "OK, I didn't add anything.",
                        data: [("cancelled", true)], language: pending.language)
                }
                next.confirmed.insert(pending.question.slot)
                return try await resume(next)
            }
        case .value:
            break
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

    func run(
        intent: String, slots: [(String, SlotValue)], missing: [String], invalid: [ParsedIntent.InvalidSlot] = [],
        language: Language, pinned: [String: PartyRef] = [:], confirmed: Set<String> = []
    ) async throws -> BotReply {
        let turn = Turn(
            store: bot.store, parser: bot.parser, options: bot.options, rep: rep, scope: scope, now: now,
            language: language, message: text, intent: intent, slots: slots, pinned: pinned, confirmed: confirmed)
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
