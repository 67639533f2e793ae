import CRMDomain
import CRMSupport

/// complaint.open and complaint.resolve (domain §8).
enum ComplaintActions {
    static func open(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let note = try turn.requireText("note")
        let k = try await turn.store.openComplaint(NewComplaint(customerID: entry.customerID, note: note), turn.context)
        return Done(
            text: turn.say(
                "Opened complaint #\(k.id) for \(entry.customerName): \(note).",
                "已登记\(entry.customerName)的投诉#\(k.id)：\(note)。"),
            data: [
                ("complaint_id", .int(k.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
                ("customer", .string(entry.customerName)), ("note", .string(note)),
            ])
    }

    static func resolve(_ turn: Turn) async throws -> Done {
        let ref = try turn.requireInteger("ref")
        let notFound = BotError(code: "not_found", message: turn.say(
            "I can't find complaint #\(ref).", "找不到投诉#\(ref)。"))
        guard let k = try await turn.store.complaint(id: ComplaintID(ref)),
            let customer = try await turn.store.customer(id: k.customerID), turn.scope.allows(owner: customer.ownerID)
        else { throw Interrupt.fail(notFound) }
        guard k.isOpen else {
            throw Interrupt.fail(BotError(code: "already_resolved", message: turn.say(
                "Complaint #\(ref) is already resolved.", "投诉#\(ref)已经处理过了。")))
        }
        let note = turn.text("note")
        let done = try await turn.store.resolveComplaint(k.id, resolution: note, turn.context)
        return Done(
            text: turn.say(
                "Complaint #\(ref) (\(customer.name)) resolved" + (note.map { ": \($0)" } ?? "") + ". Remember to follow up.",
                "投诉#\(ref)（\(customer.name)）已解决" + (note.map { "：\($0)" } ?? "") + "。记得回访。"),
            data: [
                ("complaint_id", .int(done.id.rawValue)), ("customer_id", .int(customer.id.rawValue)),
                ("customer", .string(customer.name)), ("resolution", note.map { .string($0) } ?? .null),
            ])
    }
}
