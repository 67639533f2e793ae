import CRMDomain
import CRMSupport

/// The four steps of a complaint (domain §8): complaint.open, complaint.acknowledge,
/// complaint.resolve and complaint.followup. Each step is one change `undo` takes back;
/// another rep's complaint number answers like a missing one.
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

    static func acknowledge(_ turn: Turn) async throws -> Done {
        let (k, customer) = try await visible(turn)
        guard k.isOpen else { throw Interrupt.fail(step(turn, "already_resolved", "Complaint #\(k.id) is already resolved.", "投诉#\(k.id)已经解决了。")) }
        guard k.acknowledgedAt == nil else {
            throw Interrupt.fail(step(turn, "already_acknowledged",
                "Complaint #\(k.id) was already acknowledged on \(DateText.day(k.acknowledgedAt?.date ?? turn.today)).",
                "投诉#\(k.id)已于\(DateText.day(k.acknowledgedAt?.date ?? turn.today))确认过了。"))
        }
        let note = turn.text("note")
        let done = try await turn.store.acknowledgeComplaint(k.id, note: note, turn.context)
        return Done(
            text: turn.say(
                "Complaint #\(k.id) (\(customer.name)) acknowledged" + (note.map { ": \($0)" } ?? "") + ". Next: resolve it (\"resolve complaint \(k.id): …\").",
                "投诉#\(k.id)（\(customer.name)）已确认" + (note.map { "：\($0)" } ?? "") + "。下一步：解决（“投诉\(k.id)已解决：……”）。"),
            data: json(done, customer))
    }

    static func followUp(_ turn: Turn) async throws -> Done {
        let (k, customer) = try await visible(turn)
        guard !k.isOpen else {
            throw Interrupt.fail(step(turn, "not_resolved",
                "Complaint #\(k.id) is not resolved yet; resolve it first (\"resolve complaint \(k.id): …\").",
                "投诉#\(k.id)还没解决；请先解决（“投诉\(k.id)已解决：……”）。"))
        }
        guard k.followedUpAt == nil else {
            throw Interrupt.fail(step(turn, "already_followed_up",
                "Complaint #\(k.id) was already followed up on \(DateText.day(k.followedUpAt?.date ?? turn.today)).",
                "投诉#\(k.id)已于\(DateText.day(k.followedUpAt?.date ?? turn.today))回访过了。"))
        }
        let note = turn.text("note")
        let done = try await turn.store.followUpComplaint(k.id, note: note, turn.context)
        return Done(
            text: turn.say(
                "Complaint #\(k.id) (\(customer.name)) followed up" + (note.map { ": \($0)" } ?? "") + ". All four steps are done.",
                "投诉#\(k.id)（\(customer.name)）已回访" + (note.map { "：\($0)" } ?? "") + "。四个步骤都完成了。"),
            data: json(done, customer))
    }

    /// The complaint named by `ref`, if its customer is one the rep may see; else
    /// `not_found`, worded exactly as for a number that does not exist.
    private static func visible(_ turn: Turn) async throws -> (Complaint, Customer) {
        let ref = try turn.requireInteger("ref")
        guard let k = try await turn.store.complaint(id: ComplaintID(ref)),
            let customer = try await turn.store.customer(id: k.customerID), turn.scope.allows(owner: customer.ownerID)
        else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I can't find complaint #\(ref).", "找不到投诉#\(ref)。")))
        }
        return (k, customer)
    }

    private static func step(_ turn: Turn, _ code: String, _ en: String, _ zh: String) -> BotError {
        BotError(code: code, message: turn.say(en, zh))
    }

    private static func json(_ k: Complaint, _ customer: Customer) -> [(String, JSONValue)] {
        func at(_ t: LocalDateTime?) -> JSONValue { t.map { .string($0.iso) } ?? .null }
        return [
            ("complaint_id", .int(k.id.rawValue)), ("customer_id", .int(customer.id.rawValue)),
            ("customer", .string(customer.name)), ("opened_at", at(k.openedAt)), ("acknowledged_at", at(k.acknowledgedAt)),
            ("resolved_at", at(k.resolvedAt)), ("followed_up_at", at(k.followedUpAt)),
            ("acknowledgement", k.acknowledgement.map { .string($0) } ?? .null),
            ("resolution", k.resolution.map { .string($0) } ?? .null), ("follow_up", k.followUp.map { .string($0) } ?? .null),
        ]
    }

    static func resolve(_ turn: Turn) async throws -> Done {
        let (k, customer) = try await visible(turn)
        let ref = k.id.rawValue
        guard k.isOpen else {
            throw Interrupt.fail(BotError(code: "already_resolved", message: turn.say(
                "Complaint #\(ref) is already resolved.", "投诉#\(ref)已经处理过了。")))
        }
        let note = turn.text("note")
        let done = try await turn.store.resolveComplaint(k.id, resolution: note, turn.context)
        return Done(
            text: turn.say(
                "Complaint #\(ref) (\(customer.name)) resolved" + (note.map { ": \($0)" } ?? "")
                    + ". Follow up with the customer within a week (\"followed up complaint \(ref): …\").",
                "投诉#\(ref)（\(customer.name)）已解决" + (note.map { "：\($0)" } ?? "") + "。一周内记得回访客户（“投诉\(ref)已回访：……”）。"),
            data: [
                ("complaint_id", .int(done.id.rawValue)), ("customer_id", .int(customer.id.rawValue)),
                ("customer", .string(customer.name)), ("resolution", note.map { .string($0) } ?? .null),
            ])
    }
}
