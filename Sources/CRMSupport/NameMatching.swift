/// The rules that decide whether a folded name matches a folded query, shared by the
/// bot's name resolver and the store's indexed lookup, so both agree on what each tier
/// of matching (exact, partial, typo) finds. Arguments are already folded with
/// ``TextMatching/fold(_:)``.
public enum NameMatching {
    /// Whether `s` contains a Han (Chinese) character.
    public static func hasHan(_ s: some StringProtocol) -> Bool {
        s.unicodeScalars.contains { $0.isHan }
    }

    /// Prefix or whole-word prefix ("wang" → "wang tong", "tong" → "wang tong"), at least
    /// two characters; for Chinese, one contains the other ("王彤主任" ↔ "王彤").
    public static func isPartial(_ q: String, _ name: String) -> Bool {
        if hasHan(q) || hasHan(name) {
            return name.contains(q) || (name.count >= 2 && q.contains(name))
        }
        guard q.count >= 2 else { return false }
        if name.hasPrefix(q) { return true }
        return name.split(separator: " ").contains { $0.hasPrefix(q) }
    }

    /// The edit distance when it is a forgivable typo (≤ 1 for names up to 6 characters,
    /// ≤ 2 beyond; both at least 3 characters), else nil.
    public static func typoDistance(_ q: String, _ name: String) -> Int? {
        // Single Han characters are too short to forgive a typo in.
        if name.count < 3 || q.count < 3 { return nil }
        let limit = max(name.count, q.count) <= 6 ? 1 : 2
        let d = TextMatching.editDistance(q, name, limit: limit)
        return d <= limit ? d : nil
    }
}
