import CRMDomain
import CRMSupport

/// Reads the cells of an import: amounts, dates and counts as spreadsheets write them.
/// Anything that could be read two ways (3/11/2026) is refused with the form to use,
/// never guessed.
enum CellReaders {
    /// An amount: "12000", "12,000.50", "¥12,000", "12000元", "1.2万", "3亿", "12k", "RMB 5000".
    /// Nil when it is not one, or has more precision than cents.
    static func amount(_ cell: String) -> Money? {
        var s = cell.trimmed().lowercased()
        for prefix in ["rmb", "cny", "usd", "¥", "￥", "$", "元"] where s.hasPrefix(prefix) { s = String(s.dropFirst(prefix.count)).trimmed() }
        for suffix in ["rmb", "cny", "元", "块"] where s.hasSuffix(suffix) { s = String(s.dropLast(suffix.count)).trimmed() }
        var multiplier: Int64 = 1
        if s.hasSuffix("万") || s.hasSuffix("w") { multiplier = 10_000; s.removeLast() }
        else if s.hasSuffix("亿") { multiplier = 100_000_000; s.removeLast() }
        else if s.hasSuffix("k") { multiplier = 1_000; s.removeLast() }
        else if s.hasSuffix("m") { multiplier = 1_000_000; s.removeLast() }
        s = s.filter { $0 != " " }
        // Thousands separators only where they group by three ("12,000", not "12,50",
        // which is 12.50 in much of Europe): anything else is refused, never guessed.
        let beforePoint = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = beforePoint.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "，" })
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        s = s.filter { $0 != "," && $0 != "，" }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            !parts[0].isEmpty, parts[0].count <= 15, (parts.count == 1 || (!parts[1].isEmpty && parts[1].count <= 8))
        else { return nil }
        guard let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        // "1.200" is 1,200 in much of Europe: more than two decimals only before 万, k, …
        if multiplier == 1 && fraction.count > 2 { return nil }
        // cents = (whole + fraction) × multiplier × 100, exactly.
        var scaled = whole
        var places = fraction.count
        if let f = Int64(fraction.isEmpty ? "0" : fraction) {
            var p: Int64 = 1
            for _ in 0..<places { p *= 10 }
            let (a, o1) = whole.multipliedReportingOverflow(by: p)
            let (b, o2) = a.addingReportingOverflow(f)
            guard !o1, !o2 else { return nil }
            scaled = b
        }
        let (m, o3) = scaled.multipliedReportingOverflow(by: multiplier)
        let (c, o4) = m.multipliedReportingOverflow(by: 100)
        guard !o3, !o4 else { return nil }
        var cents = c
        while places > 0 {
            guard cents % 10 == 0 else { return nil }
            cents /= 10
            places -= 1
        }
        guard cents <= Money.maximum.cents else { return nil }
        return Money(cents: cents)
    }

    /// A whole count ("50", "1,200").
    static func count(_ cell: String) -> Int64? {
        let s = cell.trimmed().filter { $0 != "," }
        guard !s.isEmpty, s.count <= 15, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(s)
    }

    /// A date, with a time when the cell has one: 2026-11-03, 2026/11/3, 2026.11.3,
    /// 2026年11月3日, each optionally followed by 14:30 (or 14:30:00, or T14:30).
    static func dateTime(_ cell: String) -> LocalDateTime? {
        var s = cell.trimmed()
        var minute: Int?
        if let split = s.firstIndex(where: { $0 == " " || $0 == "T" }) {
            let time = s[s.index(after: split)...].trimmed()
            let hm = time.split(separator: ":")
            guard (2...3).contains(hm.count), let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m),
                hm.count == 2 || Int(hm[2]).map({ (0..<60).contains($0) }) == true
            else { return nil }
            minute = h * 60 + m
            s = String(s[..<split])
        }
        if s.hasSuffix("日") || s.hasSuffix("号") { s.removeLast() }
        let fields = s.split(whereSeparator: { "-/.年月".contains($0) }).map(String.init)
        guard fields.count == 3, fields[0].count == 4, fields[1].count <= 2, fields[2].count <= 2,
            let y = Int(fields[0]), let m = Int(fields[1]), let d = Int(fields[2]), let date = CivilDate(year: y, month: m, day: d)
        else { return nil }
        return LocalDateTime(date: date, minuteOfDay: minute)
    }
}
