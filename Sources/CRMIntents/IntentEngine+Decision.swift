import CRMSupport

extension IntentEngine {
    /// Parses a message with the grammar and the model and decides (see ``IntentDecision``).
    public func analyze(_ text: String, now: LocalDateTime) -> IntentDecision.Explanation {
        guard let simple = simplifiedScript(text) else { return analyzeAsWritten(text, now: now) }
        var e = analyzeAsWritten(simple, now: now)
        e.parsed.restoreScript(written: text, read: simple)
        return e
    }

    /// `text` with its traditional characters replaced by their simplified forms, one
    /// character for one; nil when it has none.
    func simplifiedScript(_ text: String) -> String? {
        guard !simplifiedForms.isEmpty, text.unicodeScalars.contains(where: { simplifiedForms[$0] != nil }) else {
            return nil
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(simplifiedForms[scalar] ?? scalar) }
        return String(out)
    }

    private func analyzeAsWritten(_ text: String, now: LocalDateTime) -> IntentDecision.Explanation {
        let limited = text.count > Self.maxMatchedCharacters ? String(text.prefix(Self.maxMatchedCharacters)) : text
        let raw = Tokenizer.tokenize(limited)
        var e = decide(limited, raw: raw, now: now)
        guard e.parsed.intent != IntentCatalog.none else { return e }
        let ids = raw.map { compiled.id(of: $0) }
        let t = compiled.tables
        var done: Bool?
        for i in ids.indices {
            guard let (entry, _) = t.planMarkers.match(ids, at: i, end: ids.count) else { continue }
            // "called Wang Tong, he will pay next week", "拜访了宏盛建筑，他们说下周回款": a plan in a
            // clause about someone else (lexicon `subjects`) is theirs, not the rep's, once the
            // message says what the rep did (asked only of a message with a plan word).
            if done == nil { done = saysDone(ids) }
            if done == true, entry.key == "plan" {
                var k = clause(of: i..<(i + 1), raw).lowerBound
                while k < i, raw[k].kind == .punct { k += 1 }
                if k < i, k > 0, t.subjects.match(ids, at: k, end: ids.count) != nil { continue }
            }
            if entry.key == "offer" { e.parsed.isOffer = true } else { e.parsed.isPlan = true }
        }
        e.parsed.isEdit = has(t.editMarkers, ids)
        // "complaint from Harbor Dental: the installer never showed up": a negation inside the
        // text of a complaint is what the customer said, not a denial of the record — unless
        // it is a denial (moods key `denial`: "no complaint", "没问题"). Not so for an activity
        // ("tried calling Nina, didn't reach her" logs no call) nor an objection ("price is
        // not an issue" is none).
        // So is a negation inside a task's text ("follow up with Acme, they haven't paid"):
        // only one outside it turns the task around ("didn't visit Acme today").
        // "把东方建材设为可能客户": a word of a value read from a vocabulary (可能客户, a stage)
        // is not a hedge or a negation either.
        let prepared = preprocessor.prepare(raw)
        var quoted: [Range<String.Index>] = []
        var named: [Range<String.Index>] = []
        if let intent = compiled.intents.first(where: { $0.name == e.parsed.intent }) {
            for (name, value) in e.parsed.slots where Self.textKeepsNegations.contains(intent.name) {
                guard case .text(let t) = value, let k = intent.slots.firstIndex(where: { $0.name == name }),
                    intent.kinds[k].isText, let r = limited.firstRange(of: t)
                else { continue }
                quoted.append(r)
            }
            for (name, span) in e.parsed.tokenSpans where !span.isEmpty && span.upperBound <= prepared.count {
                guard let k = intent.slots.firstIndex(where: { $0.name == name }) else { continue }
                switch intent.kinds[k] {
                case .vocab, .vocabList: named.append(prepared[span.lowerBound].start..<prepared[span.upperBound - 1].end)
                default: break
                }
            }
        }
        e.parsed.moods = moods(raw, ids, quoted: quoted, named: named)
        e.parsed = phoneReadAsRegion(e.parsed)
        e.parsed = searchQueryUnquoted(e.parsed)
        e.parsed = withinInDays(e.parsed, tokens: prepared)
        e.parsed = textWithoutEdgePunctuation(e.parsed)
        e.parsed = plusBeforeDigitsKept(e.parsed, tokens: prepared)
        e.parsed = possessiveCompany(e.parsed)
        e.parsed = companyBesideName(e.parsed, text: limited, tokens: prepared)
        e.parsed = personThenCompany(e.parsed, text: limited, tokens: prepared)
        e.parsed = personOfCompany(e.parsed, text: limited, tokens: prepared)
        e.parsed = personAfterCompanyOf(e.parsed, text: limited, tokens: prepared)
        e.parsed = personOpeningNote(e.parsed, text: limited)
        e.parsed = giftInNote(e.parsed, text: limited, tokens: prepared)
        e.parsed = questionAsRead(e.parsed, raw: raw)
        e.parsed = companyWithoutPerson(e.parsed, text: limited, tokens: prepared)
        e.parsed = visitPlannedAsTask(e.parsed, text: limited, raw: raw, prepared: prepared, now: now)
        e.parsed = numberedTaskCancelled(e.parsed, tokens: prepared)
        e.parsed = taskTextWithoutWhenHead(e.parsed, text: limited, tokens: prepared, now: now)
        e.parsed = taskTextWithoutLastDay(e.parsed, text: limited, tokens: prepared, now: now)
        e.parsed = monthEndRepeat(e.parsed, tokens: prepared)
        e.parsed = quotedDealTitle(e.parsed, text: limited)
        e.parsed = customerBeforeTitle(e.parsed, text: limited, tokens: prepared)
        e.parsed = customerAfterTitle(e.parsed, text: limited, tokens: prepared)
        return e
    }

    /// "add task for dec 2: ping Lucy Tran", "won deal 4!! signed this morning": free text
    /// never begins with the colon, dash or marks that led to it, nor ends with a comma or
    /// an emoji; an aside in brackets is its words.
    func textWithoutEdgePunctuation(_ parsed: ParsedIntent) -> ParsedIntent {
        guard let intent = compiled.intents.first(where: { $0.name == parsed.intent }) else { return parsed }
        var fixed = parsed
        for (k, (name, value)) in parsed.slots.enumerated() {
            guard case .text(let text) = value, let s = intent.slots.firstIndex(where: { $0.name == name }),
                intent.kinds[s].isText
            else { continue }
            var trimmed = Substring(text)
            while let first = trimmed.unicodeScalars.first, Self.leadingMarks.contains(first) || first == " " {
                trimmed = Substring(trimmed.unicodeScalars.dropFirst())
            }
            // A field's new value never ends with the question mark of a polite request
            // ("can you set Acme's phone to 020-1234567?").
            let marks = name == "value" ? Self.trailingMarks.union("?？!！".unicodeScalars) : Self.trailingMarks
            while let last = trimmed.unicodeScalars.last,
                marks.contains(last) || last == " " || Self.isPictograph(last)
            {
                trimmed = Substring(trimmed.unicodeScalars.dropLast())
            }
            // "Went through the contract line by line.": the full stop that ends the message is
            // not the note's ("Acme Inc.", "etc." keep theirs: a short word before it).
            if trimmed.last == "。" { trimmed = trimmed.dropLast() }
            if trimmed.last == ".", let word = trimmed.dropLast().split(separator: " ").last, word.count > 3,
                word.last?.isLowercase == true, !trimmed.dropLast().hasSuffix(".")
            {
                trimmed = trimmed.dropLast()
            }
            // "sam whitaker (IT manager)": one aside in brackets is its words.
            if let first = trimmed.first, let last = trimmed.last, trimmed.count > 2,
                (first == "(" && last == ")") || (first == "（" && last == "）"),
                !trimmed.dropFirst().dropLast().contains(where: { "()（）".contains($0) })
            {
                trimmed = trimmed.dropFirst().dropLast()
            }
            if !trimmed.isEmpty, trimmed != text { fixed.slots[k].1 = .text(String(trimmed)) }
        }
        return fixed
    }

    /// "Lucky Mart's phone is +65 6234 8890": free text that begins with digits keeps the
    /// plus sign written against them (a country code), which its capture left out.
    func plusBeforeDigitsKept(_ parsed: ParsedIntent, tokens: [Token]) -> ParsedIntent {
        var fixed = parsed
        for (k, (name, value)) in parsed.slots.enumerated() {
            guard case .text(let text) = value, text.first?.isASCII == true, text.first?.isNumber == true,
                let span = parsed.tokenSpans[name], span.upperBound <= tokens.count, !span.isEmpty
            else { continue }
            // The capture may hold the sign (its text left it out) or start right after it.
            let plus = tokens[span.lowerBound].text == "+" ? span.lowerBound : span.lowerBound - 1
            guard plus >= 0, plus + 1 < tokens.count, tokens[plus].text == "+", !tokens[plus + 1].spaceBefore,
                tokens[plus + 1].text.first?.isNumber == true
            else { continue }
            fixed.slots[k].1 = .text("+" + text)
        }
        return fixed
    }

    /// An emoji and what joins or styles it (🎉, 👍🏻, ❤️): a rep's mood at the end of a
    /// note, not its words. Digits, # and * (emoji only with a keycap) are words.
    static func isPictograph(_ u: Unicode.Scalar) -> Bool {
        if u.value == 0xFE0F || u.value == 0x200D || (0x1F3FB...0x1F3FF).contains(u.value) { return true }
        return u.value > 0x2000 && u.properties.isEmoji
    }

    static let leadingMarks = Set(":：,，;；!！、-–—".unicodeScalars)
    static let trailingMarks = Set(":：,，;；、".unicodeScalars)

    /// `grep notes for "backorder"`, `查找包含“退货”的记录`, `which notes mention SSO?`: what is
    /// searched for is the words, not the quotation marks around them or the question mark
    /// after them.
    func searchQueryUnquoted(_ parsed: ParsedIntent) -> ParsedIntent {
        guard parsed.intent == "search", let k = parsed.slots.firstIndex(where: { $0.0 == "query" }),
            case .text(let value) = parsed.slots[k].1
        else { return parsed }
        var query = Substring(value)
        while let last = query.last, "?？!！".contains(last) { query = query.dropLast() }
        let pairs: [(Character, Character)] = [("\"", "\""), ("“", "”"), ("'", "'"), ("‘", "’"), ("「", "」"), ("『", "』")]
        if query.count > 2, let (_, close) = pairs.first(where: { $0.0 == query.first }), query.last == close {
            query = query.dropFirst().dropLast()
        }
        let cleaned = String(query).trimmingSpaces()
        guard !cleaned.isEmpty, cleaned != value else { return parsed }
        var fixed = parsed
        fixed.slots[k].1 = .text(cleaned)
        return fixed
    }

    /// "who needs to reorder within 2 weeks", "两周内需要补货的客户": `within` counts days, so a
    /// count of weeks or months (lexicon `date_units`) is that many days (7 a week, 30 a month)
    /// — it was read as 2 days.
    func withinInDays(_ parsed: ParsedIntent, tokens: [Token]) -> ParsedIntent {
        guard let k = parsed.slots.firstIndex(where: { $0.0 == "within" }), case .number(let n) = parsed.slots[k].1,
            let span = parsed.tokenSpans["within"], span.upperBound < tokens.count
        else { return parsed }
        let ids = tokens.map(\.id)
        guard let (unit, _) = compiled.tables.dateUnits.match(ids, at: span.upperBound, end: tokens.count),
            let days = ["week": 7.0, "month": 30.0][unit.key]
        else { return parsed }
        var fixed = parsed
        fixed.slots[k].1 = .number(n * days)
        return fixed
    }

    /// "add new client Maple Grove Clinic 020-88812345": a region that is only a phone
    /// number's characters, with at least seven digits, is the phone (when the intent has
    /// one and it is empty), never a region.
    func phoneReadAsRegion(_ parsed: ParsedIntent) -> ParsedIntent {
        guard let k = parsed.slots.firstIndex(where: { $0.0 == "region" }), case .text(let value) = parsed.slots[k].1,
            value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || " +-()".unicodeScalars.contains($0) }),
            value.unicodeScalars.filter({ ("0"..."9").contains($0) }).count >= 7,
            let intent = compiled.intents.first(where: { $0.name == parsed.intent })
        else { return parsed }
        var fixed = parsed
        fixed.slots.remove(at: k)
        if intent.slots.contains(where: { $0.name == "phone" }), fixed[slot: "phone"] == nil {
            fixed.slots.append(("phone", .text(value)))
        }
        return fixed
    }

    /// "Quanyu Hospital's Wang Tong", "Apex Diagnostics' Dr. Rao": a person named through their
    /// organisation's possessive is the `who`, the organisation the `company` (where the
    /// intent has one and nothing filled it), as 全宇医院的王彤 is.
    func possessiveCompany(_ parsed: ParsedIntent) -> ParsedIntent {
        guard parsed[slot: "company"] == nil, case .text(let name)? = parsed[slot: "who"], name.contains("'"),
            let intent = compiled.intents.first(where: { $0.name == parsed.intent }),
            intent.slots.contains(where: { $0.name == "company" })
        else { return parsed }
        let tokens = Tokenizer.tokenize(name)
        let ids = tokens.map { compiled.id(of: $0) }
        guard let k = tokens.firstIndex(where: { $0.text == "'s" || $0.text == "'" }), k > 0, k + 1 < tokens.count,
            namesOrganisationOnItsOwn(0..<k, tokens: tokens, ids: ids) || isOrganisation(0..<k, tokens: tokens, ids: ids)
                && compiled.tables.nameSuffixes.match(ids, at: k - 1, end: k) != nil,
            tokens[(k + 1)...].allSatisfy({ $0.kind == .word || ($0.kind == .punct && $0.text == ".") }),
            tokens[k + 1].capitalized, tokens.count - k - 1 <= 4
        else { return parsed }
        var fixed = parsed
        guard let w = fixed.slots.firstIndex(where: { $0.0 == "who" }) else { return parsed }
        fixed.slots[w].1 = .text(String(name[tokens[k + 1].start...]).trimmingSpaces())
        fixed.insert("company", .text(String(name[..<tokens[k - 1].end])), of: intent)
        fixed.tokenSpans["who"] = nil
        return fixed
    }

    /// "Got a call from Megan Pryce *at Lakeside Vet* this morning", "Suresh Iyer *of Kaveri
    /// Pumps*", "Tom Becker *(Alpine Sports)*", "visited Dr Mehra*, Lotus Eye Hospital,* 20 nov":
    /// an organisation written right after the person (lexicon `company_leads`, a bracket, or
    /// a comma) is their `company` when the intent has one and nothing filled it; a note that
    /// began with it starts after it. The organisation must read as one
    /// (``namesOrganisationOnItsOwn(_:tokens:ids:)``: an organisation word last, or two to
    /// five capitalized words), so "called Tom from the airport" keeps its note.
    func companyBesideName(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard parsed[slot: "company"] == nil, case .text(let name)? = parsed[slot: "who"], let captured = parsed.tokenSpans["who"],
            !captured.isEmpty, captured.upperBound <= tokens.count,
            let intent = compiled.intents.first(where: { $0.name == parsed.intent }),
            intent.slots.contains(where: { $0.name == "company" })
        else { return parsed }
        // The phrasing's capture may hold more than the name it gave ("zhang wei at 恒通物流"):
        // the name ends where its text does.
        let lo = captured.lowerBound
        let end = (lo + 1...captured.upperBound).first { e in
            text[tokens[lo].start..<tokens[e - 1].end] == Substring(name)
        } ?? captured.upperBound
        let who = lo..<end
        guard who.upperBound < tokens.count else { return parsed }
        let ids = tokens.map(\.id)
        let k = who.upperBound
        var place: Range<Int>?
        if let (_, len) = compiled.tables.companyLeads.match(ids, at: k, end: tokens.count) {
            // The longest run of words after the lead that names an organisation and ends
            // the phrase (a mark, the end, or a word in lower case follows).
            let lo = k + len
            var hi = lo
            if lo < tokens.count, tokens[lo].kind == .han {
                // "visited li hua at 华润 this morning": Chinese after an English lead, up to a
                // space or a mark, is the organisation's name as written.
                hi += 1
                while hi < tokens.count, tokens[hi].kind == .han, !tokens[hi].spaceBefore { hi += 1 }
                let characters = tokens[lo..<hi].reduce(0) { $0 + $1.text.count }
                if (2...12).contains(characters), hi == tokens.count || tokens[hi].spaceBefore || tokens[hi].kind == .punct {
                    place = lo..<hi
                }
            }
            while place == nil, hi < tokens.count, hi - lo < 6, tokens[hi].kind == .word { hi += 1 }
            if place == nil {
                place = stride(from: hi, to: lo + 1, by: -1).lazy.map { lo..<$0 }.first { r in
                    (r.upperBound == tokens.count || tokens[r.upperBound].kind == .punct || !tokens[r.upperBound].capitalized)
                        && self.namesOrganisationOnItsOwn(r, tokens: tokens, ids: ids)
                }
            }
        } else if tokens[k].kind == .punct, ["(", "（", ",", "，", "/"].contains(tokens[k].text) {
            let close: Set<String> = tokens[k].text == "(" || tokens[k].text == "（" ? [")", "）"] : [",", "，", "/", ":", "：", "-"]
            var hi = k + 1
            while hi < tokens.count, hi - k <= 6, tokens[hi].kind != .punct { hi += 1 }
            let inner = (k + 1)..<hi
            if hi < tokens.count, close.contains(tokens[hi].text),
                namesOrganisationOnItsOwn(inner, tokens: tokens, ids: ids)
                    || (!inner.isEmpty && tokens[inner].allSatisfy { $0.kind == .han } && isOrganisation(inner, tokens: tokens, ids: ids))
            {
                place = (k + 1)..<hi
            }
        }
        guard let place, !place.isEmpty else { return parsed }
        // Another slot read there (a date, an amount) keeps it; a task's text, the whole
        // message, holds the person and their organisation both ("book a survey with Hannah
        // Schmidt at Kestrel Engineering").
        let whole = intent.whole.map { intent.slots[$0].name }
        for (name, span) in parsed.tokenSpans where name != "note" && name != "who" && name != whole && span.overlaps(place) {
            return parsed
        }
        var fixed = parsed
        fixed.insert("company", .text(String(text[tokens[place.lowerBound].start..<tokens[place.upperBound - 1].end])), of: intent)
        fixed.tokenSpans["company"] = place
        if let note = parsed.tokenSpans["note"], let n = fixed.slots.firstIndex(where: { $0.0 == "note" }),
            note.lowerBound >= k, note.lowerBound < place.upperBound
        {
            var from = place.upperBound
            while from < note.upperBound, tokens[from].kind == .punct { from += 1 }
            if from < note.upperBound {
                fixed.slots[n].1 = .text(String(text[tokens[from].start..<tokens[note.upperBound - 1].end]))
                fixed.tokenSpans["note"] = from..<note.upperBound
            } else {
                fixed.slots.remove(at: n)
                fixed.tokenSpans["note"] = nil
            }
        }
        return fixed
    }

    /// The span of `parsed`'s `who` — when it is exactly the name's words as written — and its
    /// intent, when that intent has a `company` slot still empty; the shared start of the
    /// steps that split a person from their organisation.
    func whoWithoutCompany(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> (Range<Int>, CompiledIntent)? {
        guard parsed[slot: "company"] == nil, case .text(let name)? = parsed[slot: "who"],
            let span = parsed.tokenSpans["who"], !span.isEmpty, span.upperBound <= tokens.count,
            text[tokens[span.lowerBound].start..<tokens[span.upperBound - 1].end] == Substring(name),
            let intent = compiled.intents.first(where: { $0.name == parsed.intent }),
            intent.slots.contains(where: { $0.name == "company" })
        else { return nil }
        return (span, intent)
    }

    /// "call w/ carlos mendez vista diagnostics", "mtg with Priya Nair Lotus Pharma": a person's
    /// two names (after a title such as dr) run straight into an organisation's name — words
    /// the grammar does not know, then an organisation word last — with no "at" or mark
    /// between. The person is the `who`, the organisation the `company`. The organisation
    /// must open with a word of its own, so "redgum health pty ltd" and "blue river dental
    /// clinic" stay one name.
    func personThenCompany(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard let (span, intent) = whoWithoutCompany(parsed, text: text, tokens: tokens), (4...7).contains(span.count),
            tokens[span].allSatisfy({ $0.kind == .word })
        else { return parsed }
        let t = compiled.tables
        let ids = tokens.map(\.id)
        let unknown: (Int) -> Bool = { k in
            (tokens[k].id < 0 || tokens[k].fuzzy) && t.nameSuffixes.match(ids, at: k, end: span.upperBound) == nil
        }
        let titled = t.nameTitles.match(ids, at: span.lowerBound, end: span.upperBound) != nil
        let person = span.lowerBound..<(span.lowerBound + (titled ? 3 : 2))
        let place = person.upperBound..<span.upperBound
        guard place.count >= 2, (titled ? person.dropFirst() : person[...]).allSatisfy(unknown), unknown(place.lowerBound),
            namesOrganisationOnItsOwn(place, tokens: tokens, ids: ids),
            // One way of writing: all in lower case, or each word capitalized.
            Set(tokens[span].dropFirst(titled ? 1 : 0).map(\.capitalized)).count == 1
        else { return parsed }
        return parsed.splitting(person: person, company: place, of: intent, text: text, tokens: tokens)
    }

    /// The span of a new task's text, when it is exactly the text's words as written, and
    /// the task.add intent: what the rewrites of a task's text start from.
    func taskText(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> (Range<Int>, CompiledIntent)? {
        guard parsed.intent == "task.add", let span = parsed.tokenSpans["what"], !span.isEmpty, span.upperBound <= tokens.count,
            case .text(let what)? = parsed[slot: "what"],
            text[tokens[span.lowerBound].start..<tokens[span.upperBound - 1].end] == Substring(what),
            let intent = compiled.intents.first(where: { $0.name == "task.add" })
        else { return nil }
        return (span, intent)
    }

    /// "Daily at 5pm from tomorrow until Friday: update Fatima …": a task's text that opens
    /// with a head that only says when (``whenHead(from:dates:frames:tokens:)``) starts after
    /// it; the last day the head names ("until Friday") is the task's `until` when nothing
    /// else gave one.
    func taskTextWithoutWhenHead(_ parsed: ParsedIntent, text: String, tokens: [Token], now: LocalDateTime) -> ParsedIntent {
        guard let (span, intent) = taskText(parsed, text: text, tokens: tokens) else { return parsed }
        let dates = ["due", "until"].compactMap { parsed.tokenSpans[$0] }
        let frames = parsed.tokenSpans["repeat"].map { [$0] } ?? []
        guard let from = whenHead(from: span.lowerBound, dates: dates, frames: frames, tokens: tokens), from < span.upperBound
        else { return parsed }
        var fixed = parsed
        guard let w = fixed.slots.firstIndex(where: { $0.0 == "what" }) else { return parsed }
        fixed.slots[w].1 = .text(String(text[tokens[from].start..<tokens[span.upperBound - 1].end]))
        fixed.tokenSpans["what"] = from..<span.upperBound
        guard parsed[slot: "until"] == nil, parsed[slot: "repeat"] != nil else { return fixed }
        let t = compiled.tables
        let ids = tokens.map(\.id)
        let words = Words(ids: ids, texts: tokens.map(\.text), spaceBefore: tokens.map(\.spaceBefore))
        let resolver = DateResolver(lexicon: t)
        for k in span.lowerBound..<from {
            guard let (entry, len) = t.untilWords.match(ids, at: k, end: from), entry.key != "after" else { continue }
            let lo = k + len
            for hi in stride(from: from, to: lo, by: -1) {
                guard !(lo..<hi).contains(where: { tokens[$0].kind == .punct }),
                    case .valid(let day)? = resolver.resolve(words, lo..<hi, now: now)
                else { continue }
                fixed.insert("until", .date(day), of: intent)
                fixed.tokenSpans["until"] = lo..<hi
                return fixed
            }
        }
        return fixed
    }

    /// "每周五下午4点提醒我写周报 到明年1月底为止", "…，直到明年1月底": a repeating task whose
    /// text ends with the day it stops (lexicon `until_words`: 直到, until; key `short`: 到;
    /// key `after`, after the day: 为止) gets it as `until`, and the text ends before it.
    func taskTextWithoutLastDay(_ parsed: ParsedIntent, text: String, tokens: [Token], now: LocalDateTime) -> ParsedIntent {
        guard parsed[slot: "until"] == nil, parsed[slot: "repeat"] != nil,
            let (span, intent) = taskText(parsed, text: text, tokens: tokens), span.count >= 3
        else { return parsed }
        let t = compiled.tables
        let ids = tokens.map(\.id)
        // The day ends the text, before an `after` word and marks.
        var end = span.upperBound
        while end > span.lowerBound, tokens[end - 1].kind == .punct { end -= 1 }
        if let k = (max(span.lowerBound, end - 3)..<end).first(where: { k in
            t.untilWords.match(ids, at: k, end: end).map { $0.entry.key == "after" && k + $0.length == end } ?? false
        }) {
            end = k
        }
        let words = Words(ids: ids, texts: tokens.map(\.text), spaceBefore: tokens.map(\.spaceBefore))
        let resolver = DateResolver(lexicon: t)
        for k in (span.lowerBound + 1)..<end {
            guard let (entry, len) = t.untilWords.match(ids, at: k, end: end), entry.key != "after", k + len < end,
                !(k + len..<end).contains(where: { tokens[$0].kind == .punct }),
                case .valid(let day)? = resolver.resolve(words, (k + len)..<end, now: now)
            else { continue }
            var cut = k
            while cut > span.lowerBound + 1, tokens[cut - 1].kind == .punct { cut -= 1 }
            var fixed = parsed
            guard let w = fixed.slots.firstIndex(where: { $0.0 == "what" }) else { return parsed }
            fixed.slots[w].1 = .text(String(text[tokens[span.lowerBound].start..<tokens[cut - 1].end]).trimmingSpaces())
            fixed.tokenSpans["what"] = span.lowerBound..<cut
            fixed.insert("until", .date(day), of: intent)
            fixed.tokenSpans["until"] = (k + len)..<end
            return fixed
        }
        return parsed
    }

    /// "每个月月底提醒我跟吴婷对账": a monthly repeat straight before a due that is the month's
    /// end (lexicon `date_anchors`, key `end_of_month`) repeats at the end of every month.
    func monthEndRepeat(_ parsed: ParsedIntent, tokens: [Token]) -> ParsedIntent {
        guard parsed.intent == "task.add", case .text("monthly")? = parsed[slot: "repeat"],
            let repeatSpan = parsed.tokenSpans["repeat"], let due = parsed.tokenSpans["due"],
            due.lowerBound == repeatSpan.upperBound, due.upperBound <= tokens.count,
            let (entry, len) = compiled.tables.dateAnchors.match(tokens.map(\.id), at: due.lowerBound, end: due.upperBound),
            entry.key == "end_of_month", due.lowerBound + len == due.upperBound,
            let r = parsed.slots.firstIndex(where: { $0.0 == "repeat" })
        else { return parsed }
        var fixed = parsed
        fixed.slots[r].1 = .text("month_end")
        return fixed
    }

    /// "scrap task 17 - cust already ordered", "任务22取消 客户已经自己下单了": a new task whose
    /// text opens with a task's number, in a message with a word that takes something away
    /// (lexicon `removal_words`), is that task cancelled, never a task named "17".
    func numberedTaskCancelled(_ parsed: ParsedIntent, tokens: [Token]) -> ParsedIntent {
        guard parsed.intent == "task.add", let span = parsed.tokenSpans["what"], !span.isEmpty,
            span.upperBound <= tokens.count, span.lowerBound > 0,
            tokens[span.lowerBound].kind == .number, tokens[span.lowerBound - 1].kind != .number,
            let number = Double(tokens[span.lowerBound].text), number >= 1, number == number.rounded(),
            has(compiled.tables.removalWords, tokens.map(\.id)),
            let cancel = compiled.intents.first(where: { $0.name == "task.cancel" })
        else { return parsed }
        var fixed = ParsedIntent(intent: cancel.name, slots: [], language: parsed.language, missing: [])
        fixed.insert("ref", .number(number), of: cancel)
        fixed.tokenSpans["ref"] = span.lowerBound..<(span.lowerBound + 1)
        fixed.confidence = parsed.confidence
        fixed.decidedBy = parsed.decidedBy
        fixed.moods = parsed.moods
        return fixed
    }

    /// "new contact: Ahmed Khan, Al Noor Hospital, head of biomed": read as the title "Al Noor
    /// Hospital, head" of a customer "biomed". When the title opens with an organisation and a
    /// comma, and the customer came right after it (of, at, from), the organisation is the
    /// customer and the title runs on to the end ("head of biomed").
    func customerBeforeTitle(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard parsed.intent == "contact.add", let title = parsed.tokenSpans["title"], let customer = parsed.tokenSpans["customer"],
            customer.upperBound <= tokens.count, title.upperBound + 1 == customer.lowerBound,
            let comma = title.first(where: { tokens[$0].text == "," || tokens[$0].text == "，" }), comma > title.lowerBound,
            comma + 1 < title.upperBound
        else { return parsed }
        let ids = tokens.map(\.id)
        let place = title.lowerBound..<comma
        guard isNamedOrganisation(place, tokens: tokens, ids: ids),
            let c = parsed.slots.firstIndex(where: { $0.0 == "customer" }),
            let t = parsed.slots.firstIndex(where: { $0.0 == "title" })
        else { return parsed }
        var fixed = parsed
        fixed.slots[c].1 = .text(String(text[tokens[place.lowerBound].start..<tokens[place.upperBound - 1].end]))
        fixed.slots[t].1 = .text(String(text[tokens[comma + 1].start..<tokens[customer.upperBound - 1].end]))
        fixed.tokenSpans["customer"] = place
        fixed.tokenSpans["title"] = (comma + 1)..<customer.upperBound
        return fixed
    }

    /// "add contact Tom Becker, ops director, Northgate Logistics", "new contact Emily Hart -
    /// purchasing - pinecrest hotel": the title written before the customer. When what was
    /// read as the title names an organisation and what was read as the customer does not,
    /// they change places.
    func customerAfterTitle(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard parsed.intent == "contact.add", let title = parsed.tokenSpans["title"], let customer = parsed.tokenSpans["customer"],
            !title.isEmpty, !customer.isEmpty, customer.upperBound < title.lowerBound, title.upperBound <= tokens.count,
            case .text(let titleText)? = parsed[slot: "title"],
            text[tokens[title.lowerBound].start..<tokens[title.upperBound - 1].end] == Substring(titleText),
            let c = parsed.slots.firstIndex(where: { $0.0 == "customer" }),
            let t = parsed.slots.firstIndex(where: { $0.0 == "title" })
        else { return parsed }
        let ids = tokens.map(\.id)
        let suffixes = compiled.tables.nameSuffixes
        let endsWithOrganisationWord: (Range<Int>) -> Bool = { r in
            r.contains { k in suffixes.match(ids, at: k, end: r.upperBound).map { k + $0.length == r.upperBound } ?? false }
        }
        guard namesOrganisationOnItsOwn(title, tokens: tokens, ids: ids) || isOrganisation(title, tokens: tokens, ids: ids),
            endsWithOrganisationWord(title), !endsWithOrganisationWord(customer),
            !namesOrganisationOnItsOwn(customer, tokens: tokens, ids: ids)
        else { return parsed }
        var fixed = parsed
        fixed.slots[c].1 = .text(titleText)
        fixed.slots[t].1 = .text(String(text[tokens[customer.lowerBound].start..<tokens[customer.upperBound - 1].end]))
        fixed.tokenSpans["customer"] = title
        fixed.tokenSpans["title"] = customer
        return fixed
    }

    /// "New deal with Elmstead Care Homes: "Kent mat pilot", £5,400, …", "Create deal 'Loan pump
    /// conversion' for Pinecrest Hospital, …", "有个新商机“仓储系统二期”": a deal's title in
    /// quotes is what the quotes hold — never its customer, and never the text around it.
    func quotedDealTitle(_ parsed: ParsedIntent, text: String) -> ParsedIntent {
        guard ["deal.add", "deal.update"].contains(parsed.intent),
            let intent = compiled.intents.first(where: { $0.name == parsed.intent }),
            intent.slots.contains(where: { $0.name == "title" }),
            let quoted = Self.onlyQuote(in: text)
        else { return parsed }
        let inner = String(text[quoted.inner]).trimmingSpaces()
        guard (2...80).contains(inner.count) else { return parsed }
        var fixed = parsed
        if let w = fixed.slots.firstIndex(where: { $0.0 == "who" }), case .text(let who) = fixed.slots[w].1,
            who == inner || who.contains(inner)
        {
            // The customer is the name after "for", "with" or "at" that follows the quotes.
            let after = text[quoted.outer.upperBound...]
            guard let lead = after.firstMatch(of: /^\s+(?:for|with|at)\s+([^,，:;：]+)/) else { return parsed }
            fixed.slots[w].1 = .text(String(lead.1).trimmingSpaces())
            fixed.tokenSpans["who"] = nil
        }
        if let t = fixed.slots.firstIndex(where: { $0.0 == "title" }) {
            fixed.slots[t].1 = .text(inner)
        } else {
            fixed.insert("title", .text(inner), of: intent)
        }
        fixed.tokenSpans["title"] = nil
        return fixed
    }

    /// The one quoted passage of `text` ("…", “…”, '…' set apart by spaces or marks), with
    /// and without its quotes; nil when there is none or more than one.
    static func onlyQuote(in text: String) -> (outer: Range<String.Index>, inner: Range<String.Index>)? {
        let pairs: [(Character, Character)] = [("“", "”"), ("\"", "\""), ("'", "'"), ("‘", "’"), ("「", "」")]
        var found: [(outer: Range<String.Index>, inner: Range<String.Index>)] = []
        for (open, close) in pairs {
            var i = text.startIndex
            while let o = text[i...].firstIndex(of: open) {
                let innerStart = text.index(after: o)
                guard innerStart < text.endIndex, let c = text[innerStart...].firstIndex(of: close) else { break }
                let end = text.index(after: c)
                // An apostrophe inside a word (O'Malley, Vale Logistics') is no quote.
                let before = o == text.startIndex ? nil : text[text.index(before: o)]
                let next = end < text.endIndex ? text[end] : nil
                let opens = before.map { $0.isWhitespace || $0.isPunctuation } ?? true
                let closes = next.map { $0.isWhitespace || $0.isPunctuation } ?? true
                if open == close && open == "'" && !(opens && closes) {
                    i = innerStart
                    continue
                }
                if c > innerStart { found.append((o..<end, innerStart..<c)) }
                i = end
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// "Amara Okafor of Harbourside Medical Centre is the decider": a name the phrasing read
    /// whole that is a person, "of", and an organisation ending with an organisation word is
    /// that person of that organisation ("Bank of America" stays one name: America is no
    /// organisation word).
    func personOfCompany(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard let (span, intent) = whoWithoutCompany(parsed, text: text, tokens: tokens), span.count >= 3,
            let k = span.dropFirst().dropLast().first(where: { tokens[$0].text.lowercased() == "of" })
        else { return parsed }
        let ids = tokens.map(\.id)
        let suffixes = compiled.tables.nameSuffixes
        let person = span.lowerBound..<k
        let place = (k + 1)..<span.upperBound
        guard person.count <= 4, tokens[person].allSatisfy({ $0.kind == .word && ($0.capitalized || $0.id < 0 || $0.fuzzy) }),
            !person.contains(where: { suffixes.match(ids, at: $0, end: k) != nil }),
            place.contains(where: { j in suffixes.match(ids, at: j, end: place.upperBound).map { j + $0.1 == place.upperBound } ?? false }),
            namesOrganisationOnItsOwn(place, tokens: tokens, ids: ids)
        else { return parsed }
        return parsed.splitting(person: person, company: place, of: intent, text: text, tokens: tokens)
    }

    /// "提醒我周五跟天成生物的高总签合同", "每两周给德仁堂的何老师打个电话": a Chinese name that
    /// stopped at 的, followed by a person — a surname and a title (高总, 何老师) or a family
    /// name and one character — was that person of that organisation: the person is the
    /// `who`, the organisation the `company` (a task's text keeps both).
    func personAfterCompanyOf(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard let (span, intent) = whoWithoutCompany(parsed, text: text, tokens: tokens), span.count >= 3,
            span.upperBound + 2 < tokens.count, tokens[span].allSatisfy({ $0.kind == .han }), tokens[span.upperBound].text == "的"
        else { return parsed }
        let ids = tokens.map(\.id)
        let t = compiled.tables
        let s = span.upperBound + 1
        let titled = (2...3).reversed().first { length in
            s + length <= tokens.count && tokens[s..<(s + length)].allSatisfy({ $0.kind == .han })
                && t.nameEdges.match(ids, at: s + 1, end: s + length).map { $0.0.key == "title" && s + 1 + $0.1 == s + length } == true
        }
        let length = titled ?? 2
        let person = s..<(s + length)
        guard person.upperBound <= tokens.count, isPersonOfOrganisation(person, tokens: tokens, ids: ids),
            // The person ends where a word of the grammar or a mark begins (跟…的高总|签合同).
            titled != nil || person.upperBound == tokens.count || tokens[person.upperBound].kind != .han
                || tokens[person.upperBound].id >= 0
        else { return parsed }
        return parsed.splitting(person: person, company: span, of: intent, text: text, tokens: tokens)
    }

    /// "今天在全宇医院拜访了王彤", "在华康医院见了李主任", "今天在Sunrise Dental拜访Dr Lim，他要
    /// quotation": a visit logged to an organisation whose note opens with a person — a family
    /// name and one or two characters, a surname and a title, or a title and a capitalized name,
    /// ending where a word, a mark or a space begins — was a visit to that person there: the
    /// person is the `who`, the organisation the `company`, the rest the note.
    /// A note after a mark is a sentence of its own ("拜访了全宇医院，王主任不在" was a visit to the
    /// hospital): only one the verb runs straight into is read so.
    func personOpeningNote(_ parsed: ParsedIntent, text: String) -> ParsedIntent {
        guard parsed.intent == "activity.log", parsed[slot: "company"] == nil, case .text(let place)? = parsed[slot: "who"],
            case .text(let note)? = parsed[slot: "note"], let written = text.firstRange(of: note)
        else { return parsed }
        if let before = text[..<written.lowerBound].last(where: { $0 != " " && $0 != "\u{3000}" }),
            before.isPunctuation || before.isSymbol
        {
            return parsed
        }
        let placeTokens = Tokenizer.tokenize(place)
        let placeIDs = placeTokens.map { compiled.id(of: $0) }
        let all = 0..<placeTokens.count
        guard isOrganisation(all, tokens: placeTokens, ids: placeIDs) || namesOrganisationOnItsOwn(all, tokens: placeTokens, ids: placeIDs)
        else { return parsed }
        let tokens = Tokenizer.tokenize(note)
        let ids = tokens.map { compiled.id(of: $0) }
        func boundary(_ k: Int) -> Bool {
            k == tokens.count || tokens[k].kind == .punct || tokens[k].spaceBefore || tokens[k].kind != tokens[k - 1].kind
                || CompiledGrammar.flag(compiled.isNameStop, ids[k]) || CompiledGrammar.flag(compiled.isNameBreak, ids[k])
        }
        var person: Int?
        if tokens.first?.kind == .han {
            person = (2...4).first { n in
                n <= tokens.count && tokens[0..<n].allSatisfy { $0.kind == .han }
                    && isPersonOfOrganisation(0..<n, tokens: tokens, ids: ids) && boundary(n)
            }
        } else if let first = tokens.first, first.kind == .word, compiled.tables.nameTitles.match(ids, at: 0, end: 1) != nil {
            // "Dr Lim", "Mr Tan": a title and one or two capitalized words.
            var n = 1
            while n < tokens.count, n < 3, tokens[n].kind == .word, tokens[n].capitalized, tokens[n].id < 0 { n += 1 }
            if n > 1, n == tokens.count || tokens[n].kind != .word { person = n }
        }
        guard let n = person else { return parsed }
        var rest = n
        while rest < tokens.count, tokens[rest].kind == .punct { rest += 1 }
        var fixed = parsed
        let who = String(note[tokens[0].start..<tokens[n - 1].end])
        fixed.slots = parsed.slots.compactMap { slot in
            switch slot.0 {
            case "who": return ("who", .text(who))
            case "note": return rest < tokens.count ? ("note", .text(String(note[tokens[rest].start...]).trimmingSpaces())) : nil
            default: return slot
            }
        }
        if let intent = compiled.intents.first(where: { $0.name == parsed.intent }) {
            fixed.insert("company", .text(place), of: intent)
        }
        fixed.tokenSpans["company"] = fixed.tokenSpans["who"]
        fixed.tokenSpans["who"] = nil
        fixed.tokenSpans["note"] = nil
        return fixed
    }

    /// "给彭院长送了生日礼物", "给何平寄了一封感谢信", "sent harmon group a xmas hamper", "sent tom a
    /// bottle of wine for his bday": what was given or sent, read as the gift or letter type, is
    /// also what the note says was given — with the words that qualify it ("感谢", "xmas") and
    /// what the message runs on with ("for his bday"). A note after a mark stays as it is; a
    /// type read from the verb (送了, 寄了) names nothing given.
    func giftInNote(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard parsed.intent == "activity.log", case .text(let type)? = parsed[slot: "type"], type == "gift" || type == "letter",
            let r = parsed.tokenSpans["type"], !r.isEmpty, r.upperBound <= tokens.count
        else { return parsed }
        let word = text[tokens[r.lowerBound].start..<tokens[r.upperBound - 1].end]
        if word.hasSuffix("了") || ["送", "寄", "写", "发", "快"].contains(where: { word.hasPrefix($0) }) || word.hasSuffix("ed") {
            return parsed
        }
        let who = parsed.tokenSpans["who"] ?? 0..<0
        var start = r.lowerBound
        while start > 0, r.lowerBound - start < 3, !who.contains(start - 1) {
            let t = tokens[start - 1]
            let modifier = t.kind == .han
                ? !Self.giftLeads.contains(t.text)
                : t.kind == .word && !Self.giftArticles.contains(t.text)
            guard modifier, t.kind == tokens[r.lowerBound].kind else { break }
            start -= 1
        }
        let object = text[tokens[start].start..<tokens[r.upperBound - 1].end]
        var fixed = parsed
        if case .text(let note)? = parsed[slot: "note"], let k = fixed.slots.firstIndex(where: { $0.0 == "note" }) {
            // Only a note a gift runs straight into ("… wine for his bday"); a letter's note is
            // what it says ("a handwritten letter thanking her for the order").
            guard type == "gift", !who.contains(where: { $0 >= r.upperBound }),
                let written = text[tokens[r.upperBound - 1].end...].firstRange(of: note)
            else { return parsed }
            let between = text[tokens[r.upperBound - 1].end..<written.lowerBound]
            guard !between.contains(where: { $0.isPunctuation || $0.isSymbol }) else { return parsed }
            fixed.slots[k].1 = .text(String(text[object.startIndex..<written.upperBound]))
        } else {
            fixed.slots.append(("note", .text(String(object))))
        }
        return fixed
    }

    /// Words before a gift that are not part of what was given: a measure word, the verb's 了.
    static let giftLeads: Set<String> = ["了", "封", "份", "个", "张", "束", "盒", "瓶", "箱", "送", "寄", "给", "把", "一", "些"]
    static let giftArticles: Set<String> = ["a", "an", "the", "some", "our", "my", "his", "her", "their"]

    /// Intents that set one fact of a customer or contact: asked as a question, they read it.
    static let factWrites: Set<String> = ["customer.update", "contact.profile", "prospect.grade", "contact.move", "stage.set"]
    /// Intents that write down something done: asked whether it was done, they read the history.
    static let recordWrites: Set<String> = ["activity.log", "order.record", "payment.record"]

    /// "王彤的电话是多少？", "周华是决策者吗？", "is Zhou Hua the analytical type?", "which stage is
    /// Acme Corp in now?": a question about a customer's field, a contact's role, a grade, a
    /// stage or a company (lexicon `asks`, key `ask`) that is no request ("can you set…", "帮我把
    /// …改成…吗") and names no change verb is the rep asking to see the customer, not
    /// setting the fact: it reads as `customer.show`, so questions never write.
    ///
    /// So is a question whether something was done (key `past`: "did we get paid by Harbor
    /// Pharma?", "华康药业回款了吗？", "has anyone visited Greenfield Clinic lately?"): a visit,
    /// an order or a payment asked about is the customer's history, never a new record.
    func questionAsRead(_ parsed: ParsedIntent, raw: [Token]) -> ParsedIntent {
        guard Self.factWrites.contains(parsed.intent) || Self.recordWrites.contains(parsed.intent), !parsed.isEdit,
            let who = parsed[slot: "who"]
        else { return parsed }
        let words = raw.filter { $0.kind != .punct }
        guard let first = words.first else { return parsed }
        let ids = words.map { compiled.id(of: $0) }
        let asks = compiled.tables.asks
        if asks.match(ids, at: 0, end: ids.count)?.entry.key == "request" { return parsed }
        if Self.recordWrites.contains(parsed.intent) {
            // An English question opens with its word and ends with a question mark; a Chinese
            // one ends with its words (了吗, 过没有).
            let endsAsking = raw.last.map { $0.text == "?" || $0.text == "？" } ?? false
            let pastAsked = (first.kind == .word && endsAsking && asks.match(ids, at: 0, end: ids.count)?.entry.key == "past")
                || (words.last?.kind == .han && (max(0, ids.count - 3)..<ids.count).contains { k in
                    guard let (entry, len) = asks.match(ids, at: k, end: ids.count) else { return false }
                    return entry.key == "past" && k + len == ids.count
                })
            return pastAsked ? parsed.read(as: "customer.history", who: who) : parsed
        }
        let asked: Bool
        if first.kind == .word, asks.match(ids, at: 0, end: ids.count)?.entry.key == "ask" {
            asked = true
        } else {
            asked = words.indices.contains { k in
                words[k].kind == .han && asks.match(ids, at: k, end: ids.count)?.entry.key == "ask"
            }
        }
        return asked ? parsed.read(as: "customer.show", who: who) : parsed
    }

    /// Whether latin words `range` name an organisation with nothing around to say so: an
    /// organisation word last ("northgate clinic"), or two to five words all capitalized
    /// ("Lakeside Vet", not "Lakeside Vet this morning").
    func namesOrganisationOnItsOwn(_ range: Range<Int>, tokens: [Token], ids: [Int32]) -> Bool {
        guard !range.isEmpty, range.count <= 6, tokens[range].allSatisfy({ $0.kind == .word }) else { return false }
        // An organisation word last, after words that are not the grammar's ("northgate
        // clinic", not "home about the clinic") or are organisation words too ("redgum
        // health pty ltd").
        let suffixes = compiled.tables.nameSuffixes
        if let k = range.first(where: { k in
            suffixes.match(ids, at: k, end: range.upperBound).map { k + $0.1 == range.upperBound } ?? false
        }), k > range.lowerBound {
            let own: (Int) -> Bool = { j in tokens[j].capitalized || tokens[j].id < 0 || tokens[j].fuzzy }
            let before = range.lowerBound..<k
            if before.contains(where: own), before.allSatisfy({ j in own(j) || suffixes.match(ids, at: j, end: k) != nil }) {
                return true
            }
        }
        return (2...5).contains(range.count) && tokens[range].allSatisfy(\.capitalized)
    }

    /// "去恒通物流走访了一趟", "去了鼎盛贸易有限公司，见了采购", "周五去瑞康医疗拜访": an organisation
    /// read as `company` beside no person — `who` empty, or Chinese that is not a person's
    /// name (a family name first, a surname and a title, 老/小 and a character) — is the `who`;
    /// what followed the organisation, when nothing else read it, is the note ("见了采购").
    func companyWithoutPerson(_ parsed: ParsedIntent, text: String, tokens: [Token]) -> ParsedIntent {
        guard let c = parsed.slots.firstIndex(where: { $0.0 == "company" }), case .text(let company) = parsed.slots[c].1
        else { return parsed }
        var fixed = parsed
        if let w = fixed.slots.firstIndex(where: { $0.0 == "who" }), case .text(let who) = fixed.slots[w].1 {
            guard who.unicodeScalars.contains(where: \.isHan), !isPersonName(who) else { return parsed }
            fixed.slots[w].1 = .text(company)
            if fixed[slot: "note"] == nil, let place = fixed.tokenSpans["company"], let person = fixed.tokenSpans["who"],
                place.upperBound < person.upperBound, person.upperBound == tokens.count,
                compiled.intents.first(where: { $0.name == parsed.intent })?.slots.contains(where: { $0.name == "note" }) ?? false
            {
                var from = place.upperBound
                while from < person.upperBound, tokens[from].kind == .punct { from += 1 }
                if from < person.upperBound {
                    fixed.slots.append(("note", .text(String(text[tokens[from].start..<tokens[person.upperBound - 1].end]))))
                }
            }
            fixed.tokenSpans["who"] = fixed.tokenSpans["company"]
        } else {
            fixed.slots.insert(("who", .text(company)), at: c)
            fixed.tokenSpans["who"] = fixed.tokenSpans["company"]
            fixed.missing.removeAll { $0 == "who" }
        }
        fixed.slots.removeAll { $0.0 == "company" }
        fixed.tokenSpans["company"] = nil
        return fixed
    }

    /// Whether Chinese `name` reads as a person: ``isPersonOfOrganisation(_:tokens:ids:)`` on its tokens.
    func isPersonName(_ name: String) -> Bool {
        let tokens = Tokenizer.tokenize(name)
        return isPersonOfOrganisation(0..<tokens.count, tokens: tokens, ids: tokens.map { compiled.id(of: $0) })
    }

    /// "大后天拜访刘芳", "schedule a call with feng yi thursday 4pm", "周三去康宁诊所收款": a
    /// visit, call, meeting, order or payment dated after today is a plan, not a fact,
    /// and so is one at a later hour of today that does not say it was done ("今晚8点给老陈
    /// 发个微信"). It is read as the task to do it (the message as the task's text, the
    /// date as its due date), never as a logged activity, an order or a payment.
    func visitPlannedAsTask(
        _ parsed: ParsedIntent, text: String, raw: [Token], prepared: [Token], now: LocalDateTime
    ) -> ParsedIntent {
        guard ["activity.log", "order.record", "payment.record"].contains(parsed.intent),
            let date = parsed[slot: "date"]?.date
        else { return parsed }
        // A later hour of today that says it was done ("had lunch w/ Omar": lunch is noon)
        // stays for the bot to ask about.
        let ids = raw.map { compiled.id(of: $0) }
        let laterToday = parsed.intent == "activity.log" && date.date == now.date
            && (date.minuteOfDay ?? 0) > (now.minuteOfDay ?? 24 * 60) && !saysDone(ids)
        guard date.date > now.date || laterToday else { return parsed }
        // "Acme ordered 50 units for $5000, delivery next friday", "visited Wang Tong on dec 3":
        // a record the message says was made stays one, dated ahead, and the bot asks whether
        // it is a task instead of writing either.
        // An order or payment is made by the whole message ("ordered …, delivery next friday");
        // a visit only by the clause of its date ("visit Acme on friday, they had a problem").
        let saidDone = parsed.intent == "activity.log"
            ? parsed.tokenSpans["date"].flatMap { span in
                span.upperBound <= prepared.count ? saysDone(prepared.map(\.id), clauseOf: span, prepared) : nil
            } ?? saysDone(ids)
            : saysDone(ids)
        guard !saidDone else { return parsed }
        // The task's text: the message from its first word that counts, without the date.
        let tokens = prepared
        var what = text.trimmingSpaces()
        if let first = tokens.first, let last = tokens.last {
            what = String(text[first.start..<last.end])
            if let task = compiled.intents.first(where: { $0.name == "task.add" }) {
                let date = parsed.tokenSpans["date"].flatMap { r in r.upperBound <= tokens.count ? r : nil }
                if let kept = wholeText(dates: date.map { [$0] } ?? [], intent: task, tokens: tokens, text: text) { what = kept }
            }
        }
        var slots: [(String, SlotValue)] = [("what", .text(what))]
        if let who = parsed[slot: "who"] { slots.append(("who", who)) }
        slots.append(("due", .date(date)))
        if let company = parsed[slot: "company"] { slots.append(("company", company)) }
        var task = ParsedIntent(intent: "task.add", slots: slots, language: parsed.language, missing: [])
        task.confidence = parsed.confidence
        task.decidedBy = parsed.decidedBy
        task.isPlan = true
        task.isEdit = parsed.isEdit
        task.moods = parsed.moods
        return task
    }

    /// A token just outside a name the tagger read inside the grammar's: a
    /// Chinese character, or an English word the grammar knows that does not
    /// end organisation names (punctuation may belong to it: "Sons, Ltd.").
    /// Whether the Chinese words `outer` has after `inner` end in an organisation word
    /// (lexicon `name_suffixes`) with no particle or stop word where they begin: then they
    /// are the rest of an organisation's name, a branch of it ("深圳分部"), not grammar.
    /// ("黄磊到天元化工有限公司" still cuts at 到.)
    func cutsOffAnOrganisation(_ inner: Range<Int>, _ outer: Range<Int>, _ tokens: [Token]) -> Bool {
        // A one-character word first is a function word ("到", "在", "给"), not a place or a branch.
        guard inner.upperBound < outer.upperBound, tokens[inner.upperBound].kind == .han,
            tokens[inner.upperBound].text.count >= 2,
            !CompiledGrammar.flag(compiled.isNameStop, tokens[inner.upperBound].id),
            !CompiledGrammar.flag(compiled.isNameBreak, tokens[inner.upperBound].id)
        else { return false }
        let ids = tokens.map(\.id)
        return (inner.upperBound..<outer.upperBound).contains { k in
            guard let (_, len) = compiled.tables.nameSuffixes.match(ids, at: k, end: outer.upperBound) else { return false }
            return k + len == outer.upperBound
        }
    }

    func notPartOfAName(_ token: Token) -> Bool {
        switch token.kind {
        case .han: return true
        case .number, .punct: return false
        case .word:
            // "kim's auto parts ordered…": a possessive inside a name the phrasing read is part of it.
            if token.text == "'s" { return false }
            // A word read as a typo of a grammar word ("diner" for "dinner") may be a name's.
            return token.id >= 0 && !token.fuzzy && !token.capitalized
                && compiled.tables.nameSuffixes.match([token.id], at: 0, end: 1) == nil
        }
    }

    /// True when a word that leads a name but is not part of it (lexicon
    /// `name_edges`, key `lead`: 一下, 趟) ends right before token `k`.
    func leadEnds(at k: Int, _ tokens: [Token]) -> Bool {
        let ids = tokens.map(\.id)
        return (max(0, k - 3)..<k).contains { i in
            guard let (entry, length) = compiled.tables.nameEdges.match(ids, at: i, end: k) else { return false }
            return entry.key == "lead" && i + length == k
        }
    }

    /// True when a marker of `table` occurs in the message.
    func has(_ table: IdTable, _ ids: [Int32]) -> Bool {
        ids.indices.contains { table.match(ids, at: $0, end: ids.count) != nil }
    }

    /// True when the message has a word of the `moods` key `done` (visited, had, 了, 过).
    func saysDone(_ ids: [Int32]) -> Bool {
        ids.indices.contains { compiled.tables.moods.match(ids, at: $0, end: ids.count)?.entry.key == "done" }
    }

    /// True when the clause holding `range` (between punctuation that ends a clause) has a
    /// word of the `moods` key `done`: "visit Acme on friday, they had a problem" and
    /// "周五拜访张总，别忘了" say nothing was done on friday.
    ///
    /// A later clause that opens with such a word, with no subject before it, is the rep
    /// telling what they did there: "Tuesday visit to Sunil Desai, discussed the fleet
    /// bundle" and "Fri call w/ Owen Price, asked for references" were done ("…, they had a
    /// problem" still says nothing of friday).
    func saysDone(_ ids: [Int32], clauseOf range: Range<Int>, _ tokens: [Token]) -> Bool {
        let clause = self.clause(of: range, tokens)
        let moods = compiled.tables.moods
        if clause.contains(where: { moods.match(ids, at: $0, end: clause.upperBound)?.entry.key == "done" }) {
            return true
        }
        // "visited Dr Iyer, Lotus Clinic, on friday, …": an earlier clause that opens with what
        // the rep did (after I, we, just or already) dates the visit too.
        var j = 0
        while j < clause.lowerBound {
            while j < clause.lowerBound, tokens[j].kind == .punct { j += 1 }
            var w = j
            while w < clause.lowerBound, ["i", "we", "just", "already", "i've", "we've"].contains(tokens[w].text.lowercased()) { w += 1 }
            if w < clause.lowerBound, tokens[w].kind == .word, moods.match(ids, at: w, end: clause.lowerBound)?.entry.key == "done" {
                return true
            }
            guard j < clause.lowerBound else { break }
            j = max(j + 1, self.clause(of: j..<(j + 1), tokens).upperBound)
        }
        var k = clause.upperBound
        while k < tokens.count {
            while k < tokens.count, tokens[k].kind == .punct { k += 1 }
            guard k < tokens.count else { break }
            if tokens[k].kind == .word, moods.match(ids, at: k, end: ids.count)?.entry.key == "done" { return true }
            // "周四拜访黄总，谈了年框": a Chinese clause that opens with a verb and 了 — not with
            // someone else (他说了) nor with a negation or a reminder (别忘了) — is the rep's.
            if tokens[k].kind == .han, compiled.tables.subjects.match(ids, at: k, end: ids.count) == nil,
                moods.match(ids, at: k, end: ids.count) == nil,
                (1...3).contains(where: { j in
                    k + j < tokens.count && tokens[k..<(k + j)].allSatisfy { $0.kind == .han }
                        && moods.match(ids, at: k + j, end: ids.count)?.entry.key == "done" && tokens[k + j].text == "了"
                })
            {
                return true
            }
            k = self.clause(of: k..<(k + 1), tokens).upperBound
        }
        return false
    }

    /// True when the clause holding `range` has a marker of `table`: "had a meeting with
    /// them on wed, *going to* tender in jan" plans nothing for wednesday.
    func has(_ table: IdTable, _ ids: [Int32], clauseOf range: Range<Int>, _ tokens: [Token]) -> Bool {
        let clause = self.clause(of: range, tokens)
        return clause.contains { table.match(ids, at: $0, end: clause.upperBound) != nil }
    }

    /// The tokens of the clause holding `range`: up to the punctuation that ends a clause
    /// on either side.
    func clause(of range: Range<Int>, _ tokens: [Token]) -> Range<Int> {
        func ends(_ k: Int) -> Bool { tokens[k].kind == .punct && Self.clauseEnds.contains(tokens[k].text) }
        var lo = min(range.lowerBound, tokens.count)
        while lo > 0, !ends(lo - 1) { lo -= 1 }
        var hi = max(lo, min(range.upperBound, tokens.count))
        while hi < tokens.count, !ends(hi) { hi += 1 }
        return lo..<hi
    }

    static let clauseEnds: Set<String> = [",", "，", ":", "：", ";", "；", "-", "—", "–", "。", "!", "！", "?", "？"]

    /// Intents whose free text keeps its own negations: what a customer said
    /// (a complaint) or what is to be done (a task's text).
    static let textKeepsNegations: Set<String> = ["complaint.open", "task.add"]

    /// The moods the lexicon table `moods` finds in the message's words. Negations inside
    /// `quoted` (free text) and hedges or negations inside `named` (a vocabulary value) are
    /// not the message's mood.
    func moods(
        _ raw: [Token], _ ids: [Int32], quoted: [Range<String.Index>] = [], named: [Range<String.Index>] = []
    ) -> Set<ParsedIntent.Mood> {
        let table = compiled.tables.moods
        let words = raw.indices.filter { raw[$0].kind != .punct }
        var found = Set<ParsedIntent.Mood>()
        var done = false
        // A phrase is read whole: the "not" of "do not forget" (key `reminder`, no mood) is
        // not a negation of its own.
        var next = 0
        for i in ids.indices where i >= next {
            guard let (entry, length) = table.match(ids, at: i, end: ids.count) else { continue }
            next = i + length
            switch entry.key {
            case "question_end":
                if i + length - 1 == (words.last ?? -1) { found.insert(.question) }
            case "imperative":
                if i == words.first { found.insert(.imperative) }
            case "done":
                done = true
            case "denial":
                // "no complaint", "没问题": denies the record wherever it stands.
                found.insert(.negation)
            case "negation" where quoted.contains(where: { $0.contains(raw[i].start) }):
                continue
            case "negation", "hedge":
                if named.contains(where: { $0.contains(raw[i].start) }) { continue }
                if let mood = ParsedIntent.Mood(rawValue: entry.key) { found.insert(mood) }
            default:
                if let mood = ParsedIntent.Mood(rawValue: entry.key) { found.insert(mood) }
            }
        }
        if let last = raw.last, last.kind == .punct, last.text == "?" { found.insert(.question) }
        if !done && raw.contains(where: { $0.kind == .han }) { found.insert(.unmarked) }
        return found
    }

    private func decide(_ limited: String, raw: [Token], now: LocalDateTime) -> IntentDecision.Explanation {
        let language = Language.detect(limited)
        let tokens = preprocessor.prepare(raw)
        func explain(_ p: ParsedIntent, _ layer: IntentDecision.Layer, grammar: String, slots: String)
            -> IntentDecision.Explanation
        {
            var p = p
            p.decidedBy = layer
            return IntentDecision.Explanation(
                parsed: p, layer: layer, grammarIntent: grammar, modelIntent: nil, modelProbability: nil,
                ranking: [], slotSource: slots, topFeatures: [])
        }
        guard !tokens.isEmpty else {
            return explain(ParsedIntent(intent: IntentCatalog.none, language: language), .none, grammar: "none", slots: "none")
        }
        var phrased: ParsedIntent?
        var matchLanguage = language
        if let (result, lang) = bestMatch(tokens, language: language, text: limited, now: now) {
            phrased = build(result, tokens: tokens, text: limited, language: language, now: now)
            matchLanguage = lang
            // "Next Wednesday at 2pm: visit Ingrid …" read as someone called "Next" at "2pm": a
            // phrasing that takes a day or a time for a name read the message wrong.
            if let p = phrased, namesADayOrATime(p, tokens: tokens, now: now) { phrased = nil }
            // "the task force meeting moved to the big room": "task" after "the" is a noun of the
            // sentence, not the request to add one.
            if phrased?.intent == "task.add", tokens.count > 2,
                ["the", "our", "this", "that"].contains(tokens[0].text.lowercased()),
                ["task", "todo", "to-do"].contains(tokens[1].text.lowercased())
            {
                phrased = nil
            }
        }
        func fallback() -> (ParsedIntent, IntentDecision.Layer) {
            if let cued = cueFallback.intent(for: limited, language: language) { return (cued, .cue) }
            return (
                ParsedIntent(intent: IntentCatalog.none, language: language,
                    suggestions: suggester.suggest(tokens, language: language)), .none
            )
        }
        // A long paste is not a request: the grammar alone reads it (and the model's features,
        // linear in the length, are not computed for a megabyte).
        guard let model, tokens.count <= IntentDecision.maxModelTokens * 4 else {
            if let phrased { return explain(phrased, .grammar, grammar: phrased.intent, slots: "grammar") }
            let (p, layer) = fallback()
            return explain(p, layer, grammar: p.intent, slots: "grammar")
        }

        let marks = extractor.vocabularyMarks(tokens)
        let prediction = model.classify(tokens, extractor: extractor, marks: marks)
        let probs = prediction.probabilities
        let best = tenseTieBreak(prediction.best, probs, labels: model.classifier.labels, tokens: tokens)
        let labels = model.classifier.labels
        let modelIntent = labels[best]
        let pBest = probs[best]
        let ranking = probs.indices.sorted { probs[$0] > probs[$1] }.prefix(3).map { (labels[$0], Double(probs[$0])) }
        var explanation = IntentDecision.Explanation(
            parsed: ParsedIntent(intent: IntentCatalog.none, language: language), layer: .none,
            grammarIntent: phrased?.intent ?? IntentCatalog.none, modelIntent: modelIntent,
            modelProbability: Double(pBest), ranking: ranking, slotSource: "none", topFeatures: [])
        /// The model's intent with its slots (the grammar's phrasing of that intent, else the tagger's).
        func decidedByModel(_ matchLanguage: Language) -> IntentDecision.Explanation {
            var e = explanation
            var p = modelReading(best, tokens: tokens, text: limited, language: language,
                matchLanguage: matchLanguage, now: now, marks: marks, source: &e.slotSource)
            p.confidence = Double(pBest)
            // A new record's name the tagger cut inside a word, or a lone character, is a guess
            // ("新建客户 东方建材，建材行业" tagged 东): however sure the model is of the intent,
            // the bot shows it and asks.
            if e.slotSource == "model tagger",
                let name = p.slots.first(where: { Self.creatingSlots.contains(p.intent + "/" + $0.0) })?.0,
                let span = p.tokenSpans[name], !span.isEmpty, span.upperBound <= tokens.count
            {
                let next = span.upperBound < tokens.count ? tokens[span.upperBound] : nil
                let cutInWord = next.map { !$0.spaceBefore && $0.kind != .punct } ?? false
                let lone = span.count < 2 && tokens[span.lowerBound].kind == .han
                if cutInWord || lone { p.confidence = min(p.confidence, IntentDecision.taggedNameAtMost) }
            }
            p.decidedBy = .model
            e.parsed = p
            e.layer = .model
            e.topFeatures = features(for: best)
            return e
        }
        func features(for label: Int) -> [(String, Double)] {
            return extractor.describe(tokens, marks: marks).compactMap { d -> (String, Double)? in
                guard let r = model.classifier.table.row(d.hash) else { return nil }
                return (d.name, Double(model.classifier.weight(row: r, label: label)))
            }.sorted { $0.1 > $1.1 }.prefix(5).map { $0 }
        }

        if var phrased {
            let g = labels.firstIndex(of: phrased.intent)
            let pGrammar = g.map { probs[$0] } ?? 0
            if modelIntent == phrased.intent {
                // The grammar's slots, and the tagger's for slots no phrasing part captured
                // ("need to send the quote to Blue Harbor Hotel by fri": who).
                var src = ""
                let tagged = modelReading(best, tokens: tokens, text: limited, language: language,
                    matchLanguage: matchLanguage, now: now, marks: marks, source: &src, taggerOnly: true)
                // A task's text may hold its person and its date ("send the quote to Blue Harbor by fri").
                let taken = phrased.tokenSpans.filter { $0.key != "what" }.values
                // Free text (a note, a phone, an industry) is never taken from the tagger alone:
                // only names and values a reader checked (dates, amounts, vocabulary words).
                let kinds = modelIntents[best].map { i in
                    Dictionary(uniqueKeysWithValues: zip(compiled.intents[i].slots.map(\.name), compiled.intents[i].kinds))
                } ?? [:]
                // A name the phrasing read with words around it ("demo to Wang Tong and 2
                // nurses", "赵磊的客户") is the tagger's tighter span inside it.
                // Never the name of a new record: "add customer Hospital for Sick Children"
                // keeps what the rep wrote.
                let tokenIDs = tokens.map(\.id)
                for (k, v) in tagged.slots where k != "roles" && !Self.creatingSlots.contains(phrased.intent + "/" + k) {
                    guard case .name? = kinds[k], phrased[slot: k] != nil,
                        // "Harbor Point的Emma": a person the grammar told from their company stays.
                        k != "who" || phrased[slot: "company"] == nil,
                        let inner = tagged.tokenSpans[k], let outer = phrased.tokenSpans[k],
                        inner != outer, inner.clamped(to: outer) == inner,
                        // A Chinese name is cut only before a particle or a stop word ("赵磊的客户",
                        // "黄磊到天元化工"): "东湾影像给个C级" is not 东湾影.
                        inner.upperBound == outer.upperBound || tokens[inner.upperBound].kind != .han
                            || CompiledGrammar.flag(compiled.isNameStop, tokens[inner.upperBound].id)
                            || CompiledGrammar.flag(compiled.isNameBreak, tokens[inner.upperBound].id),
                        // and only when what it cuts off is words of the grammar ("赵磊的客户"), not
                        // another name ("瑞丰食品的郑敏" names the person at the company).
                        tokens[inner.upperBound..<outer.upperBound].allSatisfy({ $0.kind != .han || $0.id >= 0 }),
                        // Nor is it a later name the phrasing's name rules cut off ("see greg at
                        // Orion Freight" is greg): what it drops in front is words of the grammar.
                        tokens[outer.lowerBound..<inner.lowerBound].allSatisfy({ $0.id >= 0 || $0.kind == .punct }),
                        // …nor the front of an organisation's name ("Bank of America" is not America).
                        !(outer.lowerBound..<inner.lowerBound).contains(where: { k in
                            compiled.tables.nameSuffixes.match(tokenIDs, at: k, end: inner.lowerBound) != nil
                        }),
                        // nor a branch or an organisation word ending the name ("海川物流深圳分部",
                        // "金桥药业二厂") unless a particle or stop word comes first ("黄磊到天元化工").
                        !cutsOffAnOrganisation(inner, outer, tokens),
                        // An English word cut off must be a word of the grammar, not part of
                        // a name: "user Sam Ortiz", "list Dr. Patel", "Wang Tong and 2 nurses";
                        // not "bright smile orthodontics", "harbor vet group".
                        inner.lowerBound == outer.lowerBound || notPartOfAName(tokens[inner.lowerBound - 1]),
                        inner.upperBound == outer.upperBound || notPartOfAName(tokens[inner.upperBound]),
                        // …nor the end of an organisation's name after a grammar word ("Bank of
                        // America" is not Bank): a capitalized word it drops at the end keeps it.
                        !tokens[inner.upperBound..<outer.upperBound].contains(where: { $0.kind == .word && $0.capitalized && $0.id < 0 }),
                        // Nor its first character ("推荐了顺达物流" is not 达物流).
                        inner.lowerBound == outer.lowerBound || tokens[inner.lowerBound - 1].kind != .han
                            || CompiledGrammar.flag(compiled.isNameStop, tokens[inner.lowerBound - 1].id)
                            || leadEnds(at: inner.lowerBound, tokens),
                        let at = phrased.slots.firstIndex(where: { $0.0 == k })
                    else { continue }
                    phrased.slots[at].1 = v
                    phrased.tokenSpans[k] = inner
                }
                for (k, v) in tagged.slots where phrased[slot: k] == nil && k != "roles" {
                    if case .text? = kinds[k] { continue }
                    // Only words no phrasing part read: "Robert'); DROP TABLE…" is a name, not a phone too.
                    guard let span = tagged.tokenSpans[k], !taken.contains(where: { $0.overlaps(span) }) else { continue }
                    phrased.slots.append((k, v))
                    phrased.tokenSpans[k] = span
                    phrased.missing.removeAll { $0 == k }
                }
                // A vocabulary slot still empty: the one value of that vocabulary the message names
                // outside what other slots read — a note may hold it ("Tom Becker makes the final
                // call": decider; "黄工说报价太高了": price), a name, a title or a tier word may not.
                if let i = modelIntents[best] {
                    let names = phrased.tokenSpans.filter { $0.key != "note" }.values
                    let kinds = compiled.intents[i].kinds
                    for (k, decl) in compiled.intents[i].slots.enumerated() where phrased[slot: decl.name] == nil {
                        guard case .vocab(let v) = kinds[k] else { continue }
                        // Not where several slots share the vocabulary (MAN's yes/no: which one?), and
                        // not an activity's type: "discussed the email campaign" was not an e-mail.
                        let sharing = kinds.filter { if case .vocab(v) = $0 { true } else { false } }.count
                        guard sharing == 1, decl.name != "type" else { continue }
                        let named = vocabularyMentions(v, tokens: tokens, marks: marks)
                            .filter { m in !names.contains(where: { $0.contains(m.at) }) }
                        guard Set(named.map(\.value)).count == 1, let only = named.first else { continue }
                        phrased.slots.append((decl.name, .text(only.value)))
                        phrased.missing.removeAll { $0 == decl.name }
                    }
                }
                if let i = modelIntents[best] {
                    let order = compiled.intents[i].slots.map(\.name)
                    phrased.slots.sort { (order.firstIndex(of: $0.0) ?? 99) < (order.firstIndex(of: $1.0) ?? 99) }
                }
                phrased.confidence = max(0.95, Double(pBest))
                phrased.decidedBy = .both
                explanation.parsed = phrased
                explanation.layer = .both
                explanation.slotSource = "grammar"
                explanation.topFeatures = features(for: best)
                return explanation
            }
            if modelIntent != IntentCatalog.none, pBest >= IntentDecision.overrideAbove,
                pGrammar <= IntentDecision.overrideGrammarBelow, mayRemove(modelIntent, tokens)
            {
                return decidedByModel(matchLanguage)
            }
            // "haven't called Greg yet, remind me monday", "don't need to call raj anymore,
            // cancel task 6": the phrasing read a request of its own into its free text. A
            // model that reads that request is believed.
            if modelIntent != IntentCatalog.none, pBest >= IntentDecision.doubtAbove,
                mayRemove(modelIntent, tokens), requestInFreeText(phrased, for: modelIntent, tokens)
            {
                return decidedByModel(matchLanguage)
            }
            // The grammar keeps its intent. A phrasing that matched is strong evidence: only a
            // model sure of something else (and sure it is not this) makes it a question.
            let doubted = pBest >= IntentDecision.doubtAbove && pGrammar <= IntentDecision.overrideGrammarBelow
            phrased.confidence = doubted ? Double(max(pGrammar, 1 - pBest)) : max(0.75, Double(pGrammar))
            phrased.decidedBy = .grammar
            explanation.parsed = phrased
            explanation.layer = .grammar
            explanation.slotSource = "grammar"
            explanation.topFeatures = g.map { features(for: $0) } ?? []
            return explanation
        }
        if modelIntent != IntentCatalog.none, pBest >= IntentDecision.noneBelow,
            IntentDecision.modelMayDecideAlone(modelIntent), Self.looksLikeARequest(raw), mayRemove(modelIntent, tokens)
        {
            return decidedByModel(language)
        }
        var (p, layer) = fallback()
        p.decidedBy = layer
        if layer == .none, let n = labels.firstIndex(of: IntentCatalog.none) { p.confidence = Double(probs[n]) }
        if layer == .none, modelIntent != IntentCatalog.none {
            // The model's guess, too unsure to act on, leads the suggestions.
            p.suggestions = Array(([modelIntent] + p.suggestions.filter { $0 != modelIntent }).prefix(3))
        }
        explanation.parsed = p
        explanation.layer = layer
        explanation.slotSource = layer == .cue ? "cue" : "none"
        return explanation
    }

    /// Whether a name slot of `parsed` holds only a day or a time of day ("2pm", "Wednesday",
    /// "next friday"): a day, a time or a relative day word with a date that resolves. A
    /// month alone may be a name (May).
    func namesADayOrATime(_ parsed: ParsedIntent, tokens: [Token], now: LocalDateTime) -> Bool {
        guard let intent = compiled.intents.first(where: { $0.name == parsed.intent }) else { return false }
        let ids = tokens.map(\.id)
        let resolver = DateResolver(lexicon: compiled.tables)
        for (k, decl) in intent.slots.enumerated() {
            guard case .name = intent.kinds[k], let span = parsed.tokenSpans[decl.name], !span.isEmpty,
                span.upperBound <= tokens.count
            else { continue }
            if isDayOrTime(span, tokens: tokens, ids: ids, resolver: resolver, now: now) { return true }
        }
        return false
    }

    /// Whether `span` is a day or a time of day: it has a digit, a weekday or a relative day
    /// word, and it resolves as a date.
    func isDayOrTime(_ span: Range<Int>, tokens: [Token], ids: [Int32], resolver: DateResolver, now: LocalDateTime) -> Bool {
        let t = compiled.tables
        let dayOrTime = span.contains { j in
            tokens[j].text.first?.isNumber == true || t.weekdays.match(ids, at: j, end: span.upperBound) != nil
                || t.relativeDays.match(ids, at: j, end: span.upperBound) != nil
        }
        guard dayOrTime, case .valid? = resolver.resolve(Words(tokens), span, now: now) else { return false }
        return true
    }

    /// "前天下午三点跟博远科技开了项目会": when the model hesitates between a task to do
    /// and a record of something done, a message that says it was done (moods key
    /// `done`) and names no plan is the record.
    func tenseTieBreak(_ best: Int, _ probs: [Float], labels: [String], tokens: [Token]) -> Int {
        guard labels[best] == "task.add",
            let second = probs.indices.filter({ $0 != best }).max(by: { probs[$0] < probs[$1] }),
            Self.pastIntents.contains(labels[second]), probs[best] - probs[second] < IntentDecision.tenseMargin
        else { return best }
        let ids = tokens.map(\.id)
        return saysDone(ids) && !has(compiled.tables.planMarkers, ids) ? second : best
    }

    /// True when a free-text slot of the grammar's reading holds the words of a request that
    /// `modelIntent` stands for: a reminder's lead (`text_leaders` key `task`: remind me,
    /// 提醒我) for a task to add, a change's verb (`edit_markers`: cancel, 推迟) or a task's
    /// number opening a task's text for a change to a task.
    func requestInFreeText(_ phrased: ParsedIntent, for modelIntent: String, _ tokens: [Token]) -> Bool {
        guard modelIntent != phrased.intent,
            let intent = compiled.intents.first(where: { $0.name == phrased.intent })
        else { return false }
        let t = compiled.tables
        let ids = tokens.map(\.id)
        for (name, span) in phrased.tokenSpans where !span.isEmpty && span.upperBound <= tokens.count {
            guard let k = intent.slots.firstIndex(where: { $0.name == name }), intent.kinds[k].isText else { continue }
            // "task 3 done, called her", "任务22取消，客户自己下单了": a task's text that opens with a
            // number names a task already there, which the model's change is to.
            if phrased.intent == "task.add", name == "what", modelIntent.hasPrefix("task."), modelIntent != "task.add",
                tokens[span.lowerBound].kind == .number, span.lowerBound > 0, tokens[span.lowerBound - 1].kind != .number
            {
                return true
            }
            for i in span {
                if modelIntent == "task.add", let (e, _) = t.textLeaders.match(ids, at: i, end: span.upperBound),
                    e.key == "task"
                {
                    return true
                }
                if modelIntent.hasPrefix("task."), modelIntent != "task.add",
                    t.editMarkers.match(ids, at: i, end: span.upperBound) != nil
                {
                    return true
                }
            }
        }
        return false
    }

    /// False for a removal (``IntentDecision/removals``) in a message without a word of
    /// the lexicon table `removal_words`.
    func mayRemove(_ intent: String, _ tokens: [Token]) -> Bool {
        !IntentDecision.removals.contains(intent) || has(compiled.tables.removalWords, tokens.map(\.id))
    }

    /// The values of vocabulary `v` the message names, in order, each once.
    func vocabularyValues(_ v: Int, tokens: [Token], marks: [[(vocab: Int32, begin: Bool)]]) -> [String] {
        var named: [String] = []
        for m in vocabularyMentions(v, tokens: tokens, marks: marks) where !named.contains(m.value) {
            named.append(m.value)
        }
        return named
    }

    /// Every value of vocabulary `v` the message names, with the token where it starts.
    func vocabularyMentions(_ v: Int, tokens: [Token], marks: [[(vocab: Int32, begin: Bool)]])
        -> [(value: String, at: Int)]
    {
        var found: [(value: String, at: Int)] = []
        for (i, ms) in marks.enumerated() {
            for m in ms where m.begin && Int(m.vocab) == v {
                if let e = compiled.vocabularies[v].entries(startingWith: tokens[i].id)?.first(where: { e in
                    i + e.ids.count <= tokens.count && zip(e.ids, tokens[i...]).allSatisfy { $0 == $1.id }
                }) {
                    found.append((e.value, i))
                }
            }
        }
        return found
    }

    /// A message the model may read on its own: short (a request, not a pasted
    /// document), mostly words rather than symbols.
    static func looksLikeARequest(_ tokens: [Token]) -> Bool {
        guard tokens.count <= IntentDecision.maxModelTokens else { return false }
        let punct = tokens.filter { $0.kind == .punct }.count
        let words = tokens.filter { $0.kind == .han || ($0.kind == .word && $0.text.unicodeScalars.count >= 2) }.count
        return words > 0 && punct * 2 < tokens.count
    }

    /// The slots of the model's intent: the grammar's best phrasing of that
    /// intent when one matches, else the model's slot tagger, each value read
    /// by the grammar's resolvers.
    /// The dates the message names outside `taken` (the spans other slots read), longest
    /// first at each place: a run of date words, or a written date ("12/20"); a bare number is
    /// no date.
    func unclaimedDates(_ tokens: [Token], words: Words, outside taken: [Range<Int>], now: LocalDateTime) -> [Range<Int>] {
        let resolver = DateResolver(lexicon: compiled.tables)
        let dateWords = compiled.tables.dateWords
        return Self.unclaimedRuns(in: tokens.count, outside: taken, longest: 6) { r in
            guard dateWords.contains(tokens[r.lowerBound].id) || tokens[r.lowerBound].kind == .number,
                r.contains(where: { k in dateWords.contains(tokens[k].id) || tokens[k].text.contains(where: { $0 == "/" || $0 == "-" }) })
            else { return false }
            if case .valid? = resolver.resolve(words, r, now: now) { return true }
            return false
        }
    }

    /// The runs of up to `longest` tokens outside `taken` that `accepts`, the longest first at
    /// each place, scanning left to right without overlap.
    static func unclaimedRuns(in count: Int, outside taken: [Range<Int>], longest: Int, accepts: (Range<Int>) -> Bool)
        -> [Range<Int>]
    {
        var found: [Range<Int>] = []
        var i = 0
        while i < count {
            let run = taken.contains(where: { $0.contains(i) }) ? nil : stride(from: min(count, i + longest), to: i, by: -1).first { e in
                !taken.contains(where: { $0.overlaps(i..<e) }) && accepts(i..<e)
            }
            if let e = run {
                found.append(i..<e)
                i = e
            } else {
                i += 1
            }
        }
        return found
    }

    /// The sums of money the message writes outside `taken`: digits with a currency (`$4,800`,
    /// `4800元`) or a scale (`250k`, `1.2M`, `3万`), longest first at each place; a bare number
    /// may be a count and is left alone, and so is a number inside a date.
    func unclaimedMoney(_ tokens: [Token], words: Words, outside taken: [Range<Int>], now: LocalDateTime) -> [Range<Int>] {
        let t = compiled.tables
        let amounts = AmountResolver(lexicon: t)
        let ids = tokens.map(\.id)
        func isMoney(_ r: Range<Int>) -> Bool {
            guard tokens[r].contains(where: { $0.text.first?.isNumber == true }) else { return false }
            if r.contains(where: { t.currency.match(ids, at: $0, end: r.upperBound) != nil }) { return true }
            if r.contains(where: { t.amountSuffixes.exact(ids, $0..<($0 + 1)) != nil }) { return true }
            // "250k", "1.2m", "3万": digits with the scale glued on.
            return r.contains { k in
                let text = tokens[k].text
                guard let split = text.firstIndex(where: { !$0.isNumber && $0 != "." && $0 != "," }), split > text.startIndex else {
                    return false
                }
                return t.amountSuffixes.exact([t.id(String(text[split...]))], 0..<1) != nil
            }
        }
        return Self.unclaimedRuns(in: tokens.count, outside: taken, longest: 4) { r in
            isMoney(r) && amounts.parse(words, r) != nil && !isInsideDate(r, tokens: tokens, words: words, now: now)
        }
    }

    private func modelReading(
        _ label: Int, tokens: [Token], text: String, language: Language, matchLanguage: Language,
        now: LocalDateTime, marks: [[(vocab: Int32, begin: Bool)]], source: inout String, taggerOnly: Bool = false
    ) -> ParsedIntent {
        guard let model, let intentIndex = modelIntents[label] else {
            source = "none"
            return ParsedIntent(intent: IntentCatalog.none, language: language)
        }
        if !taggerOnly, let (result, _) = bestMatch(tokens, language: language, text: text, now: now, onlyIntent: intentIndex) {
            let built = build(result, tokens: tokens, text: text, language: language, now: now)
            if !namesADayOrATime(built, tokens: tokens, now: now) {
                source = "grammar phrasing of the model's intent"
                return built
            }
        }
        source = "model tagger"
        let intent = compiled.intents[intentIndex]
        var values: [String: SlotValue] = [:]
        var spans: [String: Range<Int>] = [:]
        var invalid: [ParsedIntent.InvalidSlot] = []
        var spills: [Spill] = []
        let words = Words(tokens)
        // A name the tagger read on a day or a time ("at *2pm*") is none: the date may take it.
        let dayResolver = DateResolver(lexicon: compiled.tables)
        let tokenIDs = tokens.map(\.id)
        let tagged = model.slots(tokens, intent: label, extractor: extractor, marks: marks).filter { span in
            guard let k = intent.slots.firstIndex(where: { $0.name == span.slot }), case .name = intent.kinds[k] else { return true }
            return !isDayOrTime(span.range, tokens: tokens, ids: tokenIDs, resolver: dayResolver, now: now)
        }
        for span in tagged {
            // A second span of a slot that has a list twin ("使用者也是影响者": role, role)
            // joins the list (`roles`).
            if case .text(let first)? = values[span.slot],
                intent.slots.contains(where: { $0.name == span.slot + "s" }),
                let v = parseSlotAnswer(String(text[tokens[span.range.lowerBound].start..<tokens[span.range.upperBound - 1].end]),
                    intent: intent.name, slot: span.slot, now: now)?.text
            {
                var list = values[span.slot + "s"]?.list ?? [first]
                if !list.contains(v) { list.append(v) }
                values[span.slot + "s"] = .list(list)
                continue
            }
            guard values[span.slot] == nil else { continue }
            var range = span.range
            if let k = intent.slots.firstIndex(where: { $0.name == span.slot }),
                intent.kinds[k].isAmount || intent.kinds[k].isNumber,
                isInsideDate(range, tokens: tokens, words: words, now: now)
            {
                // "deal 11 now expected to close dec 18": the 18 is the date's day, never a
                // probability, a quantity or an amount.
                continue
            }
            if let k = intent.slots.firstIndex(where: { $0.name == span.slot }), intent.kinds[k].isDate {
                // "下星期|二要开会": the tagger may stop inside a date; the date words right after
                // it that still make one date with it are part of it.
                let resolver = DateResolver(lexicon: compiled.tables)
                var end = range.upperBound
                while end < tokens.count, end - range.upperBound < 3,
                    compiled.tables.dateWords.contains(tokens[end].id) || tokens[end].kind == .number
                {
                    end += 1
                }
                if let longer = stride(from: end, to: range.upperBound, by: -1).first(where: { e in
                    !tagged.contains(where: { $0.slot != span.slot && $0.range.contains(e - 1) })
                        && { if case .valid? = resolver.resolve(words, range.lowerBound..<e, now: now) { return true } else { return false } }()
                }) {
                    range = range.lowerBound..<longer
                }
            }
            if let k = intent.slots.firstIndex(where: { $0.name == span.slot }), case .name = intent.kinds[k] {
                // "Harbor View Motors", "li wei": the tagger may stop inside a name; a word the
                // grammar does not know that follows it (no other slot's) is the rest of it when
                // both are capitalized or both are pinyin syllables ("called bob voicemail" is not).
                var end = range.upperBound
                while end < tokens.count, end > 0, tokens[end].kind == .word, tokens[end].id < 0 || tokens[end].fuzzy,
                    (tokens[end].capitalized && tokens[end - 1].capitalized)
                        || (pinyinSyllables.contains(tokens[end].text) && pinyinSyllables.contains(tokens[end - 1].text)),
                    !tagged.contains(where: { $0.slot != span.slot && $0.range.contains(end) })
                {
                    end += 1
                }
                range = range.lowerBound..<end
                let refined = refinedName(range, slot: span.slot, tokens: tokens, words: words, intent: intent, now: now)
                range = refined.range
                spills += refined.spills
            } else if let k = intent.slots.firstIndex(where: { $0.name == span.slot }), case .text = intent.kinds[k] {
                // Free text the tagger read gets the grammar's edges too: a date or an amount at
                // its start or end, joining words before it ("demo for City Clinic *on wednesday*
                // went well").
                let refined = refinedText(range, slotName: span.slot, tokens: tokens, words: words, intent: intent, now: now)
                range = refined.range
                spills += refined.spills
                if range.isEmpty { continue }
                // "…, he want quotation for 2 ECG machine", "…，他还要再考虑": the tagger may leave
                // out the person a note's sentence is about; the note starts with them.
                if range.lowerBound > 0, let (_, len) = compiled.tables.subjects.match(words.ids, at: range.lowerBound - 1, end: range.lowerBound),
                    len == 1, !tagged.contains(where: { $0.slot != span.slot && $0.range.contains(range.lowerBound - 1) })
                {
                    range = (range.lowerBound - 1)..<range.upperBound
                }
            }
            let piece = String(text[tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end])
            spans[span.slot] = range
            if let v = parseSlotAnswer(piece, intent: intent.name, slot: span.slot, now: now) {
                values[span.slot] = v
            } else if let k = intent.slots.firstIndex(where: { $0.name == span.slot }), intent.kinds[k].isDate {
                invalid.append(ParsedIntent.InvalidSlot(slot: span.slot, text: piece.trimmingSpaces()))
            }
        }
        // A slot with a list twin (`role` / `roles`) the tagger found: every value of its
        // vocabulary the message names goes into the list ("使用者也是影响者").
        // A vocabulary slot the tagger missed: the one value of that vocabulary the message names.
        for (k, decl) in intent.slots.enumerated() {
            guard case .vocab(let v) = intent.kinds[k] else { continue }
            let named = vocabularyValues(v, tokens: tokens, marks: marks)
            if values[decl.name] != nil {
                if named.count >= 2, intent.slots.contains(where: { $0.name == decl.name + "s" }) {
                    values[decl.name + "s"] = .list(named)
                }
            } else if named.count == 1, let only = named.first {
                values[decl.name] = .text(only)
            }
        }
        // A date the tagger missed ("Ironwood Mfg deal, negotiating, $45,000, close 12/20"): the
        // one date the message names outside every span read fills the intent's one date slot.
        let dateSlots = intent.slots.indices.filter { intent.kinds[$0].isDate }
        // What the tagger read there that was no date ("close" of "close 12/20") gives way.
        if dateSlots.count == 1, values[intent.slots[dateSlots[0]].name] == nil,
            invalid.allSatisfy({ $0.slot == intent.slots[dateSlots[0]].name })
        {
            let name = intent.slots[dateSlots[0]].name
            let others = spans.filter { $0.key != name }.map(\.value) + spills.map(\.range)
            let found = unclaimedDates(tokens, words: words, outside: others, now: now)
            if found.count == 1, let only = found.first,
                let v = parseSlotAnswer(String(text[tokens[only.lowerBound].start..<tokens[only.upperBound - 1].end]),
                    intent: intent.name, slot: name, now: now)
            {
                values[name] = v
                spans[name] = only
                invalid.removeAll()
            }
        }
        // So does a sum of money the tagger missed ("signed the PO!! 🎉 250k for 2 units"): one
        // written as money — a currency or a scale (250k, $4,800, 3万) — outside every span.
        let amountSlots = intent.slots.indices.filter { intent.kinds[$0].isAmount }
        if amountSlots.count == 1, values[intent.slots[amountSlots[0]].name] == nil {
            let name = intent.slots[amountSlots[0]].name
            let found = unclaimedMoney(tokens, words: words, outside: Array(spans.values) + spills.map(\.range), now: now)
            if found.count == 1, let only = found.first,
                let v = parseSlotAnswer(String(text[tokens[only.lowerBound].start..<tokens[only.upperBound - 1].end]),
                    intent: intent.name, slot: name, now: now)
            {
                values[name] = v
                spans[name] = only
            }
        }
        if let w = intent.whole, values[intent.slots[w].name] == nil,
            values.contains(where: { $0.key != intent.slots[w].name })
        {
            let dates = tagged.filter { span in
                intent.slots.first(where: { $0.name == span.slot }).map { $0.type == .date } ?? false
            }.map { spans[$0.slot] ?? $0.range }
            let frames = intent.slots.indices.compactMap { k -> Range<Int>? in
                guard case .vocab = intent.kinds[k] else { return nil }
                return spans[intent.slots[k].name]
            }
            if let s = wholeText(dates: dates, frames: frames, intent: intent, tokens: tokens, text: text) {
                values[intent.slots[w].name] = .text(s)
            }
        }
        var indexed: [Int: SlotValue] = [:]
        for (k, decl) in intent.slots.enumerated() { indexed[k] = values[decl.name] }
        var dateRead = spans["date"]
        for spill in spills where indexed[spill.slot] == nil {
            indexed[spill.slot] = spill.value(tokens: tokens, text: text)
            if intent.kinds[spill.slot].isDate { dateRead = spill.range }
        }
        mirrorListSlots(intent, &indexed)
        rollRepeatingDue(intent, &indexed, now: now)
        rollDueForward(intent, [], spilled: spans["due"], tokens: tokens, &indexed, now: now)
        preferPastDate(intent, [], spilled: dateRead, tokens: tokens, &indexed, now: now)
        for (k, decl) in intent.slots.enumerated() { values[decl.name] = indexed[k] }
        var slots: [(String, SlotValue)] = []
        var missing: [String] = []
        for decl in intent.slots {
            if let v = values[decl.name] {
                slots.append((decl.name, v))
            } else if decl.required && !invalid.contains(where: { $0.slot == decl.name }) {
                missing.append(decl.name)
            }
        }
        var parsed = ParsedIntent(intent: intent.name, slots: slots, language: language, missing: missing)
        parsed.invalid = invalid
        parsed.tokenSpans = spans
        return parsed
    }
}
