import CRMSupport

/// Where a captured name or free text really begins and ends.
///
/// A phrasing captures "everything between these words"; reps type more than
/// the name there: "met *up w* zhou xin", "Westgate Mall *mgmt*", "luo xin *at
/// the trade show yesterday*", "Vertex Software *340k*", "邹总*微信语音*",
/// "跟Mike*通*了个电话". The words come from the lexicon (`name_edges`,
/// `name_trailers`, `text_leaders`); a date or an amount cut from a name's end
/// fills the intent's empty date or amount slot, so nothing the rep said is lost.
extension IntentEngine {
    /// A value found at the edge of a name or text, for the intent's slot `slot`
    /// (used only when that slot has no value of its own).
    struct Spill {
        var slot: Int
        var value: SlotValue
        /// The tokens the value was read from.
        var range: Range<Int>
        /// The value is the text of `range` as written (`value` is then unused).
        var asWritten = false

        /// The value to fill the slot with, from the message's `text`.
        func value(tokens: [Token], text: String) -> SlotValue {
            guard asWritten, !range.isEmpty else { return value }
            return .text(String(text[tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end]).trimmingSpaces())
        }
    }

    /// Slots that name a new record (`add customer …`): the name is kept as the rep wrote
    /// it — "Blue Team Sports", "小林科技" — and only a legal form's tail, a date or an
    /// amount the intent has a slot for, and the trailing adverbs are cut.
    static let creatingSlots: Set<String> = ["customer.add/name", "contact.add/name", "rep.add/name"]

    /// The part of `range` that is the name, and what was cut from it that
    /// another slot of `intent` can use.
    func refinedName(
        _ range: Range<Int>, slot: String, tokens: [Token], words: Words, intent: CompiledIntent, now: LocalDateTime
    ) -> (range: Range<Int>, spills: [Spill]) {
        let creating = Self.creatingSlots.contains(intent.name + "/" + slot)
        let t = compiled.tables
        let ids = words.ids
        var s = range.lowerBound
        var e = range.upperBound
        var spills: [Spill] = []
        func keepsAName(_ from: Int, _ to: Int) -> Bool {
            let kept = tokens[from..<to]
            return kept.contains { $0.kind == .word || $0.kind == .number } || kept.filter { $0.kind == .han }.count >= 2
        }
        func edge(_ k: Int, _ key: String) -> Int? {
            guard !creating || key == "closing" else { return nil }
            guard let (entry, len) = t.nameEdges.match(ids, at: k, end: e), entry.key == key else { return nil }
            return len
        }
        // "鼎盛贸易有限|公司" (公司 read as the kind), "瑞康医|疗": an organisation word the
        // phrasing cut in two belongs to the name.
        for k in max(s, e - 3)..<e {
            if let (_, len) = t.nameSuffixes.match(ids, at: k, end: tokens.count), k + len > e,
                !tokens[e..<(k + len)].contains(where: { $0.spaceBefore || $0.kind != .han })
            {
                e = k + len
                break
            }
        }
        // "华信科技公司" (公司 read as the kind): an organisation word glued to the end of a
        // Chinese name is part of it.
        if e < tokens.count, tokens[e - 1].kind == .han, tokens[e].kind == .han, !tokens[e].spaceBefore,
            let (_, len) = t.nameSuffixes.match(ids, at: e, end: tokens.count),
            e + len == tokens.count || tokens[e + len].kind != .han
        {
            e += len
        }
        // "met up w zhou xin", "去了趟金利源商贸": words before the name.
        while let len = edge(s, "lead"), s + len < e { s += len }
        // "show me the Harbor Dental timeline": a lowercase "the" before a capitalized name
        // is not part of it ("The Home Depot" is written with a capital).
        if !creating, e - s >= 2, tokens[s].text == "the", tokens[s + 1].capitalized { s += 1 }
        // The intent's slot for the organisation a person named in `who` belongs to.
        let companySlot = slot == "who" && !creating ? intent.slots.firstIndex(where: { $0.name == "company" }) : nil
        // "luo xin at the trade show", "小林带样品": a word the name never runs across.
        // A word the name never runs across may reach past what was read ("韩雪|回电话").
        func breaks(at k: Int) -> Bool {
            guard !creating, let (entry, _) = t.nameEdges.match(ids, at: k, end: tokens.count) else { return false }
            return entry.key == "break"
        }
        for k in (s + 1)..<max(s + 1, e) where breaks(at: k) && keepsAName(s, k) {
            // "Priya Nair at Lakeside Hospital", "Nathan Wu from Bluewave Tech Ltd": words after
            // "at" or "from" that end with an organisation word are her company ("at Starbucks"
            // is a place, "Monday" a date). Capitalized words may run on; lowercase ones only
            // straight to the organisation word ("dr patel at northgate clinic yday", not "at
            // home about the clinic").
            if let companySlot, ["at", "from", "@"].contains(tokens[k].text), k + 1 < e, tokens[k + 1].kind == .word {
                let capitalized = tokens[k + 1].capitalized
                var j = k + 1
                var org = j
                while j < e, tokens[j].kind == .word || tokens[j].kind == .number,
                    capitalized ? tokens[j].capitalized || t.nameSuffixes.match(ids, at: j, end: e) != nil : j - k <= 3,
                    j == k + 1 || !breaks(at: j),
                    t.weekdays.match(ids, at: j, end: e) == nil, t.months.match(ids, at: j, end: e) == nil,
                    t.relativeDays.match(ids, at: j, end: e) == nil
                {
                    if let (_, len) = t.nameSuffixes.match(ids, at: j, end: e) {
                        org = j + len
                        if !capitalized {
                            // …and over the organisation words right after ("coastal imaging llc",
                            // "redgum health pty ltd").
                            while org < e, let (_, more) = t.nameSuffixes.match(ids, at: org, end: e) { org += more }
                            break
                        }
                    }
                    j += 1
                }
                // Two or more capitalized words after it name an organisation too ("Joanne Price
                // @ Beacon Insurance", "Jake Morrison at Ridgeway Motors"); one alone may be a
                // place ("at Starbucks").
                if org == k + 1, capitalized, j - (k + 1) >= 2, j - (k + 1) <= 5,
                    tokens[(k + 1)..<j].allSatisfy({ $0.kind == .word && $0.capitalized })
                {
                    org = j
                }
                if org > k + 1 {
                    spills.append(Spill(slot: companySlot, value: .text(""), range: (k + 1)..<org, asWritten: true))
                }
            }
            e = k
            break
        }
        // "Ironclad Security Inc reordered cameras": nothing follows a legal form.
        for k in (s + 1)..<max(s + 1, e) {
            if let len = edge(k, "closing"), tokens[(k + len)..<e].contains(where: { $0.kind != .punct }) {
                e = k + len
                break
            }
        }
        // "周四拜访黄总（海天集团），谈了年框": a Chinese name never runs across a comma or a
        // bracket. An organisation in brackets right after it is the company; what follows the
        // comma, when the intent keeps a note, is the note.
        if !creating, tokens[s].kind == .han,
            let k = (s..<e).first(where: { tokens[$0].kind == .punct && Self.chineseNameEnds.contains(tokens[$0].text) }), k > s
        {
            var rest = k
            if ["（", "("].contains(tokens[k].text),
                let close = ((k + 1)..<e).first(where: { [")", "）"].contains(tokens[$0].text) }), close > k + 1
            {
                if let companySlot, isOrganisation((k + 1)..<close, tokens: tokens, ids: ids) {
                    spills.append(Spill(slot: companySlot, value: .text(""), range: (k + 1)..<close, asWritten: true))
                }
                rest = close + 1
            }
            while rest < e, tokens[rest].kind == .punct { rest += 1 }
            if rest < e, let note = intent.slots.firstIndex(where: { $0.name == "note" }) {
                spills.append(Spill(slot: note, value: .text(""), range: rest..<e, asWritten: true))
            }
            e = k
        }
        // "华康医院的郑晓东", "瑞丰集团的John": a person of an organisation. Where the intent has a
        // `company` slot the person is the name and the organisation fills it (the bot looks
        // them up together, as it would "华康医院的郑晓东"); elsewhere the whole is kept. After the
        // comma's cut: "拜访了金鼎液压的孙建国，看了…" is 孙建国 of 金鼎液压.
        // A person with a title (杨工, 钱经理) makes what comes before 的 their organisation
        // even without an organisation word ("宏盛建材的杨工" as "汇通财务的钱经理").
        if let companySlot, let k = (s..<e).first(where: { tokens[$0].text == "的" }),
            isPersonOfOrganisation((k + 1)..<e, tokens: tokens, ids: ids),
            isOrganisation(s..<k, tokens: tokens, ids: ids)
                || (k - s >= 2 && tokens[s..<k].allSatisfy({ $0.kind == .han }) && e - k >= 3
                    && t.nameEdges.match(ids, at: k + 2, end: e).map({ $0.0.key == "title" && k + 2 + $0.1 == e }) == true)
        {
            spills.append(Spill(slot: companySlot, value: .text(""), range: s..<k, asWritten: true))
            s = k + 1
        }
        let hanName = tokens[s..<e].allSatisfy { $0.kind == .han }
        let hasOrgWord = (s..<e).contains { t.nameSuffixes.match(ids, at: $0, end: e) != nil }
        // "跟Mike通了个电话": a latin name runs into Chinese only through an organisation word (Acme公司).
        if !creating, tokens[s].kind == .word, let k = (s..<e).first(where: { tokens[$0].kind == .han }),
            tokens[s..<k].allSatisfy({ $0.kind != .han }), t.nameSuffixes.match(ids, at: k, end: e) == nil
        {
            e = k
        }
        if hanName, hasOrgWord, !creating {
            // "华美科技升级成重点客户": a Chinese organisation name ends with its last organisation word.
            var last = e
            for k in s..<e { if let (_, len) = t.nameSuffixes.match(ids, at: k, end: e) { last = k + len } }
            // "瑞丰食品的郑敏" names a person of the company: kept whole.
            let person = last < e && tokens[last].text == "的" && (2...3).contains(e - last - 1)
            if let companySlot, last < e, last - s >= 3, !person, isPersonOfOrganisation(last..<e, tokens: tokens, ids: ids) {
                // "和恒通药业黄丽吃了个饭", "给天佑药业蒋科长打电话": a person right after their
                // company, as with 的.
                spills.append(Spill(slot: companySlot, value: .text(""), range: s..<last, asWritten: true))
                s = last
            } else if last < e, last - s >= 3, !person {
                e = last
            }
        }
        if hanName, !hasOrgWord, !creating, e - s > 2,
            let k = ((s + 1)..<(e - 1)).first(where: { edge($0, "familiar") != nil && $0 + 2 == e })
        {
            // "新来的销售小陈": 小陈 is the name.
            s = k
        }
        // "马院|长最后签字": a title read in part is read whole.
        if hanName, !hasOrgWord, !creating, e - s == 2, e < tokens.count, tokens[e].kind == .han,
            let (entry, len) = t.nameEdges.match(ids, at: s + 1, end: tokens.count), entry.key == "title", s + 1 + len > e
        {
            e = s + 1 + len
        }
        if hanName, !hasOrgWord, e - s > 2 {
            if let len = edge(s + 1, "title") {
                // "邹总微信语音": surname and title are the whole name.
                e = min(e, s + 1 + len)
            } else if edge(s, "familiar") != nil {
                // "小林带样品", "老王那边": 老/小 and one character.
                e = s + 2
            }
        }
        // "Vertex Software 340k", "Copperfield Hardware next week": an amount or a date at the end.
        for k in (s + 1)..<max(s + 1, e) where keepsAName(s, k) && tokens[k].kind != .punct {
            // An amount needs a unit or a sign (340k, 2万4, ¥85,000): "Studio 54" keeps its number.
            if tokens[k..<e].contains(where: { $0.kind == .number }),
                !tokens[k..<e].allSatisfy({ $0.text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
                let a = intent.kinds.firstIndex(where: \.isAmount),
                let v = AmountResolver(lexicon: t).parse(words, k..<e)
            {
                spills.append(Spill(slot: a, value: .number(v), range: k..<e))
                e = k
                break
            }
            // A date needs a word ("next week", "yesterday"): "Serve Trial 6-1-10" keeps its code.
            // A Chinese name never holds digits: "仁和诊所 11/20" ends before its date.
            if let slot = intent.kinds.firstIndex(where: \.isDate),
                tokens[k..<e].contains(where: Self.isWordWithoutDigits)
                    || (tokens[k].spaceBefore && tokens[s..<k].allSatisfy { $0.kind == .han }),
                case .valid(let d)? = DateResolver(lexicon: t).resolve(words, k..<e, now: now)
            {
                spills.append(Spill(slot: slot, value: .date(d), range: k..<e))
                e = k
                break
            }
        }
        e = trimmedNameEnd(s, e, tokens: tokens)
        if e > s + 1, tokens[e - 1].text == "'s" { e -= 1 }
        while e < range.upperBound, e > s + 1, tokens[e - 1].kind == .punct { e -= 1 }
        guard s < e else { return (range, []) }
        return (s..<e, spills)
    }

    /// Whether `range` names an organisation before a 的: Chinese ending with an organisation
    /// word (华康医院), or capitalized latin words (Harbor Point).
    func isOrganisation(_ range: Range<Int>, tokens: [Token], ids: [Int32]) -> Bool {
        guard !range.isEmpty, range.count <= 12 else { return false }
        if tokens[range].allSatisfy({ $0.kind == .han }) {
            return range.contains { k in
                compiled.tables.nameSuffixes.match(ids, at: k, end: range.upperBound).map { k + $0.1 == range.upperBound } ?? false
            }
        }
        return range.count <= 5 && tokens[range.lowerBound].capitalized
            && tokens[range].allSatisfy { $0.kind == .word || $0.kind == .number }
    }

    /// Whether `range` names an organisation as a place is written after "at": it ends with an
    /// organisation word, or it is two to five capitalized words ("Ridgeway Motors", not
    /// "Starbucks" or "the office").
    func isNamedOrganisation(_ range: Range<Int>, tokens: [Token], ids: [Int32]) -> Bool {
        guard !range.isEmpty, range.count <= 6, tokens[range].allSatisfy({ $0.kind == .word || $0.kind == .number || $0.kind == .han })
        else { return false }
        if isOrganisation(range, tokens: tokens, ids: ids) { return true }
        let t = compiled.tables
        if range.contains(where: { k in t.nameSuffixes.match(ids, at: k, end: range.upperBound).map { k + $0.1 == range.upperBound } ?? false }) {
            return true
        }
        return (2...5).contains(range.count) && tokens[range].allSatisfy { $0.kind == .word && $0.capitalized }
    }

    /// Whether `range`, after an organisation and 的, is a person: two or three Chinese
    /// characters starting with a family name (lexicon `surnames`), a surname and a title
    /// (马总, 韩院长), 老/小 and a character, or one to three latin words.
    func isPersonOfOrganisation(_ range: Range<Int>, tokens: [Token], ids: [Int32]) -> Bool {
        let t = compiled.tables
        guard !range.isEmpty else { return false }
        if tokens[range].allSatisfy({ $0.kind == .word }) { return range.count <= 3 }
        guard tokens[range].allSatisfy({ $0.kind == .han }), (2...4).contains(range.count) else { return false }
        let s = range.lowerBound
        let e = range.upperBound
        if let (entry, len) = t.nameEdges.match(ids, at: s + 1, end: e), entry.key == "title", s + 1 + len == e { return true }
        if range.count == 2, let (entry, _) = t.nameEdges.match(ids, at: s, end: e), entry.key == "familiar" { return true }
        if t.surnames.contains(tokens[s].text), range.count <= 3 { return true }
        return range.count >= 3 && t.surnames.contains(tokens[s].text + tokens[s + 1].text)
    }

    /// The whole message as the text of a `whole:` slot: without its dates (one at its
    /// start skipped, any other cut with the word that led to it), through ``writtenText``.
    ///
    /// A head that only says when, before a colon or a dash, goes whole: "Every Monday at
    /// 9am starting tomorrow until 31 January: send …", "Fortnightly from Tuesday 24
    /// November at 2pm until the end of March: review …" (`frames`: the spans of the
    /// other slots such a head holds, the repeat).
    func wholeText(dates: [Range<Int>], frames: [Range<Int>] = [], intent: CompiledIntent, tokens: [Token], text: String)
        -> String?
    {
        var start = 0
        var cuts: [Range<Int>] = []
        if let head = whenHead(dates: dates, frames: frames, tokens: tokens) { start = head }
        for date in dates.sorted(by: { $0.lowerBound < $1.lowerBound }) where !date.isEmpty && date.upperBound > start {
            if date.lowerBound <= start { start = max(start, date.upperBound) } else { cuts.append(date) }
        }
        // "Friday 3pm: call Olga …", "In 3 days, call Rajesh …": the mark after a leading date
        // led to the text; it is no part of it.
        while start < tokens.count, tokens[start].kind == .punct, !Matcher.oddPunct.contains(tokens[start].text) { start += 1 }
        guard start < tokens.count else { return nil }
        let s = writtenText(start..<tokens.count, without: cuts, intent: intent, tokens: tokens, text: text)
        return s.isEmpty ? nil : s
    }

    /// Where the text starts after a head that only says when: the tokens before the first
    /// colon or dash are dates and `frames`, the words that lead to a date or a last day
    /// (lexicons `date_fillers`, `until_words`), date words and numbers, the words of a task's frame (`text_leaders`,
    /// keys `task`, `when` and `x`) and marks — one of them a date. Nil when there is no such head.
    func whenHead(from start: Int = 0, dates: [Range<Int>], frames: [Range<Int>], tokens: [Token]) -> Int? {
        guard let c = tokens.indices.dropFirst(start).first(where: { k in
            tokens[k].kind == .punct && (tokens[k].text == ":" || tokens[k].text == "-")
        }), c > start, c + 1 < tokens.count
        else { return nil }
        let covered = dates + frames
        let t = compiled.tables
        let ids = tokens.map(\.id)
        let head = start..<c
        let saysWhen = dates.contains { !$0.isEmpty && head.contains($0.lowerBound) }
            || head.contains { k in
                tokens[k].kind == .number || [t.weekdays, t.relativeDays, t.months].contains { $0.match(ids, at: k, end: c) != nil }
            }
        guard saysWhen else { return nil }
        var k = start
        while k < c {
            if let r = covered.first(where: { $0.contains(k) }) {
                k = r.upperBound
                continue
            }
            // A day's or a time's word or number the resolvers left to another reading
            // ("Daily at 5pm *from tomorrow* until Friday:").
            if tokens[k].kind == .punct || tokens[k].kind == .number || t.dateWords.contains(tokens[k].id) {
                k += 1
                continue
            }
            var step = 0
            if let (_, len) = t.dateFillers.match(ids, at: k, end: c) { step = len }
            if let (entry, len) = t.untilWords.match(ids, at: k, end: c), entry.key != "after" { step = max(step, len) }
            if let (entry, len) = t.textLeaders.match(ids, at: k, end: c), ["task", "when", "x"].contains(entry.key) {
                step = max(step, len)
            }
            guard step > 0 else { return nil }
            k += step
        }
        guard k == c else { return nil }
        var s = c + 1
        while s < tokens.count - 1, tokens[s].kind == .punct, !Matcher.oddPunct.contains(tokens[s].text) { s += 1 }
        return s
    }

    /// The message's words over `range` as written, without the dates in `cuts` ("ping Owen
    /// Price *next friday* about the PO", "drop by Larkspur Hotels *on thursday*": the date is
    /// the task's due, the rest its text, without a filler that only led to the date), and —
    /// for a task's text — without the words that only frame a task at its start (lexicon
    /// `text_leaders`, key `task`: I'll, schedule a, remind me to, 提醒一下).
    func writtenText(_ range: Range<Int>, without cuts: [Range<Int>], intent: CompiledIntent, tokens: [Token], text: String)
        -> String
    {
        let ids = tokens.map(\.id)
        var s = range.lowerBound
        let e = range.upperBound
        if intent.name == "task.add" {
            while s < e, let (entry, len) = compiled.tables.textLeaders.match(ids, at: s, end: e), entry.key == "task",
                s + len < e
            {
                s += len
                while s < e - 1, tokens[s].kind == .punct { s += 1 }
            }
        }
        var cuts = cuts
        if intent.name == "task.add" {
            // "还没给老周打电话，周一提醒我", "haven't called Greg yet, remind me monday": the
            // words that frame a task may come last too, before a last date.
            var tail = e
            while let date = cuts.first(where: { $0.upperBound == tail && $0.lowerBound > s }) { tail = date.lowerBound }
            if let k = ((s + 1)..<max(s + 1, tail)).first(where: { k in
                guard let (entry, len) = compiled.tables.textLeaders.match(ids, at: k, end: tail) else { return false }
                return entry.key == "task" && k + len == tail
            }) {
                cuts.append(k..<tail)
            }
        }
        var pieces: [Range<Int>] = []
        var from = s
        for cut in cuts.sorted(by: { $0.lowerBound < $1.lowerBound }) where cut.lowerBound >= from && cut.upperBound <= e {
            var b = cut.lowerBound
            for k in stride(from: b - 1, through: max(from + 1, b - 3), by: -1) {
                if let (_, len) = compiled.tables.dateFillers.match(ids, at: k, end: b), k + len == b {
                    b = k
                    break
                }
            }
            pieces.append(from..<b)
            from = cut.upperBound
        }
        pieces.append(from..<e)
        var out = ""
        var lastToken: Token?
        for (n, piece) in pieces.enumerated() {
            var a = piece.lowerBound
            var b = piece.upperBound
            // Punctuation next to a cut date goes with it ("提醒一下：28号找…", "call X friday, about …").
            if n > 0 { while a < b, tokens[a].kind == .punct { a += 1 } }
            if n < pieces.count - 1 { while b > a, tokens[b - 1].kind == .punct { b -= 1 } }
            guard a < b else { continue }
            let words = String(text[tokens[a].start..<tokens[b - 1].end]).trimmingSpaces()
            if let last = lastToken {
                // Chinese runs on without a space ("提醒一下：28号找许总签字" → 找许总签字).
                out += last.kind == .han && tokens[a].kind == .han ? "" : " "
            }
            out += words
            lastToken = tokens[b - 1]
        }
        return out
    }

    /// Marks a Chinese name never runs across.
    static let chineseNameEnds: Set<String> = ["，", ",", "。", "；", ";", "（", "(", "！", "!", "？", "?"]

    /// Punctuation that ends a place before a note ("at northwind dental: …").
    static let placeEnds: Set<String> = [":", "：", "-", "—", "–", ",", "，"]

    /// A word with letters and no digit ("yesterday", "下周"), not a code like "6-1-10".
    static func isWordWithoutDigits(_ t: Token) -> Bool {
        (t.kind == .word || t.kind == .han) && !t.text.unicodeScalars.contains { ("0"..."9").contains($0) }
    }

    /// Free text without the joining words a rep puts before it ("visited X
    /// *and* delivered the probes", "called ling ling *but* she was out"). A date
    /// at its start ("*this morning* she asked for…") fills the intent's empty
    /// date slot and leaves the text.
    /// Whether the tokens of `range` are the day of a month the message names around them:
    /// "dec 18", "12月18", "18 dec" (not "5 days", not "25号任务", where 号 numbers a record).
    func isInsideDate(_ range: Range<Int>, tokens: [Token], words: Words, now: LocalDateTime) -> Bool {
        let t = compiled.tables
        let ids = words.ids
        let resolver = DateResolver(lexicon: t)
        for lower in max(0, range.lowerBound - 2)...range.lowerBound {
            for upper in range.upperBound...min(tokens.count, range.upperBound + 2)
            where lower < range.lowerBound || upper > range.upperBound {
                let around = Array(lower..<range.lowerBound) + Array(range.upperBound..<upper)
                let namesMonth = around.contains { k in
                    t.months.match(ids, at: k, end: upper) != nil || tokens[k].text == "月"
                }
                if namesMonth, case .valid? = resolver.resolve(words, lower..<upper, now: now) { return true }
            }
        }
        return false
    }

    func refinedText(
        _ range: Range<Int>, slotName: String, tokens: [Token], words: Words, intent: CompiledIntent, now: LocalDateTime
    ) -> (range: Range<Int>, spills: [Spill]) {
        let t = compiled.tables
        let ids = words.ids
        var s = range.lowerBound
        var e = range.upperBound
        var spills: [Spill] = []
        /// All of the text went to another slot (an item that is only its amount).
        var allSpilled = false
        var moved = true
        while moved, s < e {
            moved = false
            while s < e, tokens[s].kind == .punct, !Matcher.oddPunct.contains(tokens[s].text) {
                s += 1
                moved = true
            }
            if let (entry, len) = t.textLeaders.match(ids, at: s, end: e), s + len < e {
                if entry.key == "place" {
                    // "visited Dr. Patel *at northwind dental:* wants a quote": where it
                    // happened, up to a colon, dash or comma, is not the note.
                    let lo = s + len + 1
                    let hi = min(e - 1, s + len + 6)
                    if lo < hi, let k = (lo..<hi).first(where: {
                        tokens[$0].kind == .punct && Self.placeEnds.contains(tokens[$0].text)
                    }) {
                        // "called Jake Morrison at Ridgeway Motors, intro call": a place that is
                        // an organisation is the company, where the intent has one.
                        let place = (s + len)..<k
                        if slotName == "note", let c = intent.slots.firstIndex(where: { $0.name == "company" }),
                            isNamedOrganisation(place, tokens: tokens, ids: ids)
                        {
                            spills.append(Spill(slot: c, value: .text(""), range: place, asWritten: true))
                        }
                        s = k + 1
                        moved = true
                    }
                } else if entry.key == "after_date", s > 0, tokens[s + len].text != "后", (max(0, s - 6)..<s).contains(where: { k in
                    if case .valid? = DateResolver(lexicon: t).resolve(words, k..<s, now: now) { return true }
                    return false
                }) {
                    // "提醒我月底前催款": 前 after the due date belongs to it, not to the task.
                    s += len
                    moved = true
                } else if entry.key == "x" || (entry.key == "task" && intent.name == "task.add" && slotName == "what") {
                    // "I'll drop by Larkspur Hotels", "schedule a call with Sam": the task is what follows.
                    s += len
                    moved = true
                }
            }
            if spills.isEmpty, let slot = intent.slots.firstIndex(where: { $0.name == "date" }),
                Self.pastIntents.contains(intent.name)
            {
                        var k = min(e - 1, s + 6)
                while k > s {
                    if tokens[s..<k].contains(where: Self.isWordWithoutDigits),
                        tokens[k].kind == .punct || tokens[k].spaceBefore || tokens[k].kind == .han,
                        case .valid(let d)? = DateResolver(lexicon: t).resolve(words, s..<k, now: now),
                        d.date <= now.date || (isBareWeekday(ids, s..<k) && saysDone(ids, clauseOf: s..<k, tokens))
                    {
                        spills.append(Spill(slot: slot, value: .date(d), range: s..<k))
                        s = k
                        moved = true
                        break
                    }
                    k -= 1
                }
            }
        }
        // "订了40把办公椅", "订购扫码枪50把", "下单了，30台": a count and its measure word at either
        // end of an item is the quantity (lexicon `measure_words`); the item keeps the rest
        // (all of it when nothing else is left).
        if slotName == "item", let q = intent.slots.firstIndex(where: { $0.name == "quantity" }), e - s >= 2 {
            let numbers = NumberResolver(lexicon: t)
            for m in (s + 1)...min(e - 1, s + 4) {
                guard let (_, len) = t.measureWords.match(ids, at: m, end: e), m + len <= e,
                    let v = numbers.parse(words, s..<m)
                else { continue }
                spills.append(Spill(slot: q, value: .number(v), range: s..<m))
                if m + len < e { s = m + len }
                break
            }
            if spills.allSatisfy({ $0.slot != q }) {
                outer: for k in stride(from: e - 1, through: s + 1, by: -1) {
                    guard let (_, len) = t.measureWords.match(ids, at: k, end: e), k + len == e else { continue }
                    for j in max(s + 1, k - 4)..<k {
                        if let v = numbers.parse(words, j..<k) {
                            spills.append(Spill(slot: q, value: .number(v), range: j..<k))
                            e = j
                            break outer
                        }
                    }
                }
            }
        }
        // "ordered $9,600 of whitening kits", "订了1.5w的货", "new deal Evergreen Foods 2.4m in
        // negotiation": an amount at the start of an item or a deal's title is the amount.
        if slotName == "item" || slotName == "title",
            let a = intent.kinds.firstIndex(where: \.isAmount)
        {
            let amounts = AmountResolver(lexicon: t)
            // "order: Silverline Pharma Ltd, 50k, friday": an item that is only a sum with its
            // scale (50k, 1.5w, 3万) is the amount, not a thing ordered.
            let whole = tokens[s..<e]
            if e - s <= 3, let first = whole.first?.text.unicodeScalars.first, ("0"..."9").contains(first),
                !whole.contains(where: { $0.kind == .punct && $0.text != "." }),
                whole.contains(where: { $0.kind == .han || $0.text.unicodeScalars.contains { $0.properties.isAlphabetic } }),
                let v = amounts.parse(words, s..<e)
            {
                spills.append(Spill(slot: a, value: .number(v), range: s..<e))
                s = e
                allSpilled = true
            }
            for k in stride(from: min(e - 1, s + 4), to: s, by: -1) {
                let head = tokens[s..<k]
                // A number with a scale (1.5w, 2.4m, 3万) or after a currency sign ($9,600);
                // a bare count ("1,200 of the blue ones") is not money.
                let scaled = head.contains { $0.kind == .han || $0.text.unicodeScalars.contains { $0.properties.isAlphabetic } }
                let signed = s > 0 && t.currency.match(ids, at: s - 1, end: s) != nil
                // An item: "4k monitors" is a thing, "1.5w的货" and "$9,600 of kits" are money.
                let ofAfter = t.textLeaders.match(ids, at: k, end: e)?.entry.key == "after_amount"
                guard let first = head.first?.text.unicodeScalars.first, ("0"..."9").contains(first),
                    signed || (scaled && (slotName == "title" || ofAfter)),
                    tokens[k].kind == .punct || tokens[k].spaceBefore || tokens[k].kind == .han,
                    let v = amounts.parse(words, s..<k)
                else { continue }
                spills.append(Spill(slot: a, value: .number(v), range: s..<k))
                s = k
                if let (entry, len) = t.textLeaders.match(ids, at: s, end: e), entry.key == "after_amount", s + len < e {
                    s += len
                }
                break
            }
        }
        // "80 pallets, 64k", "100箱矿泉水，共计1.5w": an amount after a comma ends the item.
        if slotName == "item",
            let a = intent.kinds.firstIndex(where: \.isAmount)
        {
            for k in (s + 1)..<max(s + 1, e) where tokens[k].kind == .punct && Self.placeEnds.contains(tokens[k].text) {
                var from = k + 1
                var led = false
                if let (entry, len) = t.textLeaders.match(ids, at: from, end: e), entry.key == "amount_lead" {
                    from += len
                    led = true
                }
                // "矿泉水，共计" (the amount itself read elsewhere): the lead word goes too.
                if led && from == e {
                    e = k
                    break
                }
                let end = ((from + 1)..<max(from + 1, e)).first { tokens[$0].kind == .punct && tokens[$0].text != "." } ?? e
                guard from < end, end <= e else { continue }
                let head = tokens[from..<end]
                let scaled = head.contains { $0.kind == .han || $0.text.unicodeScalars.contains { $0.properties.isAlphabetic } }
                let signed = t.currency.match(ids, at: from, end: end) != nil
                guard led || scaled || signed, let first = head.first?.text.unicodeScalars.first,
                    ("0"..."9").contains(first) || signed || head.first?.kind == .han,
                    let v = AmountResolver(lexicon: t).parse(words, from..<end)
                else { continue }
                spills.append(Spill(slot: a, value: .number(v), range: from..<end))
                e = k
                break
            }
        }
        // "bought 40 cases of toner yesterday": a thing bought never ends with the day it was bought.
        if slotName == "item", Self.pastIntents.contains(intent.name),
            let slot = intent.slots.firstIndex(where: { $0.name == "date" })
        {
                for k in max(s + 1, e - 5)..<max(s + 1, e)
            where tokens[k].spaceBefore || tokens[k].kind == .han || tokens[k - 1].kind == .punct {
                if tokens[k..<e].contains(where: Self.isWordWithoutDigits),
                    case .valid(let d)? = DateResolver(lexicon: t).resolve(words, k..<e, now: now),
                    d.date <= now.date || ((isBareWeekday(ids, k..<e) || isBareDayOfMonth(ids, k..<e, tokens))
                        && saysDone(ids, clauseOf: k..<e, tokens))
                {
                    // "ordered 100 phones on the 19th": the next 19th, put back by preferPastDate.
                    spills.append(Spill(slot: slot, value: .date(d), range: k..<e))
                    e = k
                    while e > s + 1, tokens[e - 1].kind == .punct { e -= 1 }
                    break
                }
            }
        }
        // "sunrise eye clinic order: 1 slit lamp 7.8k": a bare count at an item's start
        // is the quantity.
        if slotName == "item", e - s >= 2, tokens[s].kind == .number,
            tokens[s].text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            tokens[s + 1].kind != .punct, tokens[s + 1].spaceBefore,
            // "2 year service contract", "10 inch tablets": a count before a singular word
            // measures the thing; only one thing, or a plural, is counted.
            tokens[s].text == "1" || tokens[s + 1].text.hasSuffix("s"),
            s == 0 || t.currency.match(ids, at: s - 1, end: s) == nil,
            let q = intent.slots.firstIndex(where: { $0.name == "quantity" }),
            let n = Int64(tokens[s].text), n > 0
        {
            spills.append(Spill(slot: q, value: .number(Double(n)), range: s..<(s + 1)))
            s += 1
        }
        // "follow up Northgate quote, due thu": a separator is never the end of free text.
        while e > s, tokens[e - 1].kind == .punct, Self.trailingSeparators.contains(tokens[e - 1].text) { e -= 1 }
        // Nothing left: the original text stays, unless all of it went to another slot ("50k").
        guard s < e else { return allSpilled ? (s..<s, spills) : (range, []) }
        return (s..<e, spills)
    }

    /// True when `range` is a day of the month alone ("on the 19th", "3号"): a number, no
    /// month, no weekday, no relative word.
    func isBareDayOfMonth(_ ids: [Int32], _ range: Range<Int>, _ tokens: [Token]) -> Bool {
        tokens[range].contains { $0.kind == .number || $0.text.first?.isNumber == true }
            && !namesMonth(range, tokens) && !hasRelativeWord(ids, range)
    }

    static let trailingSeparators: Set<String> = [",", "，", ";", "；", "、", ":", "：", "-", "—", "–"]
}
