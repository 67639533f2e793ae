import CRMDomain
import CRMSupport

/// activity.list: what the rep logged on a day ("what did I do yesterday", 昨天我做了什么)
/// or so far this week, month or quarter (本周我做了什么) — their own visits, calls and
/// other contact, newest first, on customers they may still see.
enum ActivityListAction {
    /// Activities shown at most (the newest).
    static let limit = 50

    static func perform(_ turn: Turn) async throws -> Done {
        let today = turn.today
        var from = today
        var through = today
        var title = (en: "today", zh: "今天")
        if let day = try turn.date("date")?.date {
            (from, through) = (day, day)
            title = day == today ? title : ("on " + day.iso, day.iso)
        } else if let period = turn.text("period") {
            switch period {
            case "week":
                from = today.adding(days: 1 - today.weekday)
                title = ("this week", "本周")
            case "month":
                from = CivilDate(year: today.year, month: today.month, day: 1) ?? today
                title = ("this month", "本月")
            case "quarter":
                from = CivilDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1) ?? today
                title = ("this quarter", "本季度")
            default:
                break
            }
        }
        guard from <= today else {
            throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                "\(from.iso) hasn't happened yet: nothing was logged then. (Your plans: \"my tasks\".)",
                "\(from.iso)还没到，没有记录。（计划请看“我的任务”）")))
        }
        let found = try await turn.store.activities(by: turn.rep.id, from: from, through: through, limit: limit + 1)
        // Only customers the rep may still see: a handed-over customer's records are its new owner's.
        var refs: [PartyRef] = []
        for a in found {
            refs.append(.customer(a.customerID))
            if let c = a.contactID { refs.append(.contact(c)) }
        }
        let entries = try await turn.entries(for: refs)
        let customers = Dictionary(entries.map { ($0.customerID, $0.customerName) }, uniquingKeysWith: { a, _ in a })
        var contacts: [ContactID: String] = [:]
        for e in entries { if case .contact(let id) = e.ref { contacts[id] = e.name } }
        let visible = found.filter { customers[$0.customerID] != nil }
        let shown = Array(visible.prefix(limit))
        let lang = turn.language
        var lines: [String]
        if shown.isEmpty {
            lines = [turn.say("You logged nothing \(title.en).", "你\(title.zh)没有记录任何拜访、电话等。")]
        } else {
            let span = from == through ? "" : turn.say(" (\(from.iso) – \(through.iso))", "（\(from.iso)至\(through.iso)）")
            lines = [turn.say("What you logged \(title.en)\(span): \(shown.count)", "你\(title.zh)记录的联系\(span)：\(shown.count)条")]
            for a in shown {
                let day = from == through ? "" : a.at.date.iso + " "
                let time = DateText.time(a.at).map { $0 + " " } ?? ""
                let customer = customers[a.customerID] ?? ""
                let who = a.contactID.flatMap { contacts[$0] }.map { lang == .zh ? "\($0)（\(customer)）" : "\($0) (\(customer))" }
                    ?? customer
                let note = a.note.map { turn.say(" — \($0)", "——\($0)") } ?? ""
                lines.append("\(day)\(time)\(Vocabulary.activity(a.type, lang)) \(who)\(note)")
            }
            if visible.count > shown.count {
                lines.append(turn.say("(the newest \(shown.count))", "（只显示最新\(shown.count)条）"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("from", .string(from.iso)), ("through", .string(through.iso)),
                ("activities", .array(shown.map { a in
                    .object([
                        ("id", .int(a.id.rawValue)), ("at", .string(a.at.iso)), ("type", .string(a.type.rawValue)),
                        ("customer_id", .int(a.customerID.rawValue)), ("customer", customers[a.customerID].map { .string($0) } ?? .null),
                        ("contact", a.contactID.flatMap { contacts[$0] }.map { .string($0) } ?? .null),
                        ("note", a.note.map { .string($0) } ?? .null),
                    ])
                })),
            ])
    }
}
