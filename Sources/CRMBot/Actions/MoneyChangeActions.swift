import CRMDomain
import CRMSupport

/// order.correct, order.delete, payment.correct, payment.delete and order.list: fixing
/// what was recorded about money. Each change is one recorded change that `undo` takes
/// back (a deleted order or payment comes back whole); only records of customers the rep
/// may see, and another rep's number answers exactly as a missing one does.
enum MoneyChangeActions {
    static func correctOrder(_ turn: Turn) async throws -> Done { try await correct(.order, turn) }
    static func deleteOrder(_ turn: Turn) async throws -> Done { try await delete(.order, turn) }
    static func correctPayment(_ turn: Turn) async throws -> Done { try await correct(.payment, turn) }
    static func deletePayment(_ turn: Turn) async throws -> Done { try await delete(.payment, turn) }

    /// What correcting and deleting need of an order or a payment.
    private struct Record {
        var id: Int64
        var customerID: CustomerID
        var amount: Money
        var date: CivilDate

        init(_ o: Order) { (id, customerID, amount, date) = (o.id.rawValue, o.customerID, o.amount, o.date) }
        init(_ p: Payment) { (id, customerID, amount, date) = (p.id.rawValue, p.customerID, p.amount, p.date) }
    }

    /// The words and keys for one kind of money record.
    private static func words(_ kind: MoneyActions.Kind) -> (en: String, zh: String, key: String) {
        kind == .order ? ("Order", "订单", "order_id") : ("Payment", "回款", "payment_id")
    }

    private static func correct(_ kind: MoneyActions.Kind, _ turn: Turn) async throws -> Done {
        let before = try await visible(kind, turn)
        let change = try correction(turn)
        let (en, zh, key) = words(kind)
        if change == .amount(before.amount) || change == .date(before.date) {
            return Done(
                text: turn.say("\(en) #\(before.id) already says that; nothing changed.", "\(zh)#\(before.id)已经是这样了，没有改动。"),
                data: [(key, .int(before.id)), ("unchanged", .bool(true))])
        }
        let entry = try await entry(before.customerID, turn)
        if case .amount(let amount) = change { try await MoneyActions.checkUsual(amount, for: entry, kind: kind, turn) }
        guard let after = try await apply(kind, before.id, change, turn) else { throw missing(turn, kind, before.id) }
        let name = entry.customerName
        let text: String
        if case .amount = change {
            text = turn.say(
                "\(en) #\(after.id) from \(name) is now \(after.amount.grouped) (was \(before.amount.grouped)).",
                "\(name)的\(zh)#\(after.id)已改为\(after.amount.grouped)（原来是\(before.amount.grouped)）。")
        } else {
            text = turn.say(
                "\(en) #\(after.id) from \(name) is now dated \(DateText.day(after.date)) (was \(DateText.day(before.date))).",
                "\(name)的\(zh)#\(after.id)日期已改为\(DateText.day(after.date))（原来是\(DateText.day(before.date))）。")
        }
        return Done(text: text, data: [
            (key, .int(after.id)), ("customer_id", .int(entry.customerID.rawValue)), ("customer", .string(name)),
            ("amount", .double(after.amount.units)), ("date", .string(after.date.iso)),
            ("previous_amount", .double(before.amount.units)), ("previous_date", .string(before.date.iso)),
        ])
    }

    private static func delete(_ kind: MoneyActions.Kind, _ turn: Turn) async throws -> Done {
        let record = try await visible(kind, turn)
        let entry = try await entry(record.customerID, turn)
        _ = try await apply(kind, record.id, .delete, turn)
        let (en, zh, key) = words(kind)
        let name = entry.customerName
        return Done(
            text: turn.say(
                "Deleted \(en.lowercased()) #\(record.id) from \(name): \(record.amount.grouped) on \(DateText.day(record.date)). (\"undo\" brings it back.)",
                "已删除\(name)的\(zh)#\(record.id)：\(record.amount.grouped)，\(DateText.day(record.date))。（说“撤销”可以恢复）"),
            data: [
                (key, .int(record.id)), ("customer_id", .int(entry.customerID.rawValue)), ("customer", .string(name)),
                ("amount", .double(record.amount.units)), ("date", .string(record.date.iso)), ("deleted", .bool(true)),
            ])
    }

    /// Orders shown at most by order.list (the newest).
    static let listLimit = 30

    static func listOrders(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        _ = try await turn.customer(entry.customerID)
        let orders = try await turn.store.orders(for: entry.customerID, limit: listLimit + 1)
        let shown = orders.prefix(listLimit)
        var lines: [String]
        if shown.isEmpty {
            lines = [turn.say("No orders from \(entry.customerName) yet.", "\(entry.customerName)还没有订单。")]
        } else {
            lines = [turn.say("Orders from \(entry.customerName), newest first:", "\(entry.customerName)的订单（最新在前）：")]
            for o in shown {
                let what = [o.quantity.map { "\($0) ×" }, o.item].compactMap { $0 }.joined(separator: " ")
                lines.append(turn.say(
                    "#\(o.id) \(o.date.iso) \(o.amount.grouped)" + (what.isEmpty ? "" : " for \(what)"),
                    "#\(o.id) \(o.date.iso) \(o.amount.grouped)" + (what.isEmpty ? "" : "，\(what)")))
            }
            if orders.count > shown.count {
                lines.append(turn.say("(the newest \(shown.count))", "（只显示最新\(shown.count)笔）"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("customer_id", .int(entry.customerID.rawValue)), ("customer", .string(entry.customerName)),
                ("orders", .array(shown.map { o in
                    .object([
                        ("id", .int(o.id.rawValue)), ("date", .string(o.date.iso)), ("amount", .double(o.amount.units)),
                        ("quantity", o.quantity.map { .int($0) } ?? .null), ("item", o.item.map { .string($0) } ?? .null),
                    ])
                })),
            ])
    }

    // MARK: Helpers

    /// The order or payment named by `ref`, if its customer is one the rep may see; else
    /// `not_found`, worded exactly as for a number that does not exist.
    private static func visible(_ kind: MoneyActions.Kind, _ turn: Turn) async throws -> Record {
        let ref = try turn.requireInteger("ref")
        let record: Record? = kind == .order
            ? try await turn.store.order(id: OrderID(ref)).map(Record.init)
            : try await turn.store.payment(id: PaymentID(ref)).map(Record.init)
        guard let record, let c = try await turn.store.customer(id: record.customerID), turn.scope.allows(owner: c.ownerID)
        else { throw missing(turn, kind, ref) }
        return record
    }

    /// Writes the change; the record as it now is (nil once deleted, or if it went meanwhile).
    private static func apply(_ kind: MoneyActions.Kind, _ id: Int64, _ change: MoneyRecordChange, _ turn: Turn)
        async throws -> Record?
    {
        kind == .order
            ? try await turn.store.changeOrder(OrderID(id), change, turn.context).map(Record.init)
            : try await turn.store.changePayment(PaymentID(id), change, turn.context).map(Record.init)
    }

    /// The customer's directory entry (its name), in scope.
    private static func entry(_ id: CustomerID, _ turn: Turn) async throws -> DirectoryEntry {
        guard let e = try await turn.entries(for: [.customer(id)]).first else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I can't find that customer any more.", "找不到这个客户了。")))
        }
        return e
    }

    /// The amount or date the message corrects to; asks when it names neither.
    private static func correction(_ turn: Turn) throws -> MoneyRecordChange {
        if turn.slot("amount") != nil { return .amount(try turn.amount()) }
        if let date = try turn.date("date")?.date {
            guard date <= turn.today else {
                throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                    "\(DateText.day(date)) is in the future; money already recorded has a date that has passed.",
                    "\(DateText.day(date))还没到；已记录的款项日期不能在将来。")))
            }
            return .date(date)
        }
        throw Interrupt.ask(Phrases.question(for: "amount", in: turn))
    }

    private static func missing(_ turn: Turn, _ kind: MoneyActions.Kind, _ ref: Int64) -> Interrupt {
        let (en, zh, list) = kind == .order
            ? ("order", "订单", turn.say("\"orders for <customer>\" lists them", "说“某客户的订单”可以查看"))
            : ("payment", "回款", turn.say("its number is in the reply that recorded it", "编号在记录回款时的回复里"))
        return Interrupt.fail(BotError(code: "not_found", message: turn.say(
            "You have no \(en) #\(ref) (\(list)).", "你没有\(zh)#\(ref)（\(list)）。")))
    }
}
