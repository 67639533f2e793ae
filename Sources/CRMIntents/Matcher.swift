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

/// Runs compiled sequences against one message's tokens (backtracking over
/// slot spans) and keeps the best-scoring complete match.
///
/// Score: +10 per literal (+6 for a typo-corrected one), +9 per vocabulary
/// token, typed slots that resolve earn a bonus (dates +10 and +3 per token),
/// names pay for unlikely lengths and for keywords inside them, free text
/// pays per token, a left-out punctuation mark costs 1, and every message
/// token left over at either end costs 4 (at most two at each end).
/// Ties go to fewer free tokens, then to the phrasing declared first.
struct Matcher {
    let grammar: CompiledGrammar
    let tokens: [Token]
    let texts: [String]
    let now: LocalDateTime
    let chinese: Bool
    var best: MatchResult?
    var steps = 0
    /// Work caps: per phrasing and start position, and per message.
    static let maxSteps = 200_000
    static let maxTotalSteps = 2_000_000
    var totalSteps = 0
    var typedCache: [Int: Capture.Value?] = [:]
    var captures: [Capture] = []
    var sequenceIndex = 0

    init(grammar: CompiledGrammar, tokens: [Token], now: LocalDateTime, chinese: Bool) {
        self.grammar = grammar
        self.tokens = tokens
        self.texts = tokens.map(\.text)
        self.now = now
        self.chinese = chinese
        captures.reserveCapacity(8)
    }

    var maxEdgeSkip: Int { 2 }

    mutating func run(_ index: Int) {
        sequenceIndex = index
        let seq = grammar.sequences[index]
        let limit = min(maxEdgeSkip, tokens.count - 1)
        guard limit >= 0 else { return }
        for start in 0...limit {
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
        let seq = grammar.sequences[sequenceIndex]
        let candidate = MatchResult(score: total, free: free, order: seq.order, sequence: sequenceIndex, captures: captures)
        if candidate.isBetter(than: best) { best = candidate }
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
        let g = grammar.nodes[Int(node)]
        let k = g.next.first ?? node
        switch g.item {
        case .end:
            // Something other than names and free text must have matched: a word,
            // a separator or a vocabulary word.
            guard hits > 0 else { return }
            finish(score, free, pos)
        case .epsilon:
            for next in g.next { match(next, pos, score, free, hits, sep) }
        case .literal(let id):
            guard pos < n, tokens[pos].id == id else { return }
            match(k, pos + 1, score + (tokens[pos].fuzzy ? 6 : 10), free, hits + 1)
        case .punct(let id):
            if pos < n, tokens[pos].kind == .punct {
                let t = tokens[pos].id
                if t == id {
                    match(k, pos + 1, score + 2, free, hits + 1)
                } else if grammar.separators.contains(id) && grammar.separators.contains(t) {
                    match(k, pos + 1, score + 1, free, hits + 1)
                }
            }
            match(k, pos, score - 1, free, hits, sep == 1 || sep == 3 ? 2 : sep)
        case .fixed(let slot, let value):
            captures.append(Capture(slot: slot, start: pos, end: pos, value: .value(.text(value))))
            match(k, pos, score, free, hits, sep)
            captures.removeLast()
        case .slot(let slot):
            guard pos < n else { return }
            let intent = grammar.intents[grammar.sequences[sequenceIndex].intent]
            if sep == 1 && chinese && !tokens[pos].spaceBefore {
                // Chinese has no spaces: a name or free text glued to a name is a name cut
                // in two, unless the name ended with an organisation word (全宇医院采购部主任).
                switch intent.kinds[slot] {
                case .name, .text: return
                default: break
                }
            }
            if sep == 2 {
                switch intent.kinds[slot] {
                case .name, .vocab, .vocabList: return
                // Chinese has no spaces: free text glued to a name is a name cut in two.
                case .text where chinese: return
                default: break
                }
            }
            switch intent.kinds[slot] {
            case .name: matchName(k, g.last, slot, pos, score, free, hits)
            case .text: matchText(k, g.last, slot, pos, score, free, hits)
            case .date: matchTyped(k, slot, pos, score, free, hits, kind: 0, maxLength: chinese ? 14 : 8)
            case .amount: matchTyped(k, slot, pos, score, free, hits, kind: 1, maxLength: chinese ? 10 : 4)
            case .number: matchTyped(k, slot, pos, score, free, hits, kind: 2, maxLength: chinese ? 6 : 3)
            case .vocab(let v): matchVocab(k, slot, pos, score, free, hits + 1, vocab: v, list: false)
            case .vocabList(let v): matchVocab(k, slot, pos, score, free, hits + 1, vocab: v, list: true)
            }
        }
    }

    private func nameable(_ t: Token) -> Bool {
        switch t.kind {
        case .word: return t.text != "'s"
        case .number, .han: return true
        case .punct: return t.text == "&" || t.text == "-" || t.text == "." || t.text == "'" || t.text == "·"
        }
    }

    private mutating func matchName(_ k: Int32, _ last: Bool, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int) {
        let n = tokens.count
        guard nameable(tokens[pos]), tokens[pos].kind != .punct, !grammar.nameStops.contains(tokens[pos].id),
            grammar.lexicon["name_stops"].match(texts, at: pos) == nil
        else { return }
        let maxLength = chinese ? 12 : 6
        var keywordCost = 0
        var capitals = 0
        var end = pos
        while end < n, end - pos < maxLength, nameable(tokens[end]) {
            let t = tokens[end]
            // A Chinese name does not run across a space between han characters.
            if chinese && end > pos && t.spaceBefore && t.kind == .han && tokens[end - 1].kind == .han { break }
            if t.id >= 0 && !t.fuzzy && end > pos && !chinese { keywordCost += 2 }
            if t.capitalized { capitals += 1 }
            end += 1
            let length = end - pos
            if last && end < n - maxEdgeSkip { continue }
            if grammar.nameStops.contains(t.id) || t.kind == .punct || endsWithStop(pos, end) { continue }
            let suffixBonus = nameSuffixBonus(pos, end)
            var s = score - keywordCost + capitals + namePrior(length) + suffixBonus
            // In Chinese, a space after a name is a strong field boundary.
            if chinese && end < n && tokens[end].spaceBefore { s += 2 }
            if !chinese && t.capitalized == false && capitals > 0 && length > 1 { s -= 1 }
            captures.append(Capture(slot: slot, start: pos, end: end, value: .span))
            match(k, end, s, free + length, hits, suffixBonus > 0 ? 3 : 1)
            captures.removeLast()
        }
    }

    /// The span ends with a multi-token name stop ("李娜那边").
    private func endsWithStop(_ start: Int, _ end: Int) -> Bool {
        let table = grammar.lexicon["name_stops"]
        for len in 2...3 where end - len > start {
            if let m = table.match(texts, at: end - len), m.length == len { return true }
        }
        return false
    }

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

    private func nameSuffixBonus(_ start: Int, _ end: Int) -> Int {
        let table = grammar.lexicon["name_suffixes"]
        for len in 1...min(3, end - start) {
            if let m = table.match(texts, at: end - len), m.length == len, end - len > start { return 3 }
        }
        return 0
    }

    private mutating func matchText(_ k: Int32, _ last: Bool, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int) {
        let n = tokens.count
        // Free text does not begin with a particle (的, 了): that is a name cut short.
        if grammar.textStops.contains(tokens[pos].id) { return }
        let unit = chinese ? 4 : 3
        if last {
            // Free text at the end takes the rest (trailing skip is pointless here).
            let length = n - pos
            captures.append(Capture(slot: slot, start: pos, end: n, value: .span))
            match(k, n, score - min((length + unit - 1) / unit, 6), free + length, hits)
            captures.removeLast()
            return
        }
        var end = pos + 1
        while end <= n {
            let length = end - pos
            captures.append(Capture(slot: slot, start: pos, end: end, value: .span))
            match(k, end, score - min((length + unit - 1) / unit, 6), free + length, hits, 1)
            captures.removeLast()
            end += 1
        }
    }

    private mutating func resolveTyped(kind: Int, _ pos: Int, _ length: Int) -> Capture.Value? {
        let key = (kind << 24) | (pos << 8) | length
        if let cached = typedCache[key] { return cached }
        let slice = texts[pos..<(pos + length)]
        var result: Capture.Value?
        switch kind {
        case 0:
            switch DateResolver(lexicon: grammar.lexicon).resolve(slice, now: now) {
            case .valid(let d): result = .value(.date(d))
            case .invalid: result = .invalid
            case nil: result = nil
            }
        case 1:
            result = AmountResolver(lexicon: grammar.lexicon).parse(slice).map { .value(.number($0)) }
        default:
            if let v = NumberResolver(lexicon: grammar.lexicon).parse(slice) {
                result = .value(.number(v))
            } else if length == 1, let v = ordinalNumber(texts[pos]) {
                result = .value(.number(v))
            }
        }
        typedCache[key] = result
        return result
    }

    private func ordinalNumber(_ s: String) -> Double? {
        var digits = ""
        var rest = ""
        for c in s.unicodeScalars {
            if rest.isEmpty && ("0"..."9").contains(c) { digits.unicodeScalars.append(c) } else { rest.unicodeScalars.append(c) }
        }
        guard !digits.isEmpty, !rest.isEmpty, grammar.lexicon["ordinal_suffixes"].lookup([rest]) != nil else { return nil }
        return Double(digits)
    }

    private mutating func matchTyped(
        _ k: Int32, _ slot: Int, _ pos: Int, _ score: Int, _ free: Int, _ hits: Int, kind: Int, maxLength: Int
    ) {
        let n = tokens.count
        // Cheap prefilter: typed values never start with punctuation other than signs.
        if tokens[pos].kind == .punct && !(["-", "$", "¥", "+"].contains(tokens[pos].text)) { return }
        for length in 1...min(maxLength, n - pos) {
            guard let value = resolveTyped(kind: kind, pos, length) else { continue }
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
        guard pos < tokens.count, let entries = grammar.vocabularies[v].byFirst[tokens[pos].id] else { return [] }
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
            for (length, value) in vocabMatches(vocab, pos) {
                captures.append(Capture(slot: slot, start: pos, end: pos + length, value: .value(.text(value))))
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
            while q < tokens.count, grammar.listSeparators.contains(tokens[q].id) || tokens[q].text == "," { q += 1 }
            guard q > p, q < tokens.count else { break }
            p = q
        }
    }
}
