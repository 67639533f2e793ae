import CRMSupport

/// One slot captured by a match.
struct Capture: Sendable {
    enum Value: Sendable {
        /// name/text: the message span, sliced from the original text later.
        case span
        case value(SlotValue)
        /// Looked like a value of the slot's type but cannot exist (Feb 30).
        case invalid
    }
    var slot: Int
    var start: Int
    var end: Int
    var value: Value
}

/// Per-message facts about one position of the message.
struct Cell: Sendable {
    static let stopStart: UInt16 = 1  // a name may not start here (a name stop begins here)
    static let stopEnd: UInt16 = 2  // a multi-token name stop ends exactly here
    static let suffixStart: UInt16 = 4  // an organisation word begins here
    static let oddPunctFrom: UInt16 = 8  // code-like punctuation here or later
    static let dateStart: UInt16 = 16
    static let amountStart: UInt16 = 32
    static let numberStart: UInt16 = 64
    static let nameable: UInt16 = 128
    static let quote: UInt16 = 256
    static let comma: UInt16 = 512
    static let companyLead: UInt16 = 1024  // at, of, from, @ (lexicon company_leads)
    var bits: UInt16 = 0
    /// Length of an organisation word ending exactly here, or 0.
    var suffixEnd: Int8 = 0
    /// Bit 0/1/2: the token may lie inside a date / amount / number.
    var typed: UInt8 = 0

    @inline(__always)
    func has(_ flag: UInt16) -> Bool { bits & flag != 0 }
}

/// A token's matching facts without its text (no reference counting in loops).
struct TokenFacts: Sendable {
    var id: Int32
    var kind: Token.Kind
    var fuzzy: Bool
    var capitalized: Bool
    var spaceBefore: Bool
    var isDot: Bool
}

/// The best match found so far.
struct MatchResult: Sendable {
    var score: Int
    var free: Int
    var order: Int
    var sequence: Int
    var captures: [Capture]

    func isBetter(than other: MatchResult?) -> Bool {
        guard let other else { return true }
        if score != other.score { return score > other.score }
        if free != other.free { return free < other.free }
        return order < other.order
    }
}

/// Runs compiled phrasing graphs against one message's tokens (backtracking
/// over slot spans) and keeps the best-scoring complete match.
///
/// Score: +10 per literal (+6 for a typo-corrected one), +9 per vocabulary
/// token, typed slots that resolve earn a bonus (dates +10 and +5 per token),
/// names pay for unlikely lengths and for keywords inside them, free text
/// pays per token (capped), a left-out punctuation mark costs 1, and message
/// tokens left over at either end cost 6 each (10 per han character, at most
/// two at each end). Ties go to fewer free tokens, then to the phrasing
/// declared first.
struct Matcher {
    let grammar: CompiledGrammar
    let tables: LexiconTables
    let tokens: [Token]
    let words: Words
    let now: LocalDateTime
    let chinese: Bool
    var best: MatchResult?
    var bestScore = Int.min
    var steps = 0
    /// Work caps: per phrasing and start position, and per message.
    static let maxSteps = 200_000
    static let maxTotalSteps = 2_000_000
    var totalSteps = 0
    /// Typed readings by (kind, start, length): 0 unknown, 1 none, 2 + index into `typedValues`.
    var typedCache: [Int32] = []
    var typedValues: [Capture.Value] = []
    var captures: [Capture] = []
    /// Start positions of the open span slots (`<what: …>`).
    var spanStarts: [Int] = []
    var sequenceIndex = 0
    var sequenceOrder = 0
    // Per-message facts, computed once: one cell per position (and one past the end).
    let cells: [Cell]
    let ids: [Int32]
    let facts: [TokenFacts]

    init(grammar: CompiledGrammar, tokens: [Token], now: LocalDateTime, chinese: Bool) {
        self.grammar = grammar
        self.tables = grammar.tables
        self.tokens = tokens
        let n = tokens.count
        var ids = [Int32](repeating: -1, count: n)
        var texts = [String]()
        texts.reserveCapacity(n)
        for (k, t) in tokens.enumerated() {
            ids[k] = t.id
            texts.append(t.text)
        }
        let words = Words(ids: ids, texts: texts, spaceBefore: tokens.map(\.spaceBefore))
        self.words = words
        self.now = now
        self.chinese = chinese
        let t = grammar.tables
        var cells = [Cell](repeating: Cell(), count: n + 1)
        for k in 0..<n {
            let id = ids[k]
            let f: UInt8 = id >= 0 && Int(id) < grammar.idFlags.count ? grammar.idFlags[Int(id)] : 0
            // "add customer The Loft", "show me The Home Depot": a capitalized "The" inside the
            // message before a capitalized word begins a name (lexicon name_stops has "the").
            let namedThe = k > 0 && k + 1 < n && tokens[k].capitalized && tokens[k + 1].capitalized
                && tokens[k].text.utf8.count == 3 && tokens[k].text.lowercased() == "the"
            if !namedThe, f & IdFlag.nameStopFirst != 0, let (_, len) = t.nameStops.match(ids, at: k, end: n) {
                cells[k].bits |= Cell.stopStart
                if len >= 2 { cells[k + len].bits |= Cell.stopEnd }
            }
            if f & IdFlag.nameSuffixFirst != 0, let (_, len) = t.nameSuffixes.match(ids, at: k, end: n) {
                cells[k].bits |= Cell.suffixStart
                if cells[k + len].suffixEnd == 0 { cells[k + len].suffixEnd = Int8(len) }
            }
            let token = tokens[k]
            let numeric = token.text.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false
            let punct = token.kind == .punct
            if numeric || f & IdFlag.numberStart != 0 { cells[k].bits |= Cell.numberStart | Cell.amountStart }
            if f & IdFlag.amountStart != 0 || (punct && token.text == "-") { cells[k].bits |= Cell.amountStart }
            // "order Acme 3万": a Chinese number word glued to the digits before it goes on
            // with them (3万 is 30,000); it starts no count or sum of its own.
            if token.kind == .han, !token.spaceBefore, k > 0, tokens[k - 1].kind != .han,
                tokens[k - 1].text.utf8.last.map({ $0 >= 0x30 && $0 <= 0x39 }) == true
            {
                cells[k].bits &= ~(Cell.numberStart | Cell.amountStart)
            }
            if numeric || f & IdFlag.dateStart != 0 { cells[k].bits |= Cell.dateStart }
            if Self.nameable(token) { cells[k].bits |= Cell.nameable }
            if punct && token.text == "\"" { cells[k].bits |= Cell.quote }
            if punct && token.text == "," { cells[k].bits |= Cell.comma }
            if id >= 0, t.companyLeads.firstIDs.contains(id) { cells[k].bits |= Cell.companyLead }
            if numeric || punct {
                cells[k].typed = 7
            } else {
                if f & IdFlag.dateWord != 0 { cells[k].typed |= 1 }
                if f & IdFlag.amountWord != 0 { cells[k].typed |= 2 }
                if f & IdFlag.numberWord != 0 { cells[k].typed |= 4 }
            }
        }
        for k in stride(from: n - 1, through: 0, by: -1) {
            let odd = tokens[k].kind == .punct && Self.oddPunct.contains(tokens[k].text)
            if odd || cells[k + 1].bits & Cell.oddPunctFrom != 0 { cells[k].bits |= Cell.oddPunctFrom }
        }
        self.cells = cells
        self.ids = ids
        facts = tokens.map {
            TokenFacts(
                id: $0.id, kind: $0.kind, fuzzy: $0.fuzzy, capitalized: $0.capitalized, spaceBefore: $0.spaceBefore,
                isDot: $0.kind == .punct && $0.text == ".")
        }
        captures.reserveCapacity(8)
    }

    var maxEdgeSkip: Int { 2 }

    mutating func run(_ index: Int) {
        sequenceIndex = index
        let seq = grammar.sequences[index]
        sequenceOrder = seq.order
        let limit = min(maxEdgeSkip, tokens.count - 1)
        guard limit >= 0 else { return }
        let before = best?.sequence
        for start in 0...limit {
            // Leading words are skipped only when the phrasing found nothing from the start.
            if start > 0 && best?.sequence == index && before != index { break }
            totalSteps += steps
            steps = 0
            guard totalSteps < Self.maxTotalSteps else { return }
            captures.removeAll(keepingCapacity: true)
            match(seq.entry, start, -edgeCost(0, start), 0)
        }
    }

    /// The cost of leaving message tokens `from..<to` unmatched at an edge:
    /// 6 per word, 10 per han character (a skipped 提醒 says a lot).
    private func edgeCost(_ from: Int, _ to: Int) -> Int {
        var cost = 0
        for k in from..<to { cost += tokens[k].kind == .han ? 10 : 6 }
        return cost
    }

    private mutating func finish(_ score: Int, _ free: Int, _ pos: Int) {
        let rest = tokens.count - pos
        guard rest <= maxEdgeSkip else { return }
        let total = score - edgeCost(pos, tokens.count)
        // A match must earn something from literals or typed slots.
        guard total > 0 else { return }
        if let best {
            if total < best.score { return }
            if total == best.score && (free > best.free || (free == best.free && sequenceOrder >= best.order)) { return }
        }
        best = MatchResult(score: total, free: free, order: sequenceOrder, sequence: sequenceIndex, captures: captures)
        bestScore = total
    }

    /// `sep`: 0 = normal, 1 = right after a name or free-text slot, 2 = after such a
    /// slot and a left-out punctuation mark, 3 = right after a name ending with an
    /// organisation word. In state 2 a name or vocabulary slot may not follow
    /// ("Quanyu Hospital" is not name "Quanyu" + kind "hospital"); in Chinese, in
    /// state 1 a name or free text may not follow without a space.
    private mutating func match(_ node: Int32, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int = 0, _ sep: UInt8 = 0) {
        steps += 1
        guard steps < Self.maxSteps else { return }
        let n = tokens.count
        // Branch and bound: no token earns more than a literal's 10 except the one-off
        // extras of a date (+5) and of names (organisation word +3, space +2); 25
        // covers several of those. Give up when even that cannot beat the best.
        if score + 10 * (n - pos) + 25 < bestScore { return }
        let index = Int(node)
        let edgeFrom = Int(grammar.edgeStart[index])
        let edgeTo = Int(grammar.edgeStart[index + 1])
        let k = edgeTo > edgeFrom ? grammar.edges[edgeFrom] : node
        switch grammar.items[index] {
        case .end:
            // Something other than names and free text must have matched: a word,
            // a separator or a vocabulary word.
            guard hits > 0 else { return }
            finish(score, free, pos)
        case .epsilon:
            for e in edgeFrom..<edgeTo where canStart(grammar.edges[e], pos) {
                match(grammar.edges[e], pos, score, free, hits, sep)
            }
        case .literal(let id):
            guard pos < n, tokens[pos].id == id else { return }
            match(k, pos + 1, score + (tokens[pos].fuzzy ? 6 : 10), free, hits + 1)
        case .punct(let id):
            if pos < n, tokens[pos].kind == .punct {
                let t = tokens[pos].id
                if t == id {
                    match(k, pos + 1, score + 2, free, hits + 1)
                } else if CompiledGrammar.flag(grammar.isSeparator, id) && CompiledGrammar.flag(grammar.isSeparator, t) {
                    match(k, pos + 1, score + 1, free, hits + 1)
                }
            }
            match(k, pos, score - 1, free, hits, sep == 1 || sep == 3 ? 2 : sep)
        case .spanOpen:
            spanStarts.append(pos)
            match(k, pos, score, free, hits, sep)
            spanStarts.removeLast()
        case .spanClose(let slot):
            guard let start = spanStarts.popLast() else { return }
            if pos > start {
                var value = Capture.Value.span
                // A span on a date slot (`每<due:月底>`) is read by the date reader.
                if case .date = grammar.intents[grammar.sequences[sequenceIndex].intent].kinds[slot] {
                    guard let v = resolveTyped(kind: 0, start, pos - start) else {
                        spanStarts.append(start)
                        return
                    }
                    value = v
                }
                captures.append(Capture(slot: slot, start: start, end: pos, value: value))
                match(k, pos, score, free, hits, sep)
                captures.removeLast()
            }
            spanStarts.append(start)
        case .fixed(let slot, let value):
            captures.append(Capture(slot: slot, start: pos, end: pos, value: .value(.text(grammar.fixedValues[Int(value)]))))
            match(k, pos, score, free, hits, sep)
            captures.removeLast()
        case .slot(let slot, let kind):
            guard pos < n else { return }
            if sep == 1 && chinese && !tokens[pos].spaceBefore {
                // Chinese has no spaces: a name or free text glued to a name is a name cut
                // in two, unless the name ended with an organisation word (全宇医院采购部主任).
                switch kind {
                case .name, .text: return
                default: break
                }
            }
            if sep == 2 {
                switch kind {
                case .name, .vocab, .vocabList: return
                // Chinese has no spaces: free text glued to a name is a name cut in two.
                case .text where chinese: return
                // Nor is English text that goes on in capitals with an organisation word ("new
                // deal Redstone Pharma 1.5m" is not customer Redstone, title Pharma; "Lakeside
                // Hospital MRI upgrade" may well be a name and a title).
                case .text where pos > 0 && tokens[pos].capitalized && tokens[pos - 1].capitalized
                    && cells[pos].has(Cell.suffixStart): return
                default: break
                }
            }
            let last = grammar.last[index]
            switch kind {
            case .name: matchName(k, last, slot, pos, score, free, hits)
            case .text: matchText(k, last, slot, pos, score, free, hits)
            case .date:
                guard cells[pos].has(Cell.dateStart) else { return }
                matchTyped(k, slot, pos, score, free, hits, kind: 0, maxLength: chinese ? 14 : 8)
            case .amount:
                guard cells[pos].has(Cell.amountStart) else { return }
                matchTyped(k, slot, pos, score, free, hits, kind: 1, maxLength: chinese ? 10 : 4)
            case .number:
                guard cells[pos].has(Cell.numberStart) else { return }
                matchTyped(k, slot, pos, score, free, hits, kind: 2, maxLength: chinese ? 6 : 3)
            case .vocab(let v): matchVocab(k, slot, pos, score, free, hits + 1, vocab: v, list: false)
            case .vocabList(let v): matchVocab(k, slot, pos, score, free, hits + 1, vocab: v, list: true)
            }
        }
    }

    /// Whether node `node` can go on at `pos` (its FIRST set allows the token there).
    @inline(__always)
    private func canStart(_ node: Int32, _ pos: Int) -> Bool {
        let flags = grammar.firstFlags[Int(node)]
        let n = ids.count
        if flags & 1 != 0 { return pos < n || flags & 16 != 0 }
        if flags & 16 != 0 && n - pos <= maxEdgeSkip { return true }
        guard pos < n else { return false }
        if flags & 2 != 0 && cells[pos].has(Cell.dateStart) { return true }
        if flags & 4 != 0 && cells[pos].has(Cell.amountStart) { return true }
        if flags & 8 != 0 && cells[pos].has(Cell.numberStart) { return true }
        let id = ids[pos]
        var lo = Int(grammar.firstStart[Int(node)])
        var hi = Int(grammar.firstStart[Int(node) + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = grammar.firstIDs[mid]
            if v == id { return true }
            if v < id { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    static let oddPunct: Set<String> = ["'", "\"", "(", ")", ";", "=", "*", "%", "<", ">", "[", "]", "{", "}", "`", "\\", "|", "#", "@", "!", "?"]

    private static func nameable(_ t: Token) -> Bool {
        switch t.kind {
        case .word: return t.text != "'s"
        case .number, .han: return true
        // A dash set apart by a space ("jenny kwan - wants pricing") ends a name; one inside
        // a word (Smith-Jones, 6-1-10) does not.
        case .punct: return t.text == "&" || (t.text == "-" && !t.spaceBefore) || t.text == "." || t.text == "'" || t.text == "·"
        }
    }

    private mutating func matchName(
        _ k: Int32, _ last: Bool, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int
    ) {
        let n = tokens.count
        if cells[pos].has(Cell.quote) {
            matchQuotedName(k, slot, pos, score, free, hits)
            return
        }
        guard tokens[pos].kind != .punct, cells[pos].has(Cell.nameable), !cells[pos].has(Cell.stopStart) else { return }
        if !chinese && cells[pos].has(Cell.oddPunctFrom) && canStart(k, n) && n - pos <= 40 {
            // "Robert'); DROP TABLE customers;--": a name with code-like punctuation
            // runs to the end of the message, verbatim.
            let length = n - pos
            captures.append(Capture(slot: slot, start: pos, end: n, value: .span))
            match(k, n, score - 2 - length / 3, free + length, hits, 1)
            captures.removeLast()
        }
        // "dr aisha rahman at al noor hospital": a person and their organisation after a lead
        // word may run longer (the decision splits them into `who` and `company`).
        var maxLength = chinese ? 12 : 6
        var keywordCost = 0
        var capitals = 0
        var end = pos
        var words = 0
        while end < n, words < maxLength,
            cells[end].has(Cell.nameable) || (!chinese && cells[end].has(Cell.comma) && end > pos && cells[end + 1].has(Cell.suffixStart))
        {
            let t = facts[end]
            // In an English phrasing a run of Chinese characters is one word ("at 星辰科技有限公司").
            if t.kind != .punct && !(!chinese && t.kind == .han && end > pos && facts[end - 1].kind == .han) { words += 1 }
            // A Chinese name does not run across a space between han characters.
            if chinese && end > pos && t.spaceBefore && t.kind == .han && tokens[end - 1].kind == .han { break }
            // Nor from Chinese across a space into a latin word the grammar does not know
            // ("东方集团 CRM项目"); one it knows may still end the name later ("王彤 at 全宇医院 today").
            if chinese && end > pos && t.spaceBefore && t.kind == .word && t.id < 0 && tokens[end - 1].kind == .han { break }
            // Nor across a space into a number: "拜访了王彤 2月30日" names 王彤, and 2月30日 is a date.
            if chinese && end > pos && t.spaceBefore && t.kind == .number { break }
            // Nor does it run across a particle (了, 的): 留了一部手机 is not a name.
            if chinese && end > pos && CompiledGrammar.flag(grammar.isNameBreak, t.id) { break }
            // An organisation word after a mark or after another organisation word costs
            // nothing ("Acme, Inc.", "coastal imaging llc", "metro ortho group"); other words
            // of the grammar do.
            if t.id >= 0 && !t.fuzzy && end > pos && !chinese && t.kind != .punct
                && !(cells[end].has(Cell.suffixStart) && (tokens[end - 1].kind == .punct || cells[end].suffixEnd > 0))
            {
                keywordCost += 2
            }
            if t.capitalized { capitals += 1 }
            // Only after words that are all the name's (the lead's own cost aside), and before
            // no date: "check in with marco on friday at 3pm" is no person at an organisation.
            if !chinese && end > pos && maxLength == 6 && cells[end].has(Cell.companyLead) && keywordCost <= 2
                && end + 1 < n && !cells[end + 1].has(Cell.dateStart) && !cells[end + 1].has(Cell.numberStart)
            {
                maxLength = words + 5
            }
            end += 1
            let length = words
            if last && end < n - maxEdgeSkip { continue }
            // One Chinese character is never a name (a surname alone is not, nor 回 of 回访).
            if end - pos == 1 && t.kind == .han { continue }
            // "Co., Ltd." / "Inc.": the full stop after an organisation word ends the name.
            let suffixDot = t.isDot && cells[end - 1].suffixEnd > 0 && end - 1 > pos
            if (t.kind == .punct && !suffixDot) || cells[end].has(Cell.stopEnd) || CompiledGrammar.flag(grammar.isNameStop, t.id) || !canStart(k, end) { continue }
            // "Acme Inc." ends with its organisation word like "Acme Inc" does.
            let wordEnd = suffixDot ? end - 1 : end
            let suffix = Int(cells[wordEnd].suffixEnd)
            let suffixBonus = suffix > 0 && wordEnd - suffix > pos ? 3 : 0
            var s = score - keywordCost + capitals + namePrior(length) + suffixBonus + (suffixDot ? 2 : 0)
            // In Chinese, a space after a name is a strong field boundary.
            if chinese && end < n && tokens[end].spaceBefore { s += 2 }
            if !chinese && t.capitalized == false && capitals > 0 && length > 1 { s -= 1 }
            captures.append(Capture(slot: slot, start: pos, end: end, value: .span))
            match(k, end, s, free + length, hits, suffixBonus > 0 ? 3 : 1)
            captures.removeLast()
        }
    }

    /// `"Acme, Inc."`: everything between the quotes is the name (the closing quote
    /// may have been trimmed at the end of the message).
    private mutating func matchQuotedName(_ k: Int32, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int) {
        let n = tokens.count
        var close = pos + 1
        while close < n, !cells[close].has(Cell.quote) { close += 1 }
        guard close > pos + 1 else { return }
        let next = close < n ? close + 1 : n
        guard canStart(k, next) else { return }
        captures.append(Capture(slot: slot, start: pos + 1, end: close, value: .span))
        match(k, next, score + 4, free + 2, hits, 1)
        captures.removeLast()
    }

    @inline(__always)
    private func namePrior(_ length: Int) -> Int {
        if chinese {
            switch length {
            case 1: return -3
            case 2, 3, 4: return 0
            default: return 4 - length
            }
        }
        switch length {
        case 1: return -1
        case 2: return 0
        case 3: return -1
        default: return -2 * (length - 2)
        }
    }

    private mutating func matchText(
        _ k: Int32, _ last: Bool, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int
    ) {
        let n = tokens.count
        // Free text does not begin with a particle (的, 了): that is a name cut short.
        if CompiledGrammar.flag(grammar.isTextStop, tokens[pos].id) { return }
        let unit = chinese ? 4 : 3
        // Free text holds a word: "new deal Redstone Pharma, 1.5m" has no title ",".
        let firstWord = (pos..<n).first { tokens[$0].kind != .punct } ?? n
        if last {
            guard firstWord < n else { return }
            // Free text at the end takes the rest (trailing skip is pointless here).
            let length = n - pos
            captures.append(Capture(slot: slot, start: pos, end: n, value: .span))
            match(k, n, score - min((length + unit - 1) / unit, 6), free + length, hits, 1)
            captures.removeLast()
            return
        }
        var end = max(pos, firstWord) + 1
        while end <= n {
            let length = end - pos
            if !canStart(k, end) {
                end += 1
                continue
            }
            captures.append(Capture(slot: slot, start: pos, end: end, value: .span))
            match(k, end, score - min((length + unit - 1) / unit, 6), free + length, hits, 1)
            captures.removeLast()
            end += 1
        }
    }

    private mutating func resolveTyped(kind: Int, _ pos: Int, _ length: Int) -> Capture.Value? {
        let key = (kind * tokens.count + pos) * 16 + min(length, 15)
        if typedCache.isEmpty { typedCache = [Int32](repeating: 0, count: 3 * tokens.count * 16) }
        let cached = length < 16 ? typedCache[key] : 0
        if cached == 1 { return nil }
        if cached >= 2 { return typedValues[Int(cached) - 2] }
        let range = pos..<(pos + length)
        var result: Capture.Value?
        switch kind {
        case 0:
            switch DateResolver(lexicon: tables).resolve(words, range, now: now) {
            case .valid(let d): result = .value(.date(d))
            case .invalid: result = .invalid
            case nil: result = nil
            }
        case 1:
            result = besideAMonth(range) ? nil : AmountResolver(lexicon: tables).parse(words, range).map { .value(.number($0)) }
        default:
            if besideAMonth(range) {
                result = nil
            } else if let v = NumberResolver(lexicon: tables).parse(words, range) {
                result = .value(.number(v))
            } else if length == 1, let v = ordinalNumber(words.texts[pos]) {
                result = .value(.number(v))
            }
        }
        if length < 16 {
            if let result {
                typedValues.append(result)
                typedCache[key] = Int32(typedValues.count + 1)
            } else {
                typedCache[key] = 1
            }
        }
        return result
    }

    /// "closing 18 December", "by December 18": a bare number right before or after a month's
    /// name is the date's day, never a sum, a count or a probability.
    private func besideAMonth(_ range: Range<Int>) -> Bool {
        guard range.count == 1, tokens[range.lowerBound].text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let n = tokens.count
        if range.upperBound < n, tables.months.match(ids, at: range.upperBound, end: n) != nil { return true }
        return (max(0, range.lowerBound - 2)..<range.lowerBound).contains { k in
            tables.months.match(ids, at: k, end: range.lowerBound).map { k + $0.1 == range.lowerBound } ?? false
        }
    }

    private func ordinalNumber(_ s: String) -> Double? {
        var digits = 0.0
        var count = 0
        var restStart: String.Index?
        for (i, c) in zip(s.indices, s.utf8) {
            if c >= 0x30 && c <= 0x39 && restStart == nil {
                digits = digits * 10 + Double(c - 0x30)
                count += 1
            } else {
                restStart = i
                break
            }
        }
        guard count > 0, let r = restStart, tables.ordinalSuffixes.exact([tables.id(String(s[r...]))], 0..<1) != nil
        else { return nil }
        return NumberResolver.bounded(digits)
    }

    private mutating func matchTyped(
        _ k: Int32, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int, kind: Int, maxLength: Int
    ) {
        let n = tokens.count
        let bit = UInt8(1) << UInt8(kind)
        for length in 1...min(maxLength, n - pos) {
            // A word no reader knows ends every longer span too.
            guard cells[pos + length - 1].typed & bit != 0 else { break }
            guard canStart(k, pos + length), let value = resolveTyped(kind: kind, pos, length) else { continue }
            // "50件", "40 units": a number before a measure word counts things, it is not money.
            if kind == 1, pos + length < n, tables.measureWords.match(ids, at: pos + length, end: n) != nil { continue }
            // "下个月15号签", "3月": a number glued to a date marker is part of a date: never a
            // sum (号, 日, 月, 年), nor a count (月, 年; "25号任务" numbers a task).
            if kind != 0, pos + length < n, !tokens[pos + length].spaceBefore, tokens[pos + length].kind == .han,
                let (marker, _) = tables.dateMarkers.match(ids, at: pos + length, end: n),
                kind == 1 || marker.key != "day"
            {
                continue
            }
            let bonus: Int
            switch (kind, value) {
            case (0, .invalid): bonus = 6 + 2 * length
            case (0, _): bonus = 10 + 5 * length
            case (1, _): bonus = 6 + 2 * length
            default: bonus = 6 + length
            }
            captures.append(Capture(slot: slot, start: pos, end: pos + length, value: value))
            match(k, pos + length, score + bonus, free, hits)
            captures.removeLast()
        }
    }

    /// The vocabulary entries starting at `pos`, longest first.
    private func vocabMatches(_ v: Int, _ pos: Int) -> [(length: Int, value: String)] {
        guard pos < tokens.count, let entries = grammar.vocabularies[v].entries(startingWith: ids[pos]) else { return [] }
        var out: [(Int, String)] = []
        outer: for e in entries where pos + e.ids.count <= tokens.count {
            for j in 1..<e.ids.count where tokens[pos + j].id != e.ids[j] { continue outer }
            out.append((e.ids.count, e.value))
        }
        return out
    }

    private mutating func matchVocab(
        _ k: Int32, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int, vocab: Int, list: Bool
    ) {
        if !list {
            guard let entries = grammar.vocabularies[vocab].entries(startingWith: ids[pos]) else { return }
            outer: for e in entries where pos + e.ids.count <= tokens.count {
                for j in 1..<e.ids.count where tokens[pos + j].id != e.ids[j] { continue outer }
                let length = e.ids.count
                guard canStart(k, pos + length) else { continue }
                captures.append(Capture(slot: slot, start: pos, end: pos + length, value: .value(.text(e.value))))
                match(k, pos + length, score + 9 * length, free, hits)
                captures.removeLast()
            }
            return
        }
        // A list: item (separator item)*; every prefix of the list is a candidate.
        var values: [String] = []
        var p = pos
        var gained = 0
        while let (length, value) = vocabMatches(vocab, p).first {
            if !values.contains(value) { values.append(value) }
            p += length
            gained += 9 * length
            captures.append(Capture(slot: slot, start: pos, end: p, value: .value(.list(values))))
            match(k, p, score + gained, free, hits)
            captures.removeLast()
            var q = p
            // Commas and separators, of one word or several ("and", "使用者又是影响者").
            while q < tokens.count {
                if tokens[q].text == "," {
                    q += 1
                } else if let (_, length) = grammar.tables.listSeparators.match(ids, at: q, end: tokens.count) {
                    q += length
                } else {
                    break
                }
            }
            guard q > p, q < tokens.count else { break }
            p = q
        }
    }
}
