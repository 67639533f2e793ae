import CRMSupport

/// The outcome of reading a date-looking text.
enum DateParse: Hashable, Sendable {
    /// A real date (and maybe a time).
    case valid(LocalDateTime)
    /// It looks like a date but does not exist: Feb 30, 2月30日, 13/45.
    case invalid
}

/// Resolves relative and absolute dates and times against `now`.
///
/// Rules (English and Chinese alike; words come from the lexicon):
/// - today/tomorrow/yesterday/day after tomorrow, 今天 明天 昨天 前天 后天 大后天:
///   offsets from today.
/// - A bare weekday (`Tuesday`, `on Tuesday`, `周三`, `星期三`, `礼拜三`): the
///   next such day after today (1–7 days ahead; never today).
/// - `this Friday`: the coming Friday, today included. `这周五`, `本周五`: the
///   Friday of the current calendar week (weeks start on Monday), even when it
///   has passed.
/// - `next Tuesday`, `下周二`: that day of the next calendar week. Said on a
///   Sunday, "next Tuesday" is two days ahead; said on a Monday it is eight.
/// - `last Friday`, `上周五`: that day of the previous calendar week; said on a Sunday,
///   English "last Friday" is two days ago (an English week ends on Saturday).
/// - `next week`/`下周`: Monday of next week; `next month`/`下个月`: the 1st of
///   next month; `next year`: January 1st; `this week`/`this month`: today.
/// - `in 3 days`, `in two weeks`, `3 days later`, `三天后`, `两周后`: forward;
///   `3 days ago`, `三天前`: back. Months add calendar months (clamped).
/// - `end of month`/`月底`: the last day of this month; `end of next month`/
///   `下个月底`; `end of week`: Friday of this week; `weekend`/`周末`: Saturday;
///   `end of year`: December 31st.
/// - `May 3`, `3 May`, `May 3rd`, `5/3` (month/day; `20/11` day/month, as no month is 20), `5月3日`, `5月3号`,
///   `五月三日`: without a year, the occurrence nearest to today (within six
///   months either way; ties go forward). `2026-05-03`, `2026/5/3`, `5/3/2026`,
///   `2026年5月3日` carry their year. `3号`: that day of this month. A month alone
///   (`december`, `12月`; not `may` or `march`): the first of the nearest such month.
/// - `the 13th`, `13th`: the next 13th on or after today.
/// - Times: `at 3pm`, `3 pm`, `15:00`, `9:30am`, `noon`, `下午3点`, `上午十点`,
///   `晚上8点半`, `3点15分`, `3点一刻`. `at 3` without am/pm means 1–7 → p.m.
///   A time alone means today.
/// - A date that cannot exist is ``DateParse/invalid`` rather than nil, so the
///   caller can say so.
struct DateResolver: Sendable {
    let lexicon: LexiconTables
    var numbers: NumberResolver { NumberResolver(lexicon: lexicon) }

    func resolve(_ w: Words, _ range: Range<Int>, now: LocalDateTime) -> DateParse? {
        let n = range.upperBound
        guard !range.isEmpty else { return nil }
        var i = range.lowerBound
        var date: CivilDate?
        var invalid = false
        var minute: Int?
        var sawTime = false
        var timeRange = 0..<0
        /// 今晚/明早: the day word ends with a part of day that a bare hour after it takes.
        var impliedPart: String?
        while i < n {
            if !sawTime, let t = parseTime(w, i, n) {
                minute = t.minute
                sawTime = true
                timeRange = i..<(i + t.length)
                i += t.length
                continue
            }
            if date == nil, !sawTime, !invalid, let later = timeAhead(w, i, n, now: now) {
                date = later.time.date
                minute = later.time.minuteOfDay
                sawTime = true
                timeRange = i..<(i + later.length)
                i += later.length
                continue
            }
            if date == nil && !invalid, let d = parseDate(w, i, n, today: now.date) {
                switch d.result {
                case .some(let day): date = day
                case .none: invalid = true
                }
                if d.length >= 2, let (p, _) = lexicon.dayparts.match(w.ids, at: i + d.length - 1, end: i + d.length) {
                    impliedPart = p.key
                }
                i += d.length
                continue
            }
            if let (_, len) = lexicon.dateFillers.match(w.ids, at: i, end: n), i + len < n {
                i += len
                continue
            }
            return nil
        }
        if invalid { return .invalid }
        guard date != nil || minute != nil else { return nil }
        if impliedPart == "pm", let m = minute, m < 12 * 60, m >= 60,
            !timeRange.contains(where: { lexicon.dayparts.match(w.ids, at: $0, end: timeRange.upperBound) != nil })
        {
            minute = m + 12 * 60
        }
        // "Friday 3pm" said on a Friday morning is today at 15:00, not a week later: a bare
        // weekday (no "next"/下 right before it) naming today, with a time still ahead.
        if let d = date, let m = minute, let nowMinute = now.minuteOfDay, m > nowMinute,
            d == now.date.adding(days: 7),
            let k = range.first(where: { lexicon.weekdays.match(w.ids, at: $0, end: n) != nil }),
            k == range.lowerBound || lexicon.dateModifiers.match(w.ids, at: k - 1, end: n) == nil
        {
            date = now.date
        }
        return .valid(LocalDateTime(date: date ?? now.date, minuteOfDay: minute))
    }

    // MARK: - Dates

    /// `in 2 hours`, `20 minutes later`, `两个小时后`: a time counted from now, in hours or
    /// minutes (days and longer are dates, read by ``parseDate(_:_:_:today:)``).
    private func timeAhead(_ w: Words, _ i: Int, _ end: Int, now: LocalDateTime) -> (time: LocalDateTime, length: Int)? {
        guard let nowMinute = now.minuteOfDay else { return nil }
        var found: (value: Int, unit: String, length: Int)?
        if let (m, len) = lexicon.dateModifiers.match(w.ids, at: i, end: end), m.key == "in",
            let q = quantity(w, i + len, end)
        {
            found = (q.value, q.unit, len + q.length)
        } else if let q = quantity(w, i, end), let (m, mlen) = lexicon.dateModifiers.match(w.ids, at: i + q.length, end: end),
            m.key == "later"
        {
            found = (q.value, q.unit, q.length + mlen)
        }
        guard let found, !Self.isDateUnit(found.unit), found.value <= 72 * 60 else { return nil }
        let total = nowMinute + found.value * (found.unit == "hour" ? 60 : 1)
        return (LocalDateTime(date: now.date.adding(days: total / 1440), minuteOfDay: total % 1440), found.length)
    }

    /// Units of `date_units` that count days (hours and minutes count a time of day).
    static func isDateUnit(_ unit: String) -> Bool { unit != "hour" && unit != "minute" }

    /// A date starting at `i`: (nil result = impossible date, length).
    func parseDate(_ w: Words, _ i: Int, _ end: Int, today: CivilDate) -> (result: CivilDate?, length: Int)? {
        let ids = w.ids
        if let (e, len) = lexicon.relativeDays.match(ids, at: i, end: end), let k = e.number {
            return (today.adding(days: Int(k)), len)
        }
        if let (e, len) = lexicon.dateAnchors.match(ids, at: i, end: end), let d = anchor(e.key, today) {
            return (d, len)
        }
        if let (m, len) = lexicon.dateModifiers.match(ids, at: i, end: end) {
            let mod = m.key
            let j = i + len
            if Self.modifierSteps[mod] != nil {
                if let (wd, wlen) = lexicon.weekdays.match(ids, at: j, end: end), let wn = wd.number {
                    let day = Int(wn)
                    // English "this Friday" is the coming Friday (today included);
                    // 这周五/本周五 is the Friday of this calendar week.
                    if mod == "this", w.texts[i].unicodeScalars.first?.isHan != true {
                        return (today.adding(days: (day - today.weekday + 7) % 7), len + wlen)
                    }
                    // English "last Friday" said on a Sunday is two days ago: an English
                    // week ends on Saturday. 上周五 is the Friday of last calendar week.
                    if mod == "last", today.weekday == 7, w.texts[i].unicodeScalars.first?.isHan != true {
                        return (today.adding(days: day == 7 ? -7 : day - 7), len + wlen)
                    }
                    return (weekday(day, mod, today), len + wlen)
                }
                if let (unit, ulen) = lexicon.dateUnits.match(ids, at: j, end: end), Self.isDateUnit(unit.key) {
                    // 下个月底 / next month end.
                    if let (a, alen) = lexicon.dateAnchors.match(ids, at: j + ulen, end: end), a.key == "end_of_month",
                        unit.key == "month"
                    {
                        let base = today.adding(months: Self.modifierSteps[mod] ?? 0)
                        return (base.endOfMonth, len + ulen + alen)
                    }
                    // 下个月15号, 这个月20日: that day of that month.
                    if unit.key == "month", j + ulen < end {
                        let k = j + ulen
                        for dlen in 1...min(3, end - k) where k + dlen < end {
                            guard let v = numbers.parse(w, k..<(k + dlen)), v.rounded() == v, v >= 1, v <= 31,
                                let (marker, mlen) = lexicon.dateMarkers.match(ids, at: k + dlen, end: end), marker.key == "day"
                            else { continue }
                            let base = today.adding(months: Self.modifierSteps[mod] ?? 0)
                            return (CivilDate(year: base.year, month: base.month, day: Int(v)), len + ulen + dlen + mlen)
                        }
                    }
                    return (period(unit.key, mod, today), len + ulen)
                }
            }
            if mod == "in", let q = quantity(w, j, end), Self.isDateUnit(q.unit) {
                return (shift(today, q.value, q.unit), len + q.length)
            }
        }
        if let (wd, len) = lexicon.weekdays.match(ids, at: i, end: end), let wn = wd.number {
            var ahead = (Int(wn) - today.weekday + 7) % 7
            if ahead == 0 { ahead = 7 }
            return (today.adding(days: ahead), len)
        }
        if let q = quantity(w, i, end), Self.isDateUnit(q.unit),
            let (m, mlen) = lexicon.dateModifiers.match(ids, at: i + q.length, end: end), m.key == "later" || m.key == "ago"
        {
            return (shift(today, m.key == "ago" ? -q.value : q.value, q.unit), q.length + mlen)
        }
        if let r = namedMonthEnd(w, i, end, today) { return r }
        if let r = monthNameDate(w, i, end, today) { return r }
        if let r = numericDate(w.texts[i], today) { return (r.result, 1) }
        if let r = markedDate(w, i, end, today) { return r }
        if let r = dayOfMonth(w, i, end, today) { return r }
        return nil
    }

    /// `the 13th`, `13th`: that day of a month, the first one on or after today
    /// (this month's if it has not passed, else the next month that has that
    /// day). The ordinal suffix is required: a bare `13` is too often part of a
    /// name ("Clinic 13"). `the 32nd` is impossible (nil result).
    private func dayOfMonth(_ w: Words, _ i: Int, _ end: Int, _ today: CivilDate) -> (result: CivilDate?, length: Int)? {
        var j = i
        if let (_, flen) = lexicon.dateFillers.match(w.ids, at: j, end: end) { j += flen }
        guard let day = dayNumber(w, j, end),
            w.texts[j].unicodeScalars.contains(where: { !("0"..."9").contains($0) })
        else { return nil }
        let length = j + day.length - i
        guard (1...31).contains(day.value) else { return (nil, length) }
        for ahead in 0..<13 {
            let month = today.adding(months: ahead)
            if let d = CivilDate(year: month.year, month: month.month, day: day.value), d >= today {
                return (d, length)
            }
        }
        return (nil, length)
    }

    private func anchor(_ key: String, _ today: CivilDate) -> CivilDate? {
        let monday = today.adding(days: 1 - today.weekday)
        switch key {
        case "end_of_month": return today.endOfMonth
        case "end_of_next_month": return today.adding(months: 1).endOfMonth
        // This week's Friday or Saturday, or next week's once it has passed (周末 said on a Sunday).
        case "end_of_week":
            let friday = monday.adding(days: 4)
            return friday < today ? friday.adding(days: 7) : friday
        case "weekend":
            let saturday = monday.adding(days: 5)
            return saturday < today ? saturday.adding(days: 7) : saturday
        case "end_of_year": return CivilDate(year: today.year, month: 12, day: 31)
        default: return nil
        }
    }

    /// The calendar weeks, months or years a `date_modifiers` key moves: 下周 one ahead,
    /// 下下周 ("the week after next") two, 上上周 two back.
    static let modifierSteps: [String: Int] = ["this": 0, "next": 1, "last": -1, "after_next": 2, "before_last": -2]

    private func weekday(_ w: Int, _ mod: String, _ today: CivilDate) -> CivilDate {
        let monday = today.adding(days: 1 - today.weekday)
        return monday.adding(days: 7 * (Self.modifierSteps[mod] ?? 0) + w - 1)
    }

    private func period(_ unit: String, _ mod: String, _ today: CivilDate) -> CivilDate {
        let step = Self.modifierSteps[mod] ?? 0
        switch unit {
        case "week":
            if step == 0 { return today }
            return today.adding(days: 1 - today.weekday + 7 * step)
        case "month":
            if step == 0 { return today }
            let m = today.adding(months: step)
            return CivilDate(year: m.year, month: m.month, day: 1) ?? m
        case "year":
            if step == 0 { return today }
            return CivilDate(year: today.year + step, month: 1, day: 1) ?? today
        default:
            return today.adding(days: step)
        }
    }

    private func shift(_ d: CivilDate, _ value: Int, _ unit: String) -> CivilDate {
        switch unit {
        case "week": return d.adding(days: 7 * value)
        case "month": return d.adding(months: value)
        case "year": return d.adding(months: 12 * value)
        default: return d.adding(days: value)
        }
    }

    /// `3 days`, `two weeks`, `三天`, `两个月`: a whole number then a unit.
    private func quantity(_ w: Words, _ i: Int, _ end: Int) -> (value: Int, unit: String, length: Int)? {
        guard i < end else { return nil }
        for len in 1...min(4, end - i) {
            guard let v = numbers.parse(w, i..<(i + len)), v >= 0, v < 10000, v.rounded() == v else { continue }
            if let (unit, ulen) = lexicon.dateUnits.match(w.ids, at: i + len, end: end) {
                return (Int(v), unit.key, len + ulen)
            }
        }
        return nil
    }

    /// `may 3`, `may 3rd 2026`, `3 may`, `3rd of may`.
    private func monthNameDate(_ w: Words, _ i: Int, _ end: Int, _ today: CivilDate) -> (result: CivilDate?, length: Int)? {
        if let (m, mlen) = lexicon.months.match(w.ids, at: i, end: end), let month = m.number,
            let day = dayNumber(w, i + mlen, end)
        {
            var len = mlen + day.length
            var year: Int?
            if i + len < end, w.texts[i + len].utf8.count == 4, let y = Int(w.texts[i + len]) {
                year = y
                len += 1
            }
            return (calendarDate(year, Int(month), day.value, today), len)
        }
        if let day = dayNumber(w, i, end) {
            var j = i + day.length
            if let (_, flen) = lexicon.dateFillers.match(w.ids, at: j, end: end) { j += flen }
            if let (m, mlen) = lexicon.months.match(w.ids, at: j, end: end), let month = m.number {
                return (calendarDate(nil, Int(month), day.value, today), j + mlen - i)
            }
        }
        // "december" (a quota's month): the first of the nearest such month. "may" and
        // "march" alone are verbs far more often than months.
        if let (m, mlen) = lexicon.months.match(w.ids, at: i, end: end), let month = m.number,
            !["may", "march"].contains(w.texts[i].lowercased()),
            // "Feb 30", "五月三日": a number after the month (in the message, not only in the
            // range read) is its day, read above or not at all.
            i + mlen >= w.ids.count || numbers.parse(w, (i + mlen)..<(i + mlen + 1)) == nil
        {
            return (calendarDate(nil, Int(month), 1, today), mlen)
        }
        return nil
    }

    /// `end of March`, `the end of march`, `3月底`, `3月末`: the last day of that month, the
    /// first such day on or after today (this year's, or next year's once it has passed).
    private func namedMonthEnd(_ w: Words, _ i: Int, _ end: Int, _ today: CivilDate) -> (result: CivilDate?, length: Int)? {
        func text(_ k: Int) -> String { k < end ? w.texts[k].lowercased() : "" }
        var month: Int?
        var length = 0
        var j = i
        if text(j) == "the" { j += 1 }
        if text(j) == "end", text(j + 1) == "of", let (m, mlen) = lexicon.months.match(w.ids, at: j + 2, end: end), let n = m.number {
            month = Int(n)
            length = j + 2 + mlen - i
        } else if let n = dayNumber(w, i, end), n.length == 1, (1...12).contains(n.value), text(i).allSatisfy(\.isNumber) {
            let after = text(i + 1)
            if after == "月底" || after == "月末" {
                month = n.value
                length = 2
            } else if after == "月", text(i + 2) == "底" || text(i + 2) == "末" {
                month = n.value
                length = 3
            }
        }
        guard let month, let first = CivilDate(year: today.year, month: month, day: 1) else { return nil }
        let thisYear = first.endOfMonth
        return (thisYear >= today ? thisYear : first.adding(months: 12).endOfMonth, length)
    }

    /// `3`, `3rd`, `21st`: a day number, digits only (words are too ambiguous here).
    private func dayNumber(_ w: Words, _ i: Int, _ end: Int) -> (value: Int, length: Int)? {
        guard i < end else { return nil }
        let s = w.texts[i]
        var digits = ""
        var rest = ""
        for c in s.unicodeScalars {
            if rest.isEmpty && ("0"..."9").contains(c) { digits.unicodeScalars.append(c) } else { rest.unicodeScalars.append(c) }
        }
        guard !digits.isEmpty, digits.count <= 2, let v = Int(digits) else { return nil }
        if rest.isEmpty { return (v, 1) }
        guard lexicon.ordinalSuffixes.exact([lexicon.id(rest)], 0..<1) != nil else { return nil }
        return (v, 1)
    }

    /// Month and day of `a/b`: month first, as `5/3`; day first when only that reads
    /// as a date (`20/11` is 20 November: there is no 20th month).
    static func monthDay(_ a: Int, _ b: Int) -> (month: Int, day: Int) {
        a > 12 && (1...12).contains(b) ? (b, a) : (a, b)
    }

    /// `5/3`, `5/3/2026`, `2026-05-03`, `2026/5/3`, `2026.5.3`; `20/11` (day first
    /// when the first number is no month).
    func numericDate(_ s: String, _ today: CivilDate) -> (result: CivilDate?, length: Int)? {
        guard s.unicodeScalars.contains(where: { $0 == "/" || $0 == "-" || $0 == "." }),
            s.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "/" || $0 == "-" || $0 == "." })
        else { return nil }
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        let seps = Set(s.unicodeScalars.filter { $0 == "/" || $0 == "-" || $0 == "." })
        guard seps.count == 1, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 }) else { return nil }
        let values = parts.compactMap { Int($0) }
        guard values.count == parts.count else { return nil }
        switch parts.count {
        case 2:
            // A decimal like 1.5 is not a date.
            if seps.first == "." { return nil }
            let (month, day) = Self.monthDay(values[0], values[1])
            return (calendarDate(nil, month, day, today), 1)
        case 3:
            if parts[0].count == 4 { return (CivilDate(year: values[0], month: values[1], day: values[2]), 1) }
            let (month, day) = Self.monthDay(values[0], values[1])
            if parts[2].count == 4 { return (CivilDate(year: values[2], month: month, day: day), 1) }
            if parts[2].count == 2 { return (CivilDate(year: 2000 + values[2], month: month, day: day), 1) }
            return nil
        default:
            return nil
        }
    }

    /// `5月3日`, `五月三日`, `2026年5月3号`, `3号`.
    private func markedDate(_ w: Words, _ i: Int, _ end: Int, _ today: CivilDate) -> (result: CivilDate?, length: Int)? {
        var j = i
        var year: Int?
        var month: Int?
        var day: Int?
        while j < end {
            var found = false
            for len in 1...min(5, end - j) {
                guard let v = numbers.parse(w, j..<(j + len)), v.rounded() == v, v >= 0, v < 100_000 else { continue }
                guard let (marker, mlen) = lexicon.dateMarkers.match(w.ids, at: j + len, end: end) else { continue }
                let value = Int(v)
                switch marker.key {
                case "year" where year == nil && month == nil && day == nil: year = value
                case "month" where month == nil && day == nil: month = value
                case "day" where day == nil: day = value
                default: continue
                }
                j += len + mlen
                found = true
                break
            }
            if !found || day != nil { break }
        }
        guard j > i else { return nil }
        if let month, let day { return (calendarDate(year, month, day, today), j - i) }
        if let day, year == nil, month == nil { return (CivilDate(year: today.year, month: today.month, day: day), j - i) }
        // "小陈12月的指标": a month alone is the first of the nearest such month (not "12月3",
        // whose day has no marker).
        if let month, year == nil, day == nil, j >= w.ids.count || numbers.parse(w, j..<(j + 1)) == nil {
            return (calendarDate(nil, month, 1, today), j - i)
        }
        if let month, year != nil || month >= 1, day == nil, year != nil {
            return (CivilDate(year: year ?? today.year, month: month, day: 1), j - i)
        }
        return nil
    }

    /// A month/day in `year`, or the occurrence nearest to today when no year is given.
    private func calendarDate(_ year: Int?, _ month: Int, _ day: Int, _ today: CivilDate) -> CivilDate? {
        if let year { return CivilDate(year: year, month: month, day: day) }
        // Impossible in every year (Feb 30, 13/45): nil.
        guard CivilDate(year: 2024, month: month, day: day) != nil else { return nil }
        var best: CivilDate?
        var bestDistance = Int.max
        for y in [today.year, today.year + 1, today.year - 1] {
            guard let d = CivilDate(year: y, month: month, day: day) else { continue }
            let distance = abs(d.dayNumber - today.dayNumber)
            if distance < bestDistance || (distance == bestDistance && d > today) {
                best = d
                bestDistance = distance
            }
        }
        return best
    }

    // MARK: - Times

    /// A time of day at `i`: minute is nil when only a part of day was named ("下午").
    func parseTime(_ w: Words, _ i: Int, _ end: Int) -> (minute: Int?, length: Int)? {
        let ids = w.ids
        let markers = lexicon.timeMarkers
        let dayparts = lexicon.dayparts
        var j = i
        var at = false
        if let (m, len) = markers.match(ids, at: j, end: end), m.key == "at" {
            at = true
            j += len
        }
        var part: String?
        if let (p, len) = dayparts.match(ids, at: j, end: end) {
            part = p.key
            j += len
            if let (m, mlen) = markers.match(ids, at: j, end: end), m.key == "at" {
                at = true
                j += mlen
            }
        }
        var hour: Int?
        var minute = 0
        var explicit = false
        if j < end {
                // 三点, 十点, 8点: a number then an hour marker.
                for len in stride(from: min(3, end - j), through: 1, by: -1) {
                    guard let v = numbers.parse(w, j..<(j + len)), v.rounded() == v, v >= 0, v <= 24,
                        let (m, mlen) = markers.match(ids, at: j + len, end: end), m.key == "hour"
                    else { continue }
                    hour = Int(v)
                    explicit = true
                    j += len + mlen
                    // 半, 15分, 一刻, 30
                    if let (m2, l2) = markers.match(ids, at: j, end: end), m2.key == "half" {
                        minute = 30
                        j += l2
                    } else {
                        for l in stride(from: min(3, end - j), through: 1, by: -1) {
                            guard let mv = numbers.parse(w, j..<(j + l)), mv.rounded() == mv, mv >= 0, mv < 60
                            else { continue }
                            if let (m3, l3) = markers.match(ids, at: j + l, end: end), m3.key == "minute" || m3.key == "quarter" {
                                minute = m3.key == "quarter" ? Int(mv) * 15 : Int(mv)
                                j += l + l3
                            } else {
                                minute = Int(mv)
                                j += l
                            }
                            break
                        }
                    }
                    break
                }
        }
        if hour == nil, j < end {
            let s = w.texts[j]
            // 15:00, 9:30am, 3pm
            var digits = ""
            var colon: String?
            var suffix = ""
            for c in s.unicodeScalars {
                if !suffix.isEmpty || !(("0"..."9").contains(c) || c == ":") {
                    suffix.unicodeScalars.append(c)
                } else if c == ":" {
                    colon = ""
                } else if colon != nil {
                    colon?.unicodeScalars.append(c)
                } else {
                    digits.unicodeScalars.append(c)
                }
            }
            if !digits.isEmpty, digits.count <= 2, let h = Int(digits) {
                var ok = false
                if let c = colon {
                    if c.count == 2, let m = Int(c) {
                        minute = m
                        ok = true
                    }
                } else {
                    ok = true
                }
                if ok && !suffix.isEmpty {
                    if let p = dayparts.exact([lexicon.id(suffix)], 0..<1) {
                        part = part ?? p.key
                        explicit = true
                    } else {
                        ok = false
                    }
                }
                if ok {
                    hour = h
                    explicit = explicit || colon != nil
                    j += 1
                }
            }
        }
        if hour != nil, part == nil, let (p, len) = dayparts.match(ids, at: j, end: end) {
            part = p.key
            j += len
        }
        guard var h = hour else {
            // "noon" / "midnight" alone name a time; other parts of day do not.
            if let part, j > i {
                if part == "noon" { return (12 * 60, j - i) }
                if part == "midnight" { return (0, j - i) }
                return at ? nil : (nil, j - i)
            }
            return nil
        }
        guard explicit || at || part != nil else { return nil }
        guard h <= 24, minute < 60 else { return nil }
        switch part {
        case "pm": if h < 12 { h += 12 }
        case "am": if h == 12 { h = 0 }
        case "noon": if h <= 6 { h += 12 }
        case "midnight": if h == 12 { h = 0 }
        default:
            if at && !explicit && (1...7).contains(h) { h += 12 }
        }
        if h == 24 { h = 0 }
        return (h * 60 + minute, j - i)
    }
}
