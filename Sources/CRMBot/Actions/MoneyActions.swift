import CRMDomain
import CRMSupport

/// order.record and payment.record. Amounts must be more than zero and at most 1e12.
enum MoneyActions {
    static func order(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let amount = try turn.amount()
        let quantity = try turn.integer("quantity")
        let item = turn.text("item")
        let date = try turn.date("date")?.date ?? turn.today
        try await checkUsual(amount, for: entry, kind: .order, turn)
        let stageBefore = try await turn.customer(entry.customerID).stage
        let o = try await turn.store.recordOrder(
            NewOrder(customerID: entry.customerID, amount: amount, quantity: quantity, item: item, date: date),
            turn.context)
        let what = [quantity.map { "\($0) ×" }, item].compactMap { $0 }.joined(separator: " ")
        let converted = stageBefore == .lead || stageBefore == .prospect
        let moved = converted
            ? turn.say(
                " \(entry.customerName) is now a customer (was \(Vocabulary.stage(stageBefore, .en))).",
                "\(entry.customerName)已从\(Vocabulary.stage(stageBefore, .zh))转为普通客户。")
            : ""
        return Done(
            text: turn.say(
                "Recorded order #\(o.id) from \(entry.customerName): \(amount.grouped)" + (what.isEmpty ? "" : " for \(what)")
                    + " on \(DateText.day(date)).",
                "已记录\(entry.customerName)的订单#\(o.id)：\(amount.grouped)" + (what.isEmpty ? "" : "，\(what)")
                    + "，\(DateText.day(date))。") + moved,
            data: [
                ("stage_changed", converted ? .string(Stage.customer.rawValue) : .null),
                ("order_id", .int(o.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
                ("customer", .string(entry.customerName)), ("amount", .double(amount.units)),
                ("quantity", quantity.map { .int($0) } ?? .null), ("item", item.map { .string($0) } ?? .null),
                ("date", .string(date.iso)),
            ])
    }

    static func payment(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let amount = try turn.amount()
        let date = try turn.date("date")?.date ?? turn.today
        try await checkUsual(amount, for: entry, kind: .payment, turn)
        let p = try await turn.store.recordPayment(
            NewPayment(customerID: entry.customerID, amount: amount, date: date), turn.context)
        var text = turn.say(
            "Recorded payment #\(p.id) of \(amount.grouped) from \(entry.customerName) on \(DateText.day(date)).",
            "已记录\(entry.customerName)\(DateText.day(date))回款\(amount.grouped)（回款#\(p.id)）。")
        var data: [(String, JSONValue)] = [
            ("payment_id", .int(p.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
            ("customer", .string(entry.customerName)), ("amount", .double(amount.units)), ("date", .string(date.iso)),
        ]
        if let card = try await turn.store.card(for: entry.customerID, recentLimit: 0) {
            text += turn.say(" Outstanding: \(card.outstanding.grouped).", "未回款：\(card.outstanding.grouped)。")
            data.append(("outstanding", .double(card.outstanding.units)))
        }
        return Done(text: text, data: data)
    }

    enum Kind { case order, payment }

    /// How many times a customer's largest order an amount may be before it is confirmed.
    static let unusualFactor = 10.0

    /// "恒泰机械 … 2,000,000" where the customer never ordered more than 30,000: an amount
    /// far outside the customer's own history (more than ``unusualFactor`` times its largest
    /// order) is shown and written only after a yes — a typo or a misread unit costs a
    /// question, not a wrong record. A customer without orders has no history to judge by.
    static func checkUsual(_ amount: Money, for entry: DirectoryEntry, kind: Kind, _ turn: Turn) async throws {
        guard !turn.confirmed.contains("amount"),
            let history = try await turn.store.customerHistory(for: entry.customerID),
            let largest = history.orders.map(\.amount).max(), largest.units > 0,
            amount.units > unusualFactor * largest.units
        else { return }
        let what = kind == .order
            ? turn.say("an order of \(amount.grouped)", "订单\(amount.grouped)")
            : turn.say("a payment of \(amount.grouped)", "回款\(amount.grouped)")
        throw Interrupt.ask(Question(slot: "amount", text: turn.say(
            "\(amount.grouped) is more than 10× the largest order on record for \(entry.customerName) (\(largest.grouped)). Record \(what)? (yes / no)",
            "\(amount.grouped)超过了\(entry.customerName)历史最大订单（\(largest.grouped)）的10倍。确定记录\(what)吗？（是 / 否）"),
            kind: .confirm))
    }
}
