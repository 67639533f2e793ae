import CRMDomain
import CRMSupport

/// contact.list: the contacts of the customers the rep may see, or of one customer, by
/// name, with their company and title.
enum ContactListAction {
    /// Contacts shown at most.
    static let limit = 50

    static func perform(_ turn: Turn) async throws -> Done {
        var customer: DirectoryEntry?
        if turn.text("who") != nil {
            customer = try await turn.party("who", kinds: .customers)
        }
        let (contacts, total) = try await turn.store.contacts(in: turn.scope, customer: customer?.customerID, limit: limit)
        var lines: [String]
        if contacts.isEmpty {
            lines = [customer.map { c in turn.say("No contacts at \(c.customerName) yet.", "\(c.customerName)还没有联系人。") }
                ?? turn.say("You have no contacts yet. Add one: add contact Wang Tong at Quanyu Hospital",
                    "你还没有联系人。可以这样添加：添加联系人 王彤 全宇医院")]
        } else {
            lines = [customer.map { c in turn.say("Contacts at \(c.customerName) (\(total)):", "\(c.customerName)的联系人（\(total)位）：") }
                ?? turn.say("Your contacts (\(total)):", "你的联系人（\(total)位）：")]
            for k in contacts {
                let title = k.title.map { turn.say(", \($0)", "，\($0)") } ?? ""
                let phone = k.phone.map { " · \($0)" } ?? ""
                lines.append(customer == nil
                    ? turn.say("- \(k.name) — \(k.customerName)\(title)\(phone)", "- \(k.name)——\(k.customerName)\(title)\(phone)")
                    : "- \(k.name)\(title)\(phone)")
            }
            if total > contacts.count {
                lines.append(turn.say(
                    "(the first \(contacts.count) by name; \"contacts at <customer>\" narrows it down)",
                    "（按名字只显示前\(contacts.count)位；说“某客户的联系人”可以缩小范围）"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("customer_id", customer.map { .int($0.customerID.rawValue) } ?? .null),
                ("total", .int(Int64(total))),
                ("contacts", .array(contacts.map { k in
                    .object([
                        ("id", .int(k.id.rawValue)), ("name", .string(k.name)), ("title", k.title.map { .string($0) } ?? .null),
                        ("phone", k.phone.map { .string($0) } ?? .null),
                        ("customer_id", .int(k.customerID.rawValue)), ("customer", .string(k.customerName)),
                    ])
                })),
            ])
    }
}
