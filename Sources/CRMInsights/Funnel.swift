import CRMDomain
import CRMSupport

/// One stage of the funnel.
public struct FunnelStage: Hashable, Sendable {
    public var stage: Stage
    /// Customers now in this stage.
    public var count: Int
    /// Customers now in this stage or a later one (lead → prospect → customer → key → won):
    /// everyone who reached it.
    public var reached: Int
    /// reached(this) ÷ reached(previous stage); nil for the first stage or when none reached the previous one.
    public var conversion: Double?
    /// Of `count`, how many are MAN-qualified (money, authority and need all yes).
    public var qualified: Int
}

/// The funnel (domain §4): stage counts, stage-to-stage conversion, qualification, grades.
public struct FunnelReport: Hashable, Sendable {
    /// lead, prospect, customer, key, won — in order.
    public var stages: [FunnelStage]
    public var lost: Int
    /// Customers graded A, B, C (any stage).
    public var grades: [ProspectGrade: Int]
    public var qualified: Int
    public var total: Int
}

/// Builds the funnel from the store's counts (``FunnelCell``).
///
/// Conversion uses the current stages: a customer now at `key` has passed lead, prospect
/// and customer, so it counts as reached for each of them; `lost` customers are counted
/// apart (where they dropped out is not kept on the customer).
public enum Funnel {
    public static let order: [Stage] = [.lead, .prospect, .customer, .key, .won]

    public static func build(_ cells: [FunnelCell]) -> FunnelReport {
        var count: [Stage: Int] = [:]
        var qualified: [Stage: Int] = [:]
        var grades: [ProspectGrade: Int] = [:]
        for c in cells where c.count > 0 {
            count[c.stage, default: 0] += c.count
            if c.qualified { qualified[c.stage, default: 0] += c.count }
            if let g = c.grade { grades[g, default: 0] += c.count }
        }
        var stages: [FunnelStage] = []
        var previousReached: Int?
        for (i, s) in order.enumerated() {
            let reached = order[i...].reduce(0) { $0 + (count[$1] ?? 0) }
            let conversion = previousReached.flatMap { $0 > 0 ? Double(reached) / Double($0) : nil }
            stages.append(
                FunnelStage(stage: s, count: count[s] ?? 0, reached: reached, conversion: conversion, qualified: qualified[s] ?? 0))
            previousReached = reached
        }
        let total = count.values.reduce(0, +)
        return FunnelReport(
            stages: stages, lost: count[.lost] ?? 0, grades: grades, qualified: qualified.values.reduce(0, +), total: total)
    }

    /// A narrow text funnel: one line per stage, a centred bar and a number that measure
    /// the same thing — the customers who reached the stage — the conversion from the
    /// stage before, and how many are in the stage now when that differs.
    /// ```
    /// lead      ████████████ 35 (15 here)
    /// prospect   ████████    20 → 57% (12 here)
    /// ```
    public static func text(_ r: FunnelReport, _ lang: Language, width: Int = 12) -> String {
        let top = max(1, r.stages.first?.reached ?? 1)
        var lines = r.stages.map { s -> String in
            let name = InsightWords.stage(s.stage, lang)
            let label = lang == .zh ? name : InsightWords.pad(name, 9)
            let cells = s.reached == 0 ? 0 : max(1, Int((Double(s.reached) / Double(top) * Double(width)).rounded()))
            let pad = (width - cells) / 2
            let bar = String(repeating: " ", count: pad) + String(repeating: "█", count: cells)
                + String(repeating: " ", count: width - cells - pad)
            let conv = s.conversion.map { " → " + InsightWords.percent($0) } ?? ""
            var notes: [String] = []
            if s.count != s.reached { notes.append(lang == .zh ? "当前\(s.count)" : "\(s.count) here") }
            if s.qualified > 0 { notes.append(lang == .zh ? "合格\(s.qualified)" : "\(s.qualified) qualified") }
            let q = notes.isEmpty ? "" : lang == .zh ? "（" + notes.joined(separator: "，") + "）" : " (" + notes.joined(separator: ", ") + ")"
            return "\(label) \(bar) \(s.reached)\(conv)\(q)"
        }
        lines.append(lang == .zh ? "流失：\(r.lost)" : "lost: \(r.lost)")
        let g = ProspectGrade.allCases.map { "\($0.rawValue) \(r.grades[$0] ?? 0)" }.joined(separator: " · ")
        lines.append(lang == .zh ? "等级：\(g)" : "grades: \(g)")
        return lines.joined(separator: "\n")
    }
}
