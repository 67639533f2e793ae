import CRMDomain
import CRMSupport

/// deal.add, deal.update, deal.won, deal.lost and deal.list: opportunities (商机) on
/// customers. Each change is one recorded change that `undo` takes back; only deals of
/// customers the rep may see, and another rep's deal number answers exactly as a
/// missing one does.
enum DealActions {
    /// Deals shown at most by deal.list.
    static let listLimit = 30

    static func add(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let customer = try await turn.customer(entry.customerID)
        guard turn.slot("amount") != nil else { throw Interrupt.ask(Phrases.question(for: "amount", in: turn)) }
        let amount = try turn.amount()
        let close = try closeDate(turn)
        let stage = try turn.enumeration("stage", DealStage.self) ?? .qualifying
        guard !stage.isClosed else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "A new deal is open; say \"won deal N\" or \"lost deal N\" once it closes.",
                "新商机是进行中的；成交或丢单后再说“商机N赢单了”或“商机N丢单了”。")))
        }
        let deal = try await turn.store.addDeal(
            NewDeal(customerID: customer.id, title: turn.text("title"), amount: amount, closeDate: close, stage: stage),
            turn.context)
        let what = deal.title.map { turn.say(" (\($0))", "（\($0)）") } ?? ""
        let when = close.map { turn.say(", closing \(DateText.day($0))", "，预计\(DateText.day($0))成交") } ?? ""
        return Done(
            text: turn.say(
                "Opened deal #\(deal.id) with \(customer.name)\(what): \(deal.amount.grouped)\(when), \(Vocabulary.dealStage(deal.stage, .en)) (\(deal.probability)%).",
                "已新建\(customer.name)的商机#\(deal.id)\(what)：\(deal.amount.grouped)\(when)，\(Vocabulary.dealStage(deal.stage, .zh))阶段（赢单率\(deal.probability)%）。"),
            data: json(DealSummary(deal: deal, customerName: customer.name, ownerID: customer.ownerID)))
    }

    static func update(_ turn: Turn) async throws -> Done {
        let before = try await visible(turn)
        var changes: [DealChange] = []
        if let stage = try turn.enumeration("stage", DealStage.self) {
            switch stage {
            case .won: return try await close(turn, before, .won(nil))
            case .lost: return try await close(turn, before, .lost(nil))
            default: if stage != before.deal.stage { changes.append(.stage(stage)) }
            }
        }
        if turn.slot("amount") != nil {
            let amount = try turn.amount()
            if amount != before.deal.amount { changes.append(.amount(amount)) }
        }
        if let close = try closeDate(turn), close != before.deal.closeDate { changes.append(.closeDate(close)) }
        if let p = try turn.integer("probability") {
            guard (0...100).contains(p) else {
                throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                    "A probability is a percentage from 0 to 100.", "赢单率是0到100之间的百分比。")))
            }
            if Int(p) != before.deal.probability { changes.append(.probability(Int(p))) }
        }
        let slotsGiven = ["stage", "amount", "close", "probability"].contains { turn.slot($0) != nil }
        guard slotsGiven else { throw Interrupt.ask(Phrases.question(for: "stage", in: turn)) }
        guard !changes.isEmpty else {
            return Done(
                text: turn.say("Deal #\(before.deal.id) already says that; nothing changed.", "商机#\(before.deal.id)已经是这样了，没有改动。"),
                data: json(before) + [("unchanged", .bool(true))])
        }
        try refuseClosed(before, turn)
        let after = try await turn.store.changeDeal(before.deal.id, changes, turn.context)
        var parts: [String] = []
        if after.stage != before.deal.stage {
            parts.append(turn.say(
                "stage \(Vocabulary.dealStage(before.deal.stage, .en)) → \(Vocabulary.dealStage(after.stage, .en))",
                "阶段\(Vocabulary.dealStage(before.deal.stage, .zh))→\(Vocabulary.dealStage(after.stage, .zh))"))
        }
        if after.amount != before.deal.amount {
            parts.append(turn.say(
                "amount \(before.deal.amount.grouped) → \(after.amount.grouped)", "金额\(before.deal.amount.grouped)→\(after.amount.grouped)"))
        }
        if after.closeDate != before.deal.closeDate, let d = after.closeDate {
            parts.append(turn.say("closing \(DateText.day(d))", "预计\(DateText.day(d))成交"))
        }
        if after.probability != before.deal.probability {
            parts.append(turn.say(
                "probability \(before.deal.probability)% → \(after.probability)%", "赢单率\(before.deal.probability)%→\(after.probability)%"))
        }
        return Done(
            text: turn.say(
                "Deal #\(after.id) with \(before.customerName): " + parts.joined(separator: ", ") + ".",
                "\(before.customerName)的商机#\(after.id)：" + parts.joined(separator: "，") + "。"),
            data: json(DealSummary(deal: after, customerName: before.customerName, ownerID: before.ownerID)))
    }

    static func won(_ turn: Turn) async throws -> Done {
        try await close(turn, try await visible(turn), .won(turn.text("note")))
    }

    static func lost(_ turn: Turn) async throws -> Done {
        try await close(turn, try await visible(turn), .lost(turn.text("reason")))
    }

    static func list(_ turn: Turn) async throws -> Done {
        var customer: DirectoryEntry?
        if turn.text("who") != nil {
            let entry = try await turn.party("who")
            _ = try await turn.customer(entry.customerID)
            customer = entry
        }
        let found = try await turn.store.deals(
            in: customer == nil ? .owners([turn.rep.id]) : turn.scope, customer: customer?.customerID,
            openOnly: customer == nil, limit: listLimit + 1)
        let shown = found.prefix(listLimit)
        var lines: [String]
        if shown.isEmpty {
            lines = [customer.map { turn.say("No deals with \($0.customerName) yet.", "\($0.customerName)还没有商机。") }
                ?? turn.say("You have no open deals. (\"new deal with <customer>, <amount>\" opens one.)",
                    "你没有进行中的商机。（说“新建商机：客户，金额”可以新建）")]
        } else {
            lines = [customer.map { turn.say("Deals with \($0.customerName), newest first:", "\($0.customerName)的商机（最新在前）：") }
                ?? turn.say("Your open deals, newest first:", "你进行中的商机（最新在前）：")]
            for s in shown { lines.append(line(s, turn)) }
            if found.count > shown.count { lines.append(turn.say("(the newest \(shown.count))", "（只显示最新\(shown.count)个）")) }
        }
        let open = shown.filter { !$0.deal.stage.isClosed }
        if open.count > 1 {
            let total = Money(cents: open.reduce(0) { $0 + $1.deal.amount.cents })
            let weighted = Money(cents: open.reduce(0) { $0 + $1.deal.weighted.cents })
            lines.append(turn.say(
                "Open: \(open.count) deals, \(total.grouped) in all, \(weighted.grouped) weighted.",
                "进行中\(open.count)个，共\(total.grouped)，加权\(weighted.grouped)。"))
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("customer_id", customer.map { .int($0.customerID.rawValue) } ?? .null),
                ("deals", .array(shown.map { .object(json($0)) })),
            ])
    }

    // MARK: Helpers

    /// One deal on a line: number, customer, title, amount, stage and probability, close date.
    static func line(_ s: DealSummary, _ turn: Turn) -> String {
        let d = s.deal
        let title = d.title.map { turn.say(" (\($0))", "（\($0)）") } ?? ""
        let when = d.closeDate.map { turn.say(", closing \(DateText.day($0))", "，预计\(DateText.day($0))成交") } ?? ""
        return turn.say(
            "#\(d.id) \(s.customerName)\(title): \(d.amount.grouped), \(Vocabulary.dealStage(d.stage, .en)) \(d.probability)%\(when)",
            "#\(d.id) \(s.customerName)\(title)：\(d.amount.grouped)，\(Vocabulary.dealStage(d.stage, .zh))，赢单率\(d.probability)%\(when)")
    }

    static func json(_ s: DealSummary) -> [(String, JSONValue)] {
        let d = s.deal
        return [
            ("deal_id", .int(d.id.rawValue)), ("customer_id", .int(d.customerID.rawValue)), ("customer", .string(s.customerName)),
            ("title", d.title.map { .string($0) } ?? .null), ("amount", .double(d.amount.units)),
            ("close", d.closeDate.map { .string($0.iso) } ?? .null), ("stage", .string(d.stage.rawValue)),
            ("probability", .int(Int64(d.probability))), ("reason", d.reason.map { .string($0) } ?? .null),
        ]
    }

    private static func close(_ turn: Turn, _ before: DealSummary, _ change: DealChange) async throws -> Done {
        try refuseClosed(before, turn)
        let after = try await turn.store.changeDeal(before.deal.id, [change], turn.context)
        let name = before.customerName
        let text: String
        if after.stage == .won {
            text = turn.say(
                "Deal #\(after.id) with \(name) won: \(after.amount.grouped)" + (after.reason.map { " — \($0)" } ?? "")
                    + ". Record the order when it comes in (\"\(name) ordered …\").",
                "\(name)的商机#\(after.id)赢单：\(after.amount.grouped)" + (after.reason.map { "——\($0)" } ?? "")
                    + "。下单后记得记录订单（“\(name)订了……”）。")
        } else {
            text = turn.say(
                "Deal #\(after.id) with \(name) lost" + (after.reason.map { ": \($0)" } ?? "")
                    + ". Keep in touch: a lost deal is a customer to win back.",
                "\(name)的商机#\(after.id)丢单" + (after.reason.map { "：\($0)" } ?? "") + "。保持联系，丢单的客户还可以争取回来。")
        }
        return Done(text: text, data: json(DealSummary(deal: after, customerName: name, ownerID: before.ownerID)))
    }

    private static func refuseClosed(_ s: DealSummary, _ turn: Turn) throws {
        guard s.deal.stage.isClosed else { return }
        let stage = Vocabulary.dealStage(s.deal.stage, turn.language)
        throw Interrupt.fail(BotError(code: "already_closed", message: turn.say(
            "Deal #\(s.deal.id) is already \(stage); open a new deal if the customer comes back.",
            "商机#\(s.deal.id)已经\(stage)了；客户回头的话请新建商机。")))
    }

    /// The expected close date; one already past is refused (a plan lies ahead).
    private static func closeDate(_ turn: Turn) throws -> CivilDate? {
        guard let date = try turn.date("close")?.date else { return nil }
        guard date >= turn.today else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "\(DateText.day(date)) has passed; when do you now expect the deal to close?",
                "\(DateText.day(date))已经过了；现在预计什么时候成交？")))
        }
        return date
    }

    /// The deal named by `ref`, if its customer is one the rep may see; else `not_found`,
    /// worded exactly as for a number that does not exist.
    private static func visible(_ turn: Turn) async throws -> DealSummary {
        let ref = try turn.requireInteger("ref")
        guard let s = try await turn.store.deal(id: DealID(ref)), turn.scope.allows(owner: s.ownerID) else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "You have no deal #\(ref) (\"my deals\" lists them).", "你没有商机#\(ref)（说“我的商机”可以查看）。")))
        }
        return s
    }
}
