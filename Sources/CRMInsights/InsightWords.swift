import CRMDomain
import CRMSupport

/// The words the rules' explanations use, in both languages (domain README terms).
public enum InsightWords {
    public static func stage(_ s: Stage, _ lang: Language) -> String {
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

    public static func tier(_ t: ValueTier, _ lang: Language) -> String {
        guard lang == .zh else { return t.rawValue }
        switch t {
        case .key: return "关键客户"
        case .ordinary: return "普通客户"
        case .small: return "小客户"
        case .bad: return "劣质客户"
        }
    }

    /// "120,000" (money reads the same in both languages).
    public static func money(_ m: Money) -> String { m.grouped }

    /// "84%" from a fraction, rounded to a whole percent.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "–" }
        return String(Int((fraction * 100).rounded())) + "%"
    }

    /// "12 days" / "12天".
    public static func days(_ n: Int, _ lang: Language) -> String {
        lang == .zh ? "\(n)天" : (n == 1 ? "1 day" : "\(n) days")
    }

    /// A day count with at most one decimal: 30, 30.5.
    public static func number(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// `s` padded with spaces to `width` characters (unchanged when longer).
    public static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// A horizontal bar of `fraction` × `width` block characters (at least one sliver when > 0).
    public static func bar(_ fraction: Double, width: Int) -> String {
        guard fraction.isFinite, fraction > 0 else { return "" }
        let cells = min(width, max(1, Int((fraction * Double(width)).rounded())))
        return String(repeating: "█", count: cells)
    }
}
