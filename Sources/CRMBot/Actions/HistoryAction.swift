import CRMDomain
import CRMSupport

/// customer.history: everything that happened with one customer or contact, newest
/// first — visits, calls and other contact with their notes, orders, complaints and
/// how they were settled, objections — from records the rep may see.
enum HistoryAction {
    /// Entries shown at most (the newest).
    static let limit = 30

    /// One dated line of the timeline.
    struct Entry {
        var date: CivilDate
        var minute: Int
        var en: String
        var zh: String
        var json: JSONValue
    }

    static func perform(_ turn: Turn) async throws -> Done {
        let party = try await turn.party("who")
        guard let card = try await turn.store.card(for: party.customerID, recentLimit: limit),
            turn.scope.allows(owner: card.customer.ownerID),
            let history = try await turn.store.customerHistory(for: party.customerID)
        else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I can't find that customer any more.", "找不到这个客户了。")))
        }
        var contact: ContactID?
        if case .contact(let id) = party.ref { contact = id }
        let contactNames = Dictionary(card.contacts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var entries: [Entry] = []
        for a in card.recentActivities where contact == nil || a.contactID == contact {
            let with = a.contactID.flatMap { contactNames[$0] }.map { contact == nil ? " (\($0))" : "" } ?? ""
            let withZh = a.contactID.flatMap { contactNames[$0] }.map { contact == nil ? "（\($0)）" : "" } ?? ""
            let note = a.note.map { " — \($0)" } ?? ""
            let noteZh = a.note.map { "——\($0)" } ?? ""
            entries.append(Entry(
                date: a.at.date, minute: a.at.minuteOfDay ?? 0,
                en: "\(Vocabulary.activity(a.type, .en))\(with)\(note)",
                zh: "\(Vocabulary.activity(a.type, .zh))\(withZh)\(noteZh)",
                json: .object([
                    ("kind", "activity"), ("id", .int(a.id.rawValue)), ("date", .string(a.at.iso)),
                    ("type", .string(a.type.rawValue)), ("note", a.note.map { .string($0) } ?? .null),
                ])))
        }
        for o in history.orders.suffix(limit) {
            let what = [o.quantity.map { "\($0) ×" }, o.item].compactMap { $0 }.joined(separator: " ")
            entries.append(Entry(
                date: o.date, minute: 0,
                en: "order #\(o.id): \(o.amount.grouped)" + (what.isEmpty ? "" : " for \(what)"),
                zh: "订单#\(o.id)：\(o.amount.grouped)" + (what.isEmpty ? "" : "，\(what)"),
                json: .object([
                    ("kind", "order"), ("id", .int(o.id.rawValue)), ("date", .string(o.date.iso)),
                    ("amount", .double(o.amount.units)), ("item", o.item.map { .string($0) } ?? .null),
                ])))
        }
        for k in history.complaints.suffix(limit) {
            let settled = k.resolvedAt.map { at in
                (" (resolved \(at.date.iso)" + (k.resolution.map { ": \($0)" } ?? "") + ")",
                    "（\(at.date.iso)已解决" + (k.resolution.map { "：\($0)" } ?? "") + "）")
            } ?? (" (open)", "（未解决）")
            entries.append(Entry(
                date: k.openedAt.date, minute: k.openedAt.minuteOfDay ?? 0,
                en: "complaint #\(k.id): \(k.note)\(settled.0)", zh: "投诉#\(k.id)：\(k.note)\(settled.1)",
                json: .object([
                    ("kind", "complaint"), ("id", .int(k.id.rawValue)), ("date", .string(k.openedAt.iso)),
                    ("note", .string(k.note)), ("resolved", .bool(k.resolvedAt != nil)),
                ])))
        }
        for x in history.objections.suffix(limit) where contact == nil || x.contactID == contact {
            let note = x.note.map { " — \($0)" } ?? ""
            let noteZh = x.note.map { "——\($0)" } ?? ""
            let who = x.contactID.flatMap { contactNames[$0] }.map { contact == nil ? " (\($0))" : "" } ?? ""
            let whoZh = x.contactID.flatMap { contactNames[$0] }.map { contact == nil ? "（\($0)）" : "" } ?? ""
            entries.append(Entry(
                date: x.date, minute: 0,
                en: "objection\(who): \(Vocabulary.objection(x.kind, .en))\(note)",
                zh: "异议\(whoZh)：\(Vocabulary.objection(x.kind, .zh))\(noteZh)",
                json: .object([
                    ("kind", "objection"), ("id", .int(x.id.rawValue)), ("date", .string(x.date.iso)),
                    ("objection", .string(x.kind.rawValue)), ("note", x.note.map { .string($0) } ?? .null),
                ])))
        }
        entries.sort { ($0.date, $0.minute) > ($1.date, $1.minute) }
        let shown = Array(entries.prefix(limit))
        let name = contact == nil ? card.customer.name : "\(party.name) (\(card.customer.name))"
        let nameZh = contact == nil ? card.customer.name : "\(party.name)（\(card.customer.name)）"
        var lines: [String]
        if shown.isEmpty {
            lines = [turn.say("Nothing recorded with \(name) yet.", "和\(nameZh)还没有任何记录。")]
        } else {
            lines = [turn.say("History with \(name), newest first:", "\(nameZh)的往来记录（最新在前）：")]
            lines += shown.map { "\($0.date.iso) " + turn.say($0.en, $0.zh) }
            if entries.count > shown.count {
                lines.append(turn.say("(the newest \(shown.count) of \(entries.count))", "（共\(entries.count)条，显示最新\(shown.count)条）"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("customer_id", .int(card.customer.id.rawValue)), ("customer", .string(card.customer.name)),
                ("contact_id", contact.map { .int($0.rawValue) } ?? .null),
                ("entries", .array(shown.map(\.json))),
            ])
    }
}
