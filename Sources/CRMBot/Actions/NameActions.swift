import CRMDomain
import CRMSupport

/// alias.remove and contact.move: fixing what a name points at. Each is one recorded
/// change that `undo` takes back; both ends must be in the rep's scope (anything else
/// answers as an unknown name).
enum NameActions {
    static func removeAlias(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let alias = try turn.requireText("alias")
        let folded = TextMatching.fold(alias)
        switch entry.ref {
        case .contact(let id):
            guard let contact = try await turn.store.contact(id: id) else { throw gone(turn) }
            guard let stored = contact.aliases.first(where: { TextMatching.fold($0) == folded }) else {
                throw noSuchAlias(alias, of: contact.name, has: contact.aliases, turn)
            }
            let after = try await turn.store.updateContact(id, [.removeAlias(stored)], turn.context)
            return removed(stored, from: after.name, left: after.aliases, ids: [
                ("contact_id", .int(after.id.rawValue)), ("customer_id", .int(after.customerID.rawValue)),
            ], turn)
        case .customer(let id):
            let customer = try await turn.customer(id)
            guard let stored = customer.aliases.first(where: { TextMatching.fold($0) == folded }) else {
                throw noSuchAlias(alias, of: customer.name, has: customer.aliases, turn)
            }
            let after = try await turn.store.updateCustomer(id, [.removeAlias(stored)], turn.context)
            return removed(stored, from: after.name, left: after.aliases, ids: [("customer_id", .int(after.id.rawValue))], turn)
        }
    }

    static func moveContact(_ turn: Turn) async throws -> Done {
        let person = try await turn.party("who", kinds: .contacts)
        guard case .contact(let contactID) = person.ref, let before = try await turn.store.contact(id: contactID) else {
            throw gone(turn)
        }
        let target = try await turn.party("to", kinds: .customers)
        let company = try await turn.customer(target.customerID)
        _ = try await turn.customer(before.customerID)
        guard before.customerID != company.id else {
            return Done(
                text: turn.say("\(before.name) is already at \(company.name); nothing changed.", "\(before.name)本来就在\(company.name)，没有改动。"),
                data: [("contact_id", .int(before.id.rawValue)), ("customer_id", .int(company.id.rawValue)), ("unchanged", true)])
        }
        let after = try await turn.store.moveContact(contactID, to: company.id, turn.context)
        return Done(
            text: turn.say(
                "Moved \(after.name) from \(person.customerName) to \(company.name). What was logged with them stays at \(person.customerName).",
                "已把\(after.name)从\(person.customerName)调到\(company.name)。以前的记录仍留在\(person.customerName)。"),
            data: [
                ("contact_id", .int(after.id.rawValue)), ("contact", .string(after.name)),
                ("customer_id", .int(company.id.rawValue)), ("customer", .string(company.name)),
                ("previous_customer_id", .int(before.customerID.rawValue)), ("previous_customer", .string(person.customerName)),
            ])
    }

    private static func removed(_ alias: String, from name: String, left: [String], ids: [(String, JSONValue)], _ turn: Turn) -> Done {
        let rest = left.isEmpty
            ? turn.say("no aliases left", "没有别名了")
            : turn.say("still known as \(left.joined(separator: ", "))", "其他别名：\(left.joined(separator: "、"))")
        return Done(
            text: turn.say("\(name) is no longer known as \(alias) (\(rest)).", "已删除\(name)的别名“\(alias)”（\(rest)）。"),
            data: ids + [("alias", .string(alias)), ("aliases", .array(left.map { .string($0) })), ("removed", true)])
    }

    private static func noSuchAlias(_ alias: String, of name: String, has aliases: [String], _ turn: Turn) -> Interrupt {
        let known = aliases.isEmpty
            ? turn.say("\(name) has no aliases.", "\(name)没有别名。")
            : turn.say("Its aliases: \(aliases.joined(separator: ", ")).", "它的别名：\(aliases.joined(separator: "、"))。")
        return Interrupt.fail(BotError(code: "not_found", message: turn.say(
            "\(name) has no alias '\(alias)'. \(known)", "\(name)没有“\(alias)”这个别名。\(known)")))
    }

    private static func gone(_ turn: Turn) -> Interrupt {
        Interrupt.fail(BotError(code: "not_found", message: turn.say(
            "I can't find that contact any more.", "找不到这个联系人了。")))
    }
}
