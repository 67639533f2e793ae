import CRMDomain
import CRMIntents
import CRMSupport

/// customer.update: one field of a customer or a contact, parsed and checked.
///
/// Fields a contact has (name, alias, title, phone, email, birthday, note)
/// change the contact when `who` is a contact; account fields (credit limit,
/// owner, region, …) always change the customer, the contact's customer if need be.
enum UpdateAction {
    static let fields = [
        "name", "alias", "phone", "email", "address", "region", "industry", "title", "birthday", "credit_limit",
        "sales_plan", "expense_budget", "cost", "payday", "consumption_rate", "owner", "note",
    ]
    static let contactFields: Set<String> = ["name", "alias", "title", "phone", "email", "birthday", "note"]
    static let synonyms: [String: String] = [
        "mobile": "phone", "tel": "phone", "telephone": "phone", "cell": "phone", "mail": "email", "e-mail": "email",
        "credit": "credit_limit", "credit_line": "credit_limit", "plan": "sales_plan", "budget": "expense_budget",
        "pay_day": "payday", "consumption": "consumption_rate", "rate": "consumption_rate", "position": "title",
        "job": "title", "dob": "birthday", "birth_date": "birthday", "notes": "note", "nickname": "alias",
        "电话": "phone", "手机": "phone", "邮箱": "email", "地址": "address", "区域": "region", "地区": "region",
        "行业": "industry", "职务": "title", "职位": "title", "生日": "birthday", "信用额度": "credit_limit",
        "授信额度": "credit_limit", "销售计划": "sales_plan", "费用预算": "expense_budget", "成本": "cost",
        "付款日": "payday", "消耗速度": "consumption_rate", "负责人": "owner", "名称": "name", "名字": "name",
        "别名": "alias", "备注": "note",
    ]

    static func perform(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let rawField = try turn.requireText("field")
        let key = TextMatching.fold(rawField).replacingSpaces(with: "_")
        guard let field = fields.contains(key) ? key : synonyms[key] ?? synonyms[TextMatching.fold(rawField)] else {
            throw Interrupt.ask(Phrases.question(for: "field", in: turn, retry: true))
        }
        guard turn.slot("value") != nil else { throw Interrupt.ask(Phrases.question(for: "value", in: turn)) }
        let lang = turn.language

        if case .contact(let id) = entry.ref, contactFields.contains(field) {
            guard let before = try await turn.store.contact(id: id) else {
                throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                    "I can't find that contact any more.", "找不到这个联系人了。")))
            }
            let (change, shown) = try await contactChange(field, turn)
            let after = try await turn.store.updateContact(id, [change], turn.context)
            return reply(
                subject: before.name, field: field, value: shown, previous: previous(field, contact: before, lang),
                ids: [("contact_id", .int(after.id.rawValue)), ("customer_id", .int(after.customerID.rawValue))], turn)
        }
        let before = try await turn.customer(entry.customerID)
        let (change, shown) = try await customerChange(field, turn)
        let after = try await turn.store.updateCustomer(before.id, [change], turn.context)
        return reply(
            subject: before.name, field: field, value: shown, previous: try await previous(field, customer: before, turn),
            ids: [("customer_id", .int(after.id.rawValue))], turn)
    }

    // MARK: Values

    private static func contactChange(_ field: String, _ turn: Turn) async throws -> (ContactChange, String) {
        let raw = turn.text("value") ?? ""
        let clear = Validation.isClear(raw)
        switch field {
        case "name": return (.name(try nonEmpty(raw, turn)), raw)
        case "alias": return (.addAlias(try nonEmpty(raw, turn)), raw)
        case "title": return (.title(clear ? nil : raw), clear ? "—" : raw)
        case "note": return (.note(clear ? nil : raw), clear ? "—" : raw)
        case "phone":
            let p = clear ? nil : try Validation.phone(raw, turn)
            return (.phone(p), p ?? "—")
        case "email":
            let e = clear ? nil : try Validation.email(raw, turn)
            return (.email(e), e ?? "—")
        default:
            let b = clear ? nil : try birthday(turn)
            return (.birthday(b), b.map { DateText.monthDay($0, turn.language) } ?? "—")
        }
    }

    private static func customerChange(_ field: String, _ turn: Turn) async throws -> (CustomerChange, String) {
        let raw = turn.text("value") ?? ""
        let clear = Validation.isClear(raw)
        func text() -> String? { clear ? nil : raw }
        switch field {
        case "name": return (.name(try nonEmpty(raw, turn)), raw)
        case "alias": return (.addAlias(try nonEmpty(raw, turn)), raw)
        case "address": return (.address(text()), text() ?? "—")
        case "region": return (.region(text()), text() ?? "—")
        case "industry": return (.industry(text()), text() ?? "—")
        case "title": return (.title(text()), text() ?? "—")
        case "note": return (.note(text()), text() ?? "—")
        case "phone":
            let p = clear ? nil : try Validation.phone(raw, turn)
            return (.phone(p), p ?? "—")
        case "email":
            let e = clear ? nil : try Validation.email(raw, turn)
            return (.email(e), e ?? "—")
        case "birthday":
            let b = clear ? nil : try birthday(turn)
            return (.birthday(b), b.map { DateText.monthDay($0, turn.language) } ?? "—")
        case "credit_limit", "sales_plan", "expense_budget", "cost":
            let m = clear ? nil : try money(turn)
            let shown = m?.grouped ?? "—"
            switch field {
            case "credit_limit": return (.creditLimit(m), shown)
            case "sales_plan": return (.salesPlan(m), shown)
            case "expense_budget": return (.expenseBudget(m), shown)
            default: return (.cost(m), shown)
            }
        case "payday":
            if clear { return (.payday(nil), "—") }
            guard let n = number(turn), n.rounded() == n, (1...31).contains(n) else {
                throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                    "The payday is a day of the month, 1 to 31.", "付款日是每月的几号，1到31。")))
            }
            return (.payday(Int(n)), String(Int(n)))
        case "consumption_rate":
            if clear { return (.consumptionRate(nil), "—") }
            guard let n = number(turn), n >= 0, n < 1e9 else {
                throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                    "The consumption rate is a number of units per day.", "消耗速度是每天消耗的数量。")))
            }
            return (.consumptionRate(n), plain(n))
        default:  // owner
            try turn.checkRepName(raw)
            guard let owner = try await turn.knownRep(named: raw) else {
                throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                    "I don't know a rep named '\(raw)'.", "没有名叫“\(raw)”的销售。")))
            }
            return (.owner(owner.id), owner.name)
        }
    }

    private static func nonEmpty(_ raw: String, _ turn: Turn) throws(Interrupt) -> String {
        guard !raw.isEmpty, raw.count <= CustomerActions.maxNameLength, !Validation.isClear(raw) else {
            throw .fail(BotError(code: "invalid", message: turn.say(
                "A name can't be empty or longer than \(CustomerActions.maxNameLength) characters.",
                "名称不能为空，也不能超过\(CustomerActions.maxNameLength)个字。")))
        }
        return raw
    }

    private static func number(_ turn: Turn) -> Double? {
        if case .number(let n)? = turn.slot("value") { return n }
        return turn.text("value").flatMap { Double($0.filter { $0 != "," && $0 != " " && $0 != "号" && $0 != "日" }) }
    }

    private static func money(_ turn: Turn) throws -> Money {
        if let n = number(turn) { return try Turn.money(n, in: turn) }
        if let raw = turn.text("value"),
            case .number(let n)? = turn.parser.parseSlotAnswer(raw, intent: "order.record", slot: "amount", now: turn.now)
        {
            return try Turn.money(n, in: turn)
        }
        throw Interrupt.fail(BotError(code: "invalid_amount", message: turn.say(
            "'\(turn.text("value") ?? "")' is not an amount I can read.", "“\(turn.text("value") ?? "")”不是有效金额。")))
    }

    /// A birthday: the parser's date, or `MM-DD` / `YYYY-MM-DD`. A year near today's is the
    /// parser filling in "May 3", so it is dropped; an older year is a real birth year.
    private static func birthday(_ turn: Turn) throws(Interrupt) -> MonthDay {
        var date: LocalDateTime?
        switch turn.slot("value") {
        case .date(let d)?: date = d
        default:
            if let raw = turn.text("value") {
                if let d = LocalDateTime(iso: raw) {
                    date = d
                } else if let md = MonthDay(iso: raw) {
                    return md
                } else {
                    date = turn.parser.parseSlotAnswer(raw, intent: "activity.log", slot: "date", now: turn.now)?.date
                }
            }
        }
        guard let d = date?.date else { throw .ask(Phrases.invalidDate(slot: "value", in: turn)) }
        let year = abs(d.year - turn.today.year) <= 1 ? nil : d.year
        guard let md = MonthDay(month: d.month, day: d.day, year: year) else {
            throw .ask(Phrases.invalidDate(slot: "value", in: turn))
        }
        return md
    }

    private static func plain(_ n: Double) -> String {
        n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }

    // MARK: Previous values and reply

    private static func previous(_ field: String, contact c: Contact, _ lang: Language) -> String? {
        if field == "birthday" { return c.birthday.map { DateText.monthDay($0, lang) } }
        switch field {
        case "name": return c.name
        case "alias": return c.aliases.isEmpty ? nil : c.aliases.joined(separator: ", ")
        case "title": return c.title
        case "phone": return c.phone
        case "email": return c.email
        case "birthday": return c.birthday?.iso
        default: return c.note
        }
    }

    private static func previous(_ field: String, customer c: Customer, _ turn: Turn) async throws -> String? {
        switch field {
        case "name": return c.name
        case "alias": return c.aliases.isEmpty ? nil : c.aliases.joined(separator: ", ")
        case "phone": return c.phone
        case "email": return c.email
        case "address": return c.address
        case "region": return c.region
        case "industry": return c.industry
        case "title": return c.title
        case "birthday": return c.birthday.map { DateText.monthDay($0, turn.language) }
        case "credit_limit": return c.creditLimit?.grouped
        case "sales_plan": return c.salesPlan?.grouped
        case "expense_budget": return c.expenseBudget?.grouped
        case "cost": return c.cost?.grouped
        case "payday": return c.payday.map(String.init)
        case "consumption_rate": return c.consumptionRate.map(plain)
        case "owner": return try await turn.store.rep(id: c.ownerID)?.name
        default: return c.note
        }
    }

    /// "Wang Tong's phone: 13800001111 (was —)." / "王彤的电话：13800001111（原为—）。"
    private static func reply(
        subject: String, field: String, value: String, previous: String?, ids: [(String, JSONValue)], _ turn: Turn
    ) -> Done {
        let was = previous ?? "—"
        let label = FieldNames.name(field, turn.language)
        let text: String
        if field == "alias" {
            text = turn.say("\(subject) is also known as \(value).", "\(subject)的别名：\(value)。")
        } else {
            text = turn.say("\(subject)'s \(label): \(value) (was \(was)).", "\(subject)的\(label)：\(value)（原为\(was)）。")
        }
        return Done(
            text: text,
            data: ids + [
                ("field", .string(field)), ("value", .string(value)),
                ("previous", previous.map { .string($0) } ?? .null), ("slots", turn.slotsJSON),
            ])
    }
}

extension String {
    /// The string with every space replaced.
    func replacingSpaces(with s: String) -> String {
        split(separator: " ", omittingEmptySubsequences: true).joined(separator: s)
    }
}
