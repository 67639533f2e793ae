import CRMDomain
import CRMSupport

/// order.correct, order.delete, payment.correct, payment.delete and order.list: fixing
/// what was recorded about money. Each change is one recorded change that `undo` takes
/// back (a deleted order or payment comes back whole); only records of customers the rep
/// may see, and another rep's number answers exactly as a missing one does.
enum MoneyChangeActions {
    static func correctOrder(_ turn: Turn) async throws -> Done {
        let order = try await visibleOrder(turn)
        let change = try correction(turn, kind: .order, ref: order.id.rawValue)
        if case .amount(let amount) = change, amount == order.amount { return unchanged(turn, .order, order.id.rawValue) }
        if case .date(let date) = change, date == order.date { return unchanged(turn, .order, order.id.rawValue) }
        let entry = try await entry(order.customerID, turn)
        if case .amount(let amount) = change { try await MoneyActions.checkUsual(amount, for: entry, kind: .order, turn) }
        guard let now = try await turn.store.changeOrder(order.id, change, turn.context) else { throw gone(turn, .order, order.id.rawValue) }
        let text: String
        switch change {
        case .amount:
            text = turn.say(
                "Order #\(now.id) from \(entry.customerName) is now \(now.amount.grouped) (was \(order.amount.grouped)).",
                "\(entry.customerName)的订单#\(now.id)已改为\(now.amount.grouped)（原来是\(order.amount.grouped)）。")
        default:
            text = turn.say(
                "Order #\(now.id) from \(entry.customerName) is now dated \(DateText.day(now.date)) (was \(DateText.day(order.date))).",
                "\(entry.customerName)的订单#\(now.id)日期已改为\(DateText.day(now.date))（原来是\(DateText.day(order.date))）。")
        }
        return Done(text: text, data: [
            ("order_id", .int(now.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
            ("customer", .string(entry.customerName)), ("amount", .double(now.amount.units)), ("date", .string(now.date.iso)),
            ("previous_amount", .double(order.amount.units)), ("previous_date", .string(order.date.iso)),
        ])
    }

    static func deleteOrder(_ turn: Turn) async throws -> Done {
        let order = try await visibleOrder(turn)
        let entry = try await entry(order.customerID, turn)
        _ = try await turn.store.changeOrder(order.id, .delete, turn.context)
        return Done(
            text: turn.say(
                "Deleted order #\(order.id) from \(entry.customerName): \(order.amount.grouped) on \(DateText.day(order.date)). (\"undo\" brings it back.)",
                "已删除\(entry.customerName)的订单#\(order.id)：\(order.amount.grouped)，\(DateText.day(order.date))。（说“撤销”可以恢复）"),
            data: [
                ("order_id", .int(order.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
                ("customer", .string(entry.customerName)), ("amount", .double(order.amount.units)),
                ("date", .string(order.date.iso)), ("deleted", .bool(true)),
            ])
    }

    static func correctPayment(_ turn: Turn) async throws -> Done {
        let payment = try await visiblePayment(turn)
        let change = try correction(turn, kind: .payment, ref: payment.id.rawValue)
        if case .amount(let amount) = change, amount == payment.amount { return unchanged(turn, .payment, payment.id.rawValue) }
        if case .date(let date) = change, date == payment.date { return unchanged(turn, .payment, payment.id.rawValue) }
        let entry = try await entry(payment.customerID, turn)
        if case .amount(let amount) = change { try await MoneyActions.checkUsual(amount, for: entry, kind: .payment, turn) }
        guard let now = try await turn.store.changePayment(payment.id, change, turn.context) else {
            throw gone(turn, .payment, payment.id.rawValue)
        }
        let text: String
        switch change {
        case .amount:
            text = turn.say(
                "Payment #\(now.id) from \(entry.customerName) is now \(now.amount.grouped) (was \(payment.amount.grouped)).",
                "\(entry.customerName)的回款#\(now.id)已改为\(now.amount.grouped)（原来是\(payment.amount.grouped)）。")
        default:
            text = turn.say(
                "Payment #\(now.id) from \(entry.customerName) is now dated \(DateText.day(now.date)) (was \(DateText.day(payment.date))).",
                "\(entry.customerName)的回款#\(now.id)日期已改为\(DateText.day(now.date))（原来是\(DateText.day(payment.date))）。")
        }
        return Done(text: text, data: [
            ("payment_id", .int(now.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
            ("customer", .string(entry.customerName)), ("amount", .double(now.amount.units)), ("date", .string(now.date.iso)),
            ("previous_amount", .double(payment.amount.units)), ("previous_date", .string(payment.date.iso)),
        ])
    }

    static func deletePayment(_ turn: Turn) async throws -> Done {
        let payment = try await visiblePayment(turn)
        let entry = try await entry(payment.customerID, turn)
        _ = try await turn.store.changePayment(payment.id, .delete, turn.context)
        return Done(
            text: turn.say(
                "Deleted payment #\(payment.id) from \(entry.customerName): \(payment.amount.grouped) on \(DateText.day(payment.date)). (\"undo\" brings it back.)",
                "已删除\(entry.customerName)的回款#\(payment.id)：\(payment.amount.grouped)，\(DateText.day(payment.date))。（说“撤销”可以恢复）"),
            data: [
                ("payment_id", .int(payment.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
                ("customer", .string(entry.customerName)), ("amount", .double(payment.amount.units)),
                ("date", .string(payment.date.iso)), ("deleted", .bool(true)),
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

    /// The order named by `ref`, if its customer is one the rep may see; else `not_found`.
    private static func visibleOrder(_ turn: Turn) async throws -> Order {
        let ref = try turn.requireInteger("ref")
        guard let order = try await turn.store.order(id: OrderID(ref)), try await visible(order.customerID, turn) else {
            throw missing(turn, .order, ref)
        }
        return order
    }

    private static func visiblePayment(_ turn: Turn) async throws -> Payment {
        let ref = try turn.requireInteger("ref")
        guard let payment = try await turn.store.payment(id: PaymentID(ref)), try await visible(payment.customerID, turn) else {
            throw missing(turn, .payment, ref)
        }
        return payment
    }

    private static func visible(_ id: CustomerID, _ turn: Turn) async throws -> Bool {
        guard let c = try await turn.store.customer(id: id) else { return false }
        return turn.scope.allows(owner: c.ownerID)
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
    private static func correction(_ turn: Turn, kind: MoneyActions.Kind, ref: Int64) throws -> MoneyRecordChange {
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

    private static func unchanged(_ turn: Turn, _ kind: MoneyActions.Kind, _ ref: Int64) -> Done {
        let (en, zh) = kind == .order ? ("Order", "订单") : ("Payment", "回款")
        return Done(
            text: turn.say("\(en) #\(ref) already says that; nothing changed.", "\(zh)#\(ref)已经是这样了，没有改动。"),
            data: [("\(kind == .order ? "order" : "payment")_id", .int(ref)), ("unchanged", .bool(true))])
    }

    private static func missing(_ turn: Turn, _ kind: MoneyActions.Kind, _ ref: Int64) -> Interrupt {
        let (en, zh, list) = kind == .order
            ? ("order", "订单", turn.say("\"orders for <customer>\" lists them", "说“某客户的订单”可以查看"))
            : ("payment", "回款", turn.say("its number is in the reply that recorded it", "编号在记录回款时的回复里"))
        return Interrupt.fail(BotError(code: "not_found", message: turn.say(
            "You have no \(en) #\(ref) (\(list)).", "你没有\(zh)#\(ref)（\(list)）。")))
    }

    /// Deleted by someone else between reading it and changing it.
    private static func gone(_ turn: Turn, _ kind: MoneyActions.Kind, _ ref: Int64) -> Interrupt {
        missing(turn, kind, ref)
    }
}
