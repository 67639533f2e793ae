import CRMDomain
import CRMSupport

/// How the CRM method's words read in each language (domain README).
enum Vocabulary {
    static func activity(_ t: ActivityType, _ lang: Language) -> String {
        guard lang == .zh else { return t.rawValue }
        switch t {
        case .visit: return "拜访"
        case .call: return "电话"
        case .email: return "邮件"
        case .meeting: return "会议"
        case .message: return "消息"
        case .gift: return "礼物"
        case .letter: return "信件"
        case .demo: return "演示"
        }
    }

    static func stage(_ s: Stage, _ lang: Language) -> String {
        guard lang == .zh else { return s.rawValue }
        switch s {
        case .lead: return "潜在客户"
        case .prospect: return "可能客户"
        case .customer: return "普通客户"
        case .key: return "重点客户"
        case .won: return "已成交客户"
        case .lost: return "流失"
        }
    }

    static func dealStage(_ s: DealStage, _ lang: Language) -> String {
        guard lang == .zh else { return s.rawValue }
        switch s {
        case .qualifying: return "需求确认"
        case .proposal: return "方案报价"
        case .negotiation: return "商务谈判"
        case .won: return "赢单"
        case .lost: return "丢单"
        }
    }

    static func tier(_ t: ValueTier, _ lang: Language) -> String {
        guard lang == .zh else { return t.rawValue }
        switch t {
        case .key: return "关键客户"
        case .ordinary: return "普通客户"
        case .small: return "小客户"
        case .bad: return "劣质客户"
        }
    }

    static func role(_ r: BuyingRole, _ lang: Language) -> String {
        guard lang == .zh else { return r.rawValue }
        switch r {
        case .user: return "使用者"
        case .influencer: return "影响者"
        case .decider: return "决策者"
        case .approver: return "批准者"
        case .buyer: return "购买者"
        case .gatekeeper: return "把关者"
        }
    }

    static func need(_ n: Need, _ lang: Language) -> String {
        guard lang == .zh else { return n.rawValue }
        switch n {
        case .performance: return "绩效"
        case .finance: return "财政"
        case .image: return "形象"
        case .power: return "权力"
        case .achievement: return "成就"
        case .recognition: return "认可"
        case .belonging: return "归属"
        case .logic: return "逻辑"
        case .safety: return "安全"
        }
    }

    static func style(_ s: PersonalityStyle, _ lang: Language) -> String {
        guard lang == .zh else { return s.rawValue }
        switch s {
        case .popular: return "活泼型"
        case .peaceful: return "和平型"
        case .powerful: return "力量型"
        case .analytical: return "分析型"
        }
    }

    /// The approach hint for a personality style (domain §3).
    static func approach(_ s: PersonalityStyle, _ lang: Language) -> String {
        switch (s, lang) {
        case (.popular, .en): return "be warm and lively, share stories, recognise them in public"
        case (.popular, .zh): return "热情活泼，多讲故事，当众认可对方"
        case (.peaceful, .en): return "be patient, build trust slowly, reassure and don't push"
        case (.peaceful, .zh): return "耐心，慢慢建立信任，多给安全感，不要催促"
        case (.powerful, .en): return "be brief, give options and let them decide"
        case (.powerful, .zh): return "简明扼要，给出选项，让对方做决定"
        case (.analytical, .en): return "bring hard evidence and detail, be precise"
        case (.analytical, .zh): return "提供确凿的证据和细节，准确严谨"
        }
    }

    static func objection(_ k: ObjectionKind, _ lang: Language) -> String {
        switch (k, lang) {
        case (.busy, .en): return "too busy"
        case (.busy, .zh): return "太忙"
        case (.no_need, .en): return "no need now"
        case (.no_need, .zh): return "暂时不需要"
        case (.has_supplier, .en): return "already has a supplier"
        case (.has_supplier, .zh): return "已有供应商"
        case (.unfamiliar, .en): return "doesn't know us"
        case (.unfamiliar, .zh): return "不了解我们"
        case (.think_it_over, .en): return "will think it over"
        case (.think_it_over, .zh): return "再考虑一下"
        case (.send_info, .en): return "send material first"
        case (.send_info, .zh): return "先寄资料"
        case (.price, .en): return "price"
        case (.price, .zh): return "价格"
        }
    }

    static func tri(_ t: TriState, _ lang: Language) -> String {
        switch (t, lang) {
        case (.yes, .en): return "yes"
        case (.no, .en): return "no"
        case (.unknown, .en): return "unknown"
        case (.yes, .zh): return "是"
        case (.no, .zh): return "否"
        case (.unknown, .zh): return "未知"
        }
    }

    static func kind(_ k: CustomerKind, _ lang: Language) -> String {
        switch (k, lang) {
        case (.company, .en): return "company"
        case (.person, .en): return "person"
        case (.company, .zh): return "企业客户"
        case (.person, .zh): return "个人客户"
        }
    }

    static func role(_ r: RepRole, _ lang: Language) -> String {
        switch (r, lang) {
        case (.rep, .en): return "rep"
        case (.manager, .en): return "manager"
        case (.admin, .en): return "admin"
        case (.rep, .zh): return "销售"
        case (.manager, .zh): return "经理"
        case (.admin, .zh): return "管理员"
        }
    }

    static func recurrence(_ r: Recurrence, _ lang: Language) -> String {
        switch (r, lang) {
        case (.daily, .en): return "daily"
        case (.weekly, .en): return "weekly"
        case (.biweekly, .en): return "every two weeks"
        case (.monthly, .en): return "monthly"
        case (.monthEnd, .en): return "at the end of every month"
        case (.yearly, .en): return "yearly"
        case (.daily, .zh): return "每天"
        case (.weekly, .zh): return "每周"
        case (.biweekly, .zh): return "每两周"
        case (.monthly, .zh): return "每月"
        case (.monthEnd, .zh): return "每月底"
        case (.yearly, .zh): return "每年"
        }
    }

    /// A list joined for a sentence: "a, b and c" / "a、b和c".
    static func list(_ items: [String], _ lang: Language) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        let head = items.dropLast()
        return lang == .zh ? head.joined(separator: "、") + "和" + last : head.joined(separator: ", ") + " and " + last
    }
}
