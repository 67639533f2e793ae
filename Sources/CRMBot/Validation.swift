import CRMDomain
import CRMSupport

/// Sanity checks and lenient readings of values reps type.
enum Validation {
    /// A phone number: digits with optional `+`, spaces, dashes, dots and brackets; 5–20 digits.
    static func phone(_ raw: String, _ turn: Turn) throws(Interrupt) -> String {
        let p = TextMatching.fold(raw)
        let allowed = Set("0123456789+-() .")
        let digits = p.filter { $0.isASCII && $0.isNumber }.count
        guard p.allSatisfy({ allowed.contains($0) }), (5...20).contains(digits) else {
            throw .fail(BotError(code: "invalid", message: turn.say(
                "'\(raw)' doesn't look like a phone number.", "“\(raw)”看起来不像电话号码。")))
        }
        return p
    }

    /// An e-mail address: one `@`, something before it, a dotted domain after it, no spaces.
    static func email(_ raw: String, _ turn: Turn) throws(Interrupt) -> String {
        let e = TextMatching.fold(raw)
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard e.count <= 254, !e.contains(" "), parts.count == 2, !parts[0].isEmpty,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else {
            throw .fail(BotError(code: "invalid", message: turn.say(
                "'\(raw)' doesn't look like an e-mail address.", "“\(raw)”看起来不像邮箱地址。")))
        }
        return e
    }

    static let roleWords: [String: BuyingRole] = [
        "decision maker": .decider, "decision_maker": .decider, "决策者": .decider, "决策人": .decider,
        "使用者": .user, "用户": .user, "影响者": .influencer, "批准者": .approver, "购买者": .buyer, "采购者": .buyer,
        "把关者": .gatekeeper, "守门人": .gatekeeper,
    ]

    static func roles(_ tokens: [String]) -> [BuyingRole] {
        unique(tokens.compactMap { BuyingRole(rawValue: $0) ?? roleWords[$0] })
    }

    static let needWords: [String: Need] = [
        "绩效": .performance, "财政": .finance, "财务": .finance, "形象": .image, "权力": .power, "成就": .achievement,
        "认可": .recognition, "归属": .belonging, "逻辑": .logic, "安全": .safety,
    ]

    static func needs(_ tokens: [String]) -> [Need] {
        unique(tokens.compactMap { Need(rawValue: $0) ?? needWords[$0] })
    }

    private static func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }

    /// Words that clear a field: "none", "-", "无", "清空".
    static func isClear(_ raw: String) -> Bool {
        ["none", "-", "—", "clear", "nothing", "n/a", "无", "清空", "没有"].contains(TextMatching.fold(raw))
    }
}
