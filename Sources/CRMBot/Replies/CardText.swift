import CRMDomain
import CRMSupport

/// The customer card (客户资料卡) as a few short lines for a narrow chat window,
/// plus the same content as structured data.
enum CardText {
    static func render(_ card: CustomerCard, focus: ContactID?, directory: [DirectoryEntry], turn: Turn) -> Done {
        let lang = turn.language
        let c = card.customer
        var lines: [String] = []
        func money(_ m: Money?) -> String { m?.grouped ?? "—" }

        // Header: "Quanyu Hospital #1 — company, lead, grade A, owner Li Ming".
        var head = [Vocabulary.kind(c.kind, lang), Vocabulary.stage(c.stage, lang)]
        if let g = c.grade { head.append(turn.say("grade \(g.rawValue)", "\(g.rawValue)级")) }
        if c.tierOverride == .bad { head.append(Vocabulary.tier(.bad, lang)) }
        head.append(turn.say("owner ", "负责人") + card.owner.name)
        lines.append("\(c.name) #\(c.id)" + turn.say(" — ", "——") + head.joined(separator: turn.say(", ", "，")))

        var basics: [String] = []
        if let v = c.phone { basics.append(turn.say("phone ", "电话") + v) }
        if let v = c.email { basics.append(turn.say("email ", "邮箱") + v) }
        if let v = c.title { basics.append(turn.say("title ", "职务") + v) }
        if let v = c.industry { basics.append(turn.say("industry ", "行业") + v) }
        if let v = c.region { basics.append(turn.say("region ", "区域") + v) }
        if let v = c.address { basics.append(turn.say("address ", "地址") + v) }
        if let v = c.birthday { basics.append(turn.say("birthday ", "生日") + DateText.monthDay(v, lang)) }
        if !c.aliases.isEmpty { basics.append(turn.say("aka ", "别名") + c.aliases.joined(separator: ", ")) }
        if !basics.isEmpty { lines.append(basics.joined(separator: " · ")) }

        let man = [
            turn.say("money ", "购买力") + Vocabulary.tri(c.money, lang),
            turn.say("authority ", "决策权") + Vocabulary.tri(c.authority, lang),
            turn.say("need ", "需求") + Vocabulary.tri(c.need, lang),
        ]
        if [c.money, c.authority, c.need].contains(where: { $0 != .unknown }) {
            lines.append("MAN: " + man.joined(separator: turn.say(", ", "，"))
                + (c.isQualified ? turn.say(" — qualified", "——合格") : ""))
        }

        var terms: [String] = []
        if let v = c.creditLimit { terms.append(turn.say("credit limit ", "信用额度") + money(v)) }
        if let v = c.salesPlan { terms.append(turn.say("sales plan ", "销售计划") + money(v)) }
        if let v = c.expenseBudget { terms.append(turn.say("expense budget ", "费用预算") + money(v)) }
        if let v = c.cost { terms.append(turn.say("cost ", "服务成本") + money(v)) }
        if let v = c.payday { terms.append(turn.say("payday \(v)", "付款日\(v)号")) }
        if let v = c.consumptionRate { terms.append(turn.say("uses \(v)/day", "每天消耗\(v)")) }
        if !terms.isEmpty { lines.append(terms.joined(separator: " · ")) }
        if let note = c.note { lines.append(turn.say("Note: ", "备注：") + note) }

        // Contacts, the focused one first.
        let contacts = card.contacts.sorted { a, b in (a.id == focus ? 0 : 1, a.id) < (b.id == focus ? 0 : 1, b.id) }
        if !contacts.isEmpty {
            lines.append(turn.say("Contacts:", "联系人："))
            for p in contacts { lines.append("• " + contactLine(p, lang, turn)) }
        }

        let contactNames = Dictionary(card.contacts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        if !card.recentActivities.isEmpty {
            lines.append(turn.say("Recent contact:", "最近联系："))
            for a in card.recentActivities {
                var s = DateText.day(a.at.date) + " " + Vocabulary.activity(a.type, lang)
                if let id = a.contactID, let n = contactNames[id] { s += turn.say(" with ", " ") + n }
                if let note = a.note { s += turn.say(": ", "：") + note }
                lines.append("• " + s)
            }
        }

        lines.append(turn.say(
            "Orders: \(card.orderCount), total \(card.totalOrdered.grouped), paid \(card.totalPaid.grouped), outstanding \(card.outstanding.grouped)",
            "订单：\(card.orderCount)笔，合计\(card.totalOrdered.grouped)，已回款\(card.totalPaid.grouped)，未回款\(card.outstanding.grouped)"))
        for o in card.recentOrders { lines.append("• " + orderLine(o)) }

        if !card.openTasks.isEmpty {
            lines.append(turn.say("Open tasks:", "待办任务："))
            for t in card.openTasks {
                lines.append("• #\(t.id) " + t.what + (t.due.map { " — " + DateText.due($0, lang) } ?? ""))
            }
        }
        if !card.openComplaints.isEmpty {
            lines.append(turn.say("Open complaints:", "未解决投诉："))
            for k in card.openComplaints { lines.append("• #\(k.id) \(DateText.day(k.openedAt.date)) \(k.note)") }
        }

        let customerNames = Dictionary(directory.compactMap { e -> (CustomerID, String)? in
            if case .customer = e.ref { return (e.customerID, e.name) }
            return nil
        }, uniquingKeysWith: { a, _ in a })
        func name(_ id: CustomerID) -> String { customerNames[id] ?? "#\(id)" }
        if let by = card.referredBy {
            let who = by.fromContactID.flatMap { id in directory.first { $0.ref == .contact(id) }?.name }
            lines.append(turn.say("Referred by: ", "介绍人：") + (who.map { "\($0) (\(name(by.fromCustomerID)))" } ?? name(by.fromCustomerID)))
        }
        if !card.referredOut.isEmpty {
            lines.append(turn.say("Referred: ", "介绍了：") + card.referredOut.map { name($0.toCustomerID) }
                .joined(separator: turn.say(", ", "、")))
        }

        return Done(text: lines.joined(separator: "\n"), data: data(card, focus: focus, names: customerNames))
    }

    static func contactLine(_ p: Contact, _ lang: Language, _ turn: Turn) -> String {
        var s = p.name
        if let t = p.title { s += turn.say(", ", "，") + t }
        var parts: [String] = []
        if !p.roles.isEmpty { parts.append(Vocabulary.list(p.roles.map { Vocabulary.role($0, lang) }, lang)) }
        if !p.needs.isEmpty {
            parts.append(turn.say("needs ", "需求") + Vocabulary.list(p.needs.map { Vocabulary.need($0, lang) }, lang))
        }
        if let phone = p.phone { parts.append(turn.say("phone ", "电话") + phone) }
        if let b = p.birthday { parts.append(turn.say("birthday ", "生日") + DateText.monthDay(b, lang)) }
        if let style = p.style {
            parts.append(Vocabulary.style(style, lang) + " → " + Vocabulary.approach(style, lang))
        }
        if !parts.isEmpty { s += turn.say(" — ", "——") + parts.joined(separator: turn.say("; ", "；")) }
        return s
    }

    static func orderLine(_ o: Order) -> String {
        var s = DateText.day(o.date) + " " + o.amount.grouped
        let what = [o.quantity.map { "\($0) ×" }, o.item].compactMap { $0 }.joined(separator: " ")
        if !what.isEmpty { s += " — " + what }
        return s
    }

    private static func data(_ card: CustomerCard, focus: ContactID?, names: [CustomerID: String]) -> [(String, JSONValue)] {
        let c = card.customer
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func amount(_ m: Money?) -> JSONValue { m.map { .double($0.units) } ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("customer_id", .int(c.id.rawValue)), ("customer", .string(c.name)), ("kind", .string(c.kind.rawValue)),
            ("stage", .string(c.stage.rawValue)), ("grade", opt(c.grade?.rawValue)), ("owner", .string(card.owner.name)),
            ("phone", opt(c.phone)), ("email", opt(c.email)), ("region", opt(c.region)), ("industry", opt(c.industry)),
            ("qualified", .bool(c.isQualified)), ("credit_limit", amount(c.creditLimit)),
        ]
        if let focus { pairs.append(("contact_id", .int(focus.rawValue))) }
        pairs.append(("contacts", .array(card.contacts.map { p in
            .object([
                ("id", .int(p.id.rawValue)), ("name", .string(p.name)), ("title", opt(p.title)),
                ("roles", .array(p.roles.map { .string($0.rawValue) })),
                ("needs", .array(p.needs.map { .string($0.rawValue) })), ("style", opt(p.style?.rawValue)),
            ])
        })))
        pairs.append(("activities", .array(card.recentActivities.map { a in
            .object([
                ("id", .int(a.id.rawValue)), ("type", .string(a.type.rawValue)), ("date", .string(a.at.date.iso)),
                ("contact_id", a.contactID.map { .int($0.rawValue) } ?? .null), ("note", opt(a.note)),
            ])
        })))
        pairs.append(("orders", .array(card.recentOrders.map { o in
            .object([
                ("id", .int(o.id.rawValue)), ("date", .string(o.date.iso)), ("amount", .double(o.amount.units)),
                ("quantity", o.quantity.map { .int($0) } ?? .null), ("item", opt(o.item)),
            ])
        })))
        pairs.append(("order_count", .int(Int64(card.orderCount))))
        pairs.append(("total_ordered", .double(card.totalOrdered.units)))
        pairs.append(("total_paid", .double(card.totalPaid.units)))
        pairs.append(("outstanding", .double(card.outstanding.units)))
        pairs.append(("tasks", .array(card.openTasks.map { t in
            .object([("id", .int(t.id.rawValue)), ("what", .string(t.what)), ("due", opt(t.due?.iso))])
        })))
        pairs.append(("complaints", .array(card.openComplaints.map { k in
            .object([("id", .int(k.id.rawValue)), ("note", .string(k.note)), ("opened", .string(k.openedAt.date.iso))])
        })))
        pairs.append(("referred", .array(card.referredOut.map { r in
            .object([("customer_id", .int(r.toCustomerID.rawValue)), ("customer", opt(names[r.toCustomerID]))])
        })))
        pairs.append(("referred_by", card.referredBy.map { r in
            .object([("customer_id", .int(r.fromCustomerID.rawValue)), ("customer", opt(names[r.fromCustomerID]))])
        } ?? .null))
        return pairs
    }
}
