import CRMDomain
import CRMSupport

/// How dates read in replies. One rule everywhere: the ISO date (`2026-11-24`),
/// which reads the same in both languages and sorts; due dates of tasks add the
/// weekday and time, `Tue 2026-11-24 15:00` / `2026-11-24（周二）15:00`.
/// Yearly days (birthdays) have no ISO form a person reads, so they are
/// `May 3` / `5月3日` (with the year when known: `1990-05-03`).
enum DateText {
    static func monthDay(_ md: MonthDay, _ lang: Language) -> String {
        if let year = md.year, let d = CivilDate(year: year, month: md.month, day: md.day) { return d.iso }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard lang == .en else { return "\(md.month)月\(md.day)日" }
        return months[max(0, min(11, md.month - 1))] + " \(md.day)"
    }

    static func day(_ d: CivilDate) -> String { d.iso }

    static func weekday(_ d: CivilDate, _ lang: Language) -> String {
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        let i = max(0, min(6, d.weekday - 1))
        return lang == .zh ? zh[i] : en[i]
    }

    static func time(_ t: LocalDateTime) -> String? {
        guard let h = t.hour, let m = t.minute else { return nil }
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// A due date with weekday and time.
    static func due(_ t: LocalDateTime, _ lang: Language) -> String {
        let time = DateText.time(t).map { " " + $0 } ?? ""
        if lang == .zh { return t.date.iso + "（" + weekday(t.date, lang) + "）" + time.trimmingSpaces }
        return weekday(t.date, lang) + " " + t.date.iso + time
    }

    /// A moment: the date, plus the time when known.
    static func moment(_ t: LocalDateTime) -> String {
        t.date.iso + (DateText.time(t).map { " " + $0 } ?? "")
    }
}
