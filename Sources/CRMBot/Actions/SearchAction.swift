import CRMDomain
import CRMIntents
import CRMSupport

/// search: the records the rep may see whose names, aliases, titles, notes, complaints
/// or objections contain every word searched for — names first, then the newest.
enum SearchAction {
    /// Hits shown at most.
    static let limit = 20
    /// A note longer than this is cut around the first word found.
    static let excerptLength = 80

    static func perform(_ turn: Turn) async throws -> Done {
        let query = (turn.text("query") ?? "").trimmingSpaces
        let hits = try await turn.store.search(turn.parser.searchWords(query), in: turn.scope, limit: limit + 1)
        let shown = Array(hits.prefix(limit))
        var lines: [String]
        if shown.isEmpty {
            lines = [turn.say(
                "Nothing you can see mentions “\(query)”.",
                "你能查看的记录里没有找到“\(query)”。")]
        } else {
            lines = [turn.say("Found “\(query)” in:", "“\(query)”的搜索结果：")]
            lines += shown.map { "- " + line($0, query: query, turn.language) }
            if hits.count > shown.count {
                lines.append(turn.say(
                    "(the first \(shown.count); add a word to narrow it down)", "（只显示前\(shown.count)条；再加一个词可以缩小范围）"))
            }
        }
        return Done(
            text: lines.joined(separator: "\n"),
            data: [
                ("query", .string(query)),
                ("hits", .array(shown.map(json))),
                ("more", .bool(hits.count > shown.count)),
            ])
    }

    /// One hit as a line: what it is, whose, when, and the words around the match.
    static func line(_ h: SearchHit, query: String, _ lang: Language) -> String {
        let zh = lang == .zh
        let date = h.date.map { $0.date.iso + " " } ?? ""
        let text = h.text.map { excerpt($0, around: query) }
        switch h.kind {
        case .customer:
            return zh ? "客户 \(h.customerName)" : "customer \(h.customerName)"
        case .contact:
            let title = text.map { zh ? "，\($0)" : ", \($0)" } ?? ""
            return zh ? "联系人 \(h.label ?? "")（\(h.customerName)\(title)）" : "contact \(h.label ?? "") (\(h.customerName)\(title))"
        case .activity:
            let kind = h.label.flatMap(ActivityType.init(rawValue:)).map { Vocabulary.activity($0, lang) } ?? (zh ? "活动" : "activity")
            return date + (zh ? "\(kind) \(h.customerName)：\(text ?? "")" : "\(kind) \(h.customerName): \(text ?? "")")
        case .complaint:
            return date + (zh ? "投诉#\(h.recordID) \(h.customerName)：\(text ?? "")" : "complaint #\(h.recordID) \(h.customerName): \(text ?? "")")
        case .objection:
            let kind = h.label.flatMap(ObjectionKind.init(rawValue:)).map { Vocabulary.objection($0, lang) } ?? ""
            return date + (zh ? "异议（\(kind)）\(h.customerName)：\(text ?? "")" : "objection (\(kind)) \(h.customerName): \(text ?? "")")
        }
    }

    /// `text`, or about ``excerptLength`` characters of it around the first searched word found.
    static func excerpt(_ text: String, around query: String) -> String {
        let chars = Array(text)
        guard chars.count > excerptLength else { return text }
        let folded = Array(TextMatching.fold(text))
        var start = 0
        search: for word in query.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }) {
            let w = Array(TextMatching.fold(word))
            guard !w.isEmpty, w.count <= folded.count else { continue }
            for i in 0...(folded.count - w.count) where folded[i..<(i + w.count)].elementsEqual(w) {
                start = i
                break search
            }
        }
        // Folding keeps one character per character for the scripts reps type; if it did
        // not, the excerpt simply starts elsewhere in the text.
        let from = max(0, min(start - excerptLength / 4, chars.count - excerptLength))
        let to = min(chars.count, from + excerptLength)
        return (from > 0 ? "…" : "") + String(chars[from..<to]) + (to < chars.count ? "…" : "")
    }

    static func json(_ h: SearchHit) -> JSONValue {
        .object([
            ("kind", .string(h.kind.rawValue)), ("id", .int(h.recordID)),
            ("customer_id", .int(h.customerID.rawValue)), ("customer", .string(h.customerName)),
            ("label", h.label.map { .string($0) } ?? .null), ("text", h.text.map { .string($0) } ?? .null),
            ("date", h.date.map { .string($0.iso) } ?? .null), ("name_match", .bool(h.matchedName)),
        ])
    }
}
