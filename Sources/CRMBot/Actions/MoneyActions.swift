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
        let o = try await turn.store.recordOrder(
            NewOrder(customerID: entry.customerID, amount: amount, quantity: quantity, item: item, date: date),
            turn.context)
        let what = [quantity.map { "\($0) ×" }, item].compactMap { $0 }.joined(separator: " ")
        return Done(
            text: turn.say(
                "Recorded order #\(o.id) from \(entry.customerName): \(amount.grouped)" + (what.isEmpty ? "" : " for \(what)")
                    + " on \(DateText.day(date)).",
                "已记录\(entry.customerName)的订单#\(o.id)：\(amount.grouped)" + (what.isEmpty ? "" : "，\(what)")
                    + "，\(DateText.day(date))。"),
            data: [
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
        let p = try await turn.store.recordPayment(
            NewPayment(customerID: entry.customerID, amount: amount, date: date), turn.context)
        var text = turn.say(
            "Recorded payment of \(amount.grouped) from \(entry.customerName) on \(DateText.day(date)).",
            "已记录\(entry.customerName)\(DateText.day(date))回款\(amount.grouped)。")
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
}
