import CRMDomain
import CRMSupport

/// Questions and refusals shared by all actions, in both languages.
enum Phrases {
    /// The short question asking for `slot` of the turn's intent.
    static func question(for slot: String, in turn: Turn, retry: Bool = false) -> Question {
        let (en, zh) = wording(for: slot, intent: turn.intent, turn: turn)
        let prefix = retry ? turn.say("Sorry, I didn't get that. ", "抱歉，没听懂。") : ""
        return Question(slot: slot, text: prefix + turn.say(en, zh))
    }

    private static func wording(for slot: String, intent: String, turn: Turn) -> (String, String) {
        switch (intent, slot) {
        case ("activity.log", "who"):
            if let type = turn.text("type").flatMap({ ActivityType(rawValue: $0) }) {
                let en = type.rawValue.prefix(1).uppercased() + type.rawValue.dropFirst()
                return ("\(en) with whom?", type == .visit ? "拜访了谁？" : "和谁的\(Vocabulary.activity(type, .zh))？")
            }
            return ("With whom?", "和谁？")
        case ("activity.log", "type"):
            return ("What kind of contact was it: visit, call, email, meeting, message, gift, letter or demo?",
                "是哪种联系：拜访、电话、邮件、会议、消息、礼物、信件还是演示？")
        case ("order.record", "who"): return ("Which customer placed the order?", "哪个客户下的订单？")
        case ("order.record", "amount"): return ("How much was the order?", "订单金额是多少？")
        case ("payment.record", "who"): return ("Which customer paid?", "哪个客户回款？")
        case ("payment.record", "amount"): return ("How much was paid?", "回款金额是多少？")
        case ("customer.add", "name"): return ("What is the customer's name?", "客户叫什么名字？")
        case ("contact.add", "name"): return ("What is the contact's name?", "联系人叫什么名字？")
        case ("contact.add", "customer"):
            let name = turn.text("name") ?? turn.say("the contact", "这位联系人")
            return ("Which customer is \(name) at?", "\(name)在哪个客户？")
        case ("rep.add", "name"): return ("What is the rep's name?", "销售叫什么名字？")
        case ("customer.show", "who"): return ("Whose card?", "查看谁的资料？")
        case ("customer.history", "who"): return ("Whose history?", "查看和谁的往来记录？")
        case ("search", "query"): return ("Search for what?", "要搜索什么？")
        case ("customer.update", "who"): return ("Whose details should I change?", "要修改谁的资料？")
        case ("customer.update", "field"):
            return ("Which detail: phone, email, address, region, industry, title, birthday, credit_limit, sales_plan, "
                + "expense_budget, cost, payday, consumption_rate, owner, name, alias or note?",
                "修改哪一项：电话、邮箱、地址、区域、行业、职务、生日、信用额度、销售计划、费用预算、成本、付款日、消耗速度、负责人、名称、别名还是备注？")
        case ("customer.update", "value"):
            let field = turn.text("field") ?? turn.say("value", "内容")
            return ("What is the new \(field)?", "新的\(FieldNames.zh(field))是什么？")
        case (_, "stage"): return ("Which stage: lead, prospect, customer, key, won or lost?",
            "哪个阶段：潜在客户、可能客户、普通客户、重点客户、已成交客户还是流失？")
        case (_, "grade"): return ("Which grade: A, B or C?", "评为哪一级：A、B还是C？")
        case ("objection.log", "kind"):
            return ("What was the objection: busy, no_need, has_supplier, unfamiliar, think_it_over, send_info or price?",
                "是哪种异议：太忙、不需要、已有供应商、不了解、再考虑、先寄资料还是价格？")
        case ("complaint.open", "note"): return ("What is the complaint about?", "投诉的内容是什么？")
        case ("complaint.open", "who"): return ("Which customer is complaining?", "哪个客户投诉？")
        case ("complaint.resolve", "ref"), ("complaint.acknowledge", "ref"), ("complaint.followup", "ref"):
            return ("Which complaint number?", "哪一个投诉（编号）？")
        case ("task.done", "ref"): return ("Which task number? (say \"my tasks\" to see them)", "哪一个任务（编号）？（说“我的任务”可以查看）")
        case ("task.add", "what"): return ("What should I remind you to do?", "提醒你做什么？")
        case ("task.cancel", "ref"), ("task.reschedule", "ref"), ("task.edit", "ref"):
            return ("Which task number? (say \"my tasks\" to see them)", "哪一个任务（编号）？（说“我的任务”可以查看）")
        case ("task.reschedule", "due"): return ("To when?", "改到什么时候？")
        case ("order.correct", "ref"), ("order.delete", "ref"):
            return ("Which order number? (\"orders for <customer>\" lists them)", "哪一个订单（编号）？（说“某客户的订单”可以查看）")
        case ("payment.correct", "ref"), ("payment.delete", "ref"): return ("Which payment number?", "哪一笔回款（编号）？")
        case ("order.correct", "amount"), ("payment.correct", "amount"):
            return ("What is the right amount (or date)?", "正确的金额（或日期）是多少？")
        case ("order.list", "who"): return ("Whose orders?", "查看哪个客户的订单？")
        case ("deal.update", "ref"), ("deal.won", "ref"), ("deal.lost", "ref"):
            return ("Which deal number? (\"my deals\" lists them)", "哪一个商机（编号）？（说“我的商机”可以查看）")
        case ("deal.add", "who"): return ("A deal with which customer?", "哪个客户的商机？")
        case ("deal.add", "amount"): return ("How much is the deal worth?", "这个商机金额是多少？")
        case ("deal.update", "stage"): return ("What changed: the stage, amount, close date or probability?", "改什么：阶段、金额、预计成交日期还是赢单率？")
        case ("quota.set", "rep"): return ("Whose quota?", "给哪位销售定指标？")
        case ("rep.update", "rep"), ("rep.deactivate", "rep"): return ("Which rep?", "哪位销售？")
        case ("rep.update", "manager"): return ("Whose team should they be on?", "调到哪位经理的团队？")
        case ("quota.set", "amount"): return ("How much is the quota?", "指标是多少？")
        case ("task.edit", "what"): return ("What should the task say?", "任务改成什么内容？")
        case ("referral.log", "from"): return ("Who made the referral?", "是谁介绍的？")
        case ("referral.log", "to"): return ("Who was referred?", "介绍了谁？")
        case ("contact.profile", "who"), ("qualify", "who"), ("stage.set", "who"), ("prospect.grade", "who"),
            ("objection.log", "who"):
            return ("Who is it about?", "是哪位客户或联系人？")
        case (_, "who"): return ("Who is it about?", "是哪位客户或联系人？")
        case (_, "date"), (_, "due"): return ("When?", "什么时候？")
        case (_, "amount"): return ("How much?", "金额是多少？")
        case (_, "note"): return ("What happened?", "具体内容是什么？")
        default: return ("What is the \(slot)?", "请告诉我\(slot)。")
        }
    }

    static func invalidDate(slot: String, in turn: Turn) -> Question {
        Question(slot: slot, text: turn.say(
            "That date doesn't exist. Which date did you mean?", "这个日期不存在，是哪一天？"))
    }

    /// "There is no Feb 30. Which date did you mean?" for a value the parser found impossible.
    static func invalidValue(_ raw: String, slot: String, in turn: Turn) -> Question {
        // "on Feb 30" → "Feb 30": the preposition belongs to the sentence, not the date.
        var words = raw.split(separator: " ")
        while words.count > 1, let first = words.first,
            ["on", "at", "by", "for", "in", "until", "before", "due"].contains(first.lowercased())
        {
            words.removeFirst()
        }
        let written = words.joined(separator: " ")
        switch slot {
        case "date", "due", "value":
            return Question(slot: slot, text: turn.say(
                "There is no \(written). Which date did you mean?", "没有\(written)这一天，是哪一天？"))
        default:
            return Question(slot: slot, text: turn.say(
                "'\(written)' doesn't work for \(slot). What did you mean?", "“\(written)”无效，你指的是什么？"))
        }
    }

    static func badNumber(slot: String, in turn: Turn) -> String {
        turn.say("\"\(turn.text(slot) ?? "")\" is not a valid number for \(slot).",
            "“\(turn.text(slot) ?? "")”不是有效的编号或数量。")
    }

    /// "Which Li Na? 1) Li Na — City Clinic 2) Li Na — Quanyu Hospital"
    static func whichOne(_ name: String, _ candidates: [DirectoryEntry], slot: String, in turn: Turn) -> Question {
        let choices = candidates.prefix(9).map { Question.Choice(label: label(of: $0, turn.language), ref: $0.ref) }
        let lines = choices.enumerated().map { "\($0.offset + 1)) \($0.element.label)" }
        let head = turn.say("Which \(name)?", "哪一个\(name)？")
        return Question(slot: slot, text: ([head] + lines).joined(separator: "\n"), kind: .choice, choices: choices)
    }

    /// "Li Na — City Clinic" for a contact, "City Clinic (customer)" for a customer.
    static func label(of entry: DirectoryEntry, _ lang: Language) -> String {
        switch entry.ref {
        case .contact: return "\(entry.name) — \(entry.customerName)"
        case .customer: return lang == .zh ? "\(entry.name)（客户）" : "\(entry.name) (customer)"
        }
    }

    static func unknownName(_ name: String, kinds: NameResolver.Kinds, in turn: Turn) -> BotError {
        let message: String
        switch kinds {
        case .customers:
            message = turn.say("I don't know the customer '\(name)' yet — add it with: add customer \(name)",
                "我还不认识客户“\(name)”——可以这样添加：新建客户 \(name)")
        case .any, .contacts:
            message = turn.say(
                "I don't know '\(name)' yet — add them with: add contact \(name) at <company> (or: add customer \(name))",
                "我还不认识“\(name)”——可以这样添加：添加联系人 \(name) <客户名>（或：新建客户 \(name)）")
        }
        return BotError(code: "not_found", message: message)
    }
}

/// Display names of customer.update fields.
enum FieldNames {
    static func zh(_ field: String) -> String {
        switch field {
        case "name": return "名称"
        case "alias": return "别名"
        case "phone": return "电话"
        case "email": return "邮箱"
        case "address": return "地址"
        case "region": return "区域"
        case "industry": return "行业"
        case "title": return "职务"
        case "birthday": return "生日"
        case "credit_limit": return "信用额度"
        case "sales_plan": return "销售计划"
        case "expense_budget": return "费用预算"
        case "cost": return "服务成本"
        case "payday": return "付款日"
        case "consumption_rate": return "消耗速度"
        case "owner": return "负责人"
        case "note": return "备注"
        case "grade": return "等级"
        case "money": return "购买力（M）"
        case "authority": return "决定权（A）"
        case "need": return "需求（N）"
        default: return field
        }
    }

    static func en(_ field: String) -> String {
        switch field {
        case "credit_limit": return "credit limit"
        case "sales_plan": return "sales plan"
        case "expense_budget": return "expense budget"
        case "consumption_rate": return "consumption rate"
        case "money": return "money (M)"
        case "authority": return "authority (A)"
        case "need": return "need (N)"
        default: return field
        }
    }

    static func name(_ field: String, _ lang: Language) -> String { lang == .zh ? zh(field) : en(field) }
}
