import CRMDomain
import CRMSupport

/// The `reminder` event pushed when a task falls due: the task, its customer
/// and the last visit (or other contact), with a sentence in the language
/// the task was written in.
struct ReminderEvent: Sendable {
    /// What the relay acknowledges (`{"command":"ack","event_id":…}`).
    let eventID: Int64
    /// Pushed before, and not acknowledged then.
    let redelivery: Bool
    let task: TaskItem
    let customer: Customer?
    let lastContact: Activity?

    /// Gathers the context from the store (the card of the task's customer).
    static func make(_ task: TaskItem, eventID: Int64, redelivery: Bool, store: any CRMStore) async -> ReminderEvent {
        guard let customerID = task.customerID, let card = try? await store.card(for: customerID, recentLimit: 10) else {
            return ReminderEvent(eventID: eventID, redelivery: redelivery, task: task, customer: nil, lastContact: nil)
        }
        let last = card.recentActivities.first { $0.type == .visit } ?? card.recentActivities.first
        return ReminderEvent(eventID: eventID, redelivery: redelivery, task: task, customer: card.customer, lastContact: last)
    }

    func text(for user: String) -> String {
        let zh = Language.detect(task.what) == .zh
        let due = task.due?.iso ?? ""
        var s = zh ? "提醒：\(task.what)（到期 \(due)）" : "Reminder: \(task.what) (due \(due))"
        if let customer { s += zh ? "——\(customer.name)。" : " — \(customer.name)." } else { s += zh ? "。" : "." }
        if let last = lastContact {
            let note = last.note.map { zh ? "：\($0)" : ": \($0)" } ?? ""
            s += zh
                ? "上次\(last.type == .visit ? "拜访" : "联系")是\(last.at.date.iso)\(note)。"
                : " Last \(last.type == .visit ? "visit" : last.type.rawValue) \(last.at.date.iso)\(note)."
        }
        return s
    }

    func json(for user: String) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("event", "reminder"), ("event_id", .int(eventID)), ("user", .string(user)), ("text", .string(text(for: user))),
            ("task", .object([
                ("id", .int(task.id.rawValue)), ("what", .string(task.what)), ("due", task.due.map { .string($0.iso) } ?? .null),
            ])),
        ]
        pairs.append(("customer", customer.map { .object([("id", .int($0.id.rawValue)), ("name", .string($0.name))]) } ?? .null))
        pairs.append(("last_visit", lastContact.map { a in
            .object([
                ("date", .string(a.at.date.iso)), ("type", .string(a.type.rawValue)),
                ("note", a.note.map { .string($0) } ?? .null),
            ])
        } ?? .null))
        if redelivery { pairs.append(("redelivery", true)) }
        return .object(unique: pairs)
    }

    /// The event for one connection, framed for its protocol.
    func render(for user: String, mode: RelayMode) -> String {
        switch mode {
        case .json: return json(for: user).serialized + "\n"
        case .text: return TextBlock.render(status: "EVENT reminder \(user)", text: text(for: user))
        }
    }
}
