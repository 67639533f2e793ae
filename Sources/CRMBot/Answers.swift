import CRMSupport
import Foundation

/// Picks from a numbered list. (Bare yes, no and cancel words are the grammar's lexicon
/// `answers`: ``IntentEngine/bareAnswer(_:)``.)
enum Answers {
    private static func normalized(_ text: String) -> String {
        let folded = TextMatching.fold(text)
        let punctuation: Set<Character> = [".", "。", "!", "！", "?", "？", ",", "，", "~", "…"]
        return String(folded.filter { !punctuation.contains($0) }).trimmingSpaces
    }

    /// The index of the chosen option: "2", "#2", "2)", "第2个", or text naming exactly one option.
    static func pick(_ text: String, labels: [String]) -> Int? {
        let t = normalized(text)
        let chineseDigits: [Character: Int] = ["一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if t.count <= 5 {
            let digits = t.filter { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let n = Int(digits), (1...labels.count).contains(n) { return n - 1 }
            if digits.isEmpty, let c = t.first(where: { chineseDigits[$0] != nil }), let n = chineseDigits[c],
                (1...labels.count).contains(n)
            {
                return n - 1
            }
        }
        guard !t.isEmpty else { return nil }
        let hits = labels.indices.filter { TextMatching.fold(labels[$0]).contains(t) }
        if hits.count == 1 { return hits.first }
        // "Li Na at City Clinic": the answer names the company part of one label.
        let companies = labels.map { label -> String in
            guard let r = label.range(of: " — ") else { return "" }
            return TextMatching.fold(label[r.upperBound...])
        }
        let named = companies.indices.filter { !companies[$0].isEmpty && t.contains(companies[$0]) }
        return named.count == 1 ? named.first : nil
    }
}
