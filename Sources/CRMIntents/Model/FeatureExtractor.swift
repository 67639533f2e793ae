import CRMSupport

/// Turns a prepared message into hashed features for the statistical layer:
/// the same tokens the grammar matches (folded, rewritten, typo-corrected),
/// read through the grammar's own vocabularies and lexicon, so that a word a
/// sales-ops person adds to a vocabulary is known to the model as a member of
/// its class at once, before any retraining.
///
/// Intent features: the bias, word unigrams and bigrams, character 2–4-grams
/// of the folded text, the vocabulary classes present, what the lexicon makes
/// of each word (date, amount, number, organisation suffix), number shapes
/// and mood markers (questions, plans, past tense) — all as 64-bit FNV hashes.
/// Token features (for the slot tagger): the word, its neighbours, its shape
/// and the classes it belongs to.
struct FeatureExtractor: Sendable {
    let grammar: CompiledGrammar
    /// Per literal id: the vocabularies with an alias starting with it.
    private let vocabStarts: [[Int32]]

    init(grammar: CompiledGrammar) {
        self.grammar = grammar
        var starts = [[Int32]](repeating: [], count: grammar.literalTexts.count)
        for (v, vocab) in grammar.vocabularies.enumerated() {
            for (first, _) in vocab.byFirst where first >= 0 && Int(first) < starts.count {
                if !starts[Int(first)].contains(Int32(v)) { starts[Int(first)].append(Int32(v)) }
            }
        }
        vocabStarts = starts
    }

    // MARK: tags (one byte in front of each hashed feature, so kinds never collide)

    enum Tag: UInt8 {
        case bias = 1, word, bigram, chars, vocab, flag, shape, position
        case tokWord = 20, tokPrev, tokNext, tokPrev2, tokNext2, tokPrevWord, tokWordNext, tokShape, tokVocab, tokFlag
        case tokSuffix, tokPrefix, tokPosition, tokHanPair
    }

    /// The form a token takes in features: numbers by their digit count.
    @inline(__always)
    static func form(_ t: Token) -> String {
        if t.kind == .number {
            let n = t.text.utf8.count
            return n >= 7 ? "#long" : "#\(n)"
        }
        return t.text
    }

    /// For each token, the vocabularies whose alias covers it, with 'B' (begins
    /// there) or 'I' (inside) — the longest alias of each vocabulary wins.
    func vocabularyMarks(_ tokens: [Token]) -> [[(vocab: Int32, begin: Bool)]] {
        var marks = [[(vocab: Int32, begin: Bool)]](repeating: [], count: tokens.count)
        for i in tokens.indices {
            let id = tokens[i].id
            guard id >= 0, Int(id) < vocabStarts.count else { continue }
            for v in vocabStarts[Int(id)] {
                guard let entries = grammar.vocabularies[Int(v)].entries(startingWith: id) else { continue }
                for e in entries where i + e.ids.count <= tokens.count {
                    var ok = true
                    for k in 1..<max(1, e.ids.count) where tokens[i + k].id != e.ids[k] {
                        ok = false
                        break
                    }
                    guard ok else { continue }
                    marks[i].append((v, true))
                    for k in 1..<max(1, e.ids.count) { marks[i + k].append((v, false)) }
                    break
                }
            }
        }
        return marks
    }

    @inline(__always)
    private func flags(_ t: Token) -> UInt8 {
        t.id >= 0 && Int(t.id) < grammar.idFlags.count ? grammar.idFlags[Int(t.id)] : 0
    }

    /// Hashed features of a whole message for the intent classifier.
    func intentFeatures(_ tokens: [Token], marks: [[(vocab: Int32, begin: Bool)]]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(tokens.count * 8 + 8)
        out.append(StableHash(tag: Tag.bias.rawValue).mixed)
        var previous = "^"
        var joined: [Unicode.Scalar] = [" "]
        for (i, t) in tokens.enumerated() {
            let f = Self.form(t)
            var h = StableHash(tag: Tag.word.rawValue)
            h.add(f)
            out.append(h.mixed)
            var b = StableHash(tag: Tag.bigram.rawValue)
            b.add(previous)
            b.add(0)
            b.add(f)
            out.append(b.mixed)
            previous = f
            for m in marks[i] where m.begin {
                var v = StableHash(tag: Tag.vocab.rawValue)
                v.add(u64: UInt64(m.vocab))
                out.append(v.mixed)
            }
            let fl = flags(t)
            if fl != 0 {
                for bit in 0..<8 where fl & (1 << bit) != 0 {
                    var x = StableHash(tag: Tag.flag.rawValue)
                    x.add(UInt8(bit))
                    out.append(x.mixed)
                }
            }
            if t.kind == .number {
                var s = StableHash(tag: Tag.shape.rawValue)
                s.add(f)
                out.append(s.mixed)
            }
            if t.kind != .number {
                if t.kind != .han, joined.last != " " { joined.append(" ") }
                joined.append(contentsOf: t.text.unicodeScalars)
                if t.kind != .han { joined.append(" ") }
            } else {
                joined.append("#")
            }
        }
        var e = StableHash(tag: Tag.bigram.rawValue)
        e.add(previous)
        e.add(0)
        e.add("$")
        out.append(e.mixed)
        if let first = tokens.first {
            var p = StableHash(tag: Tag.position.rawValue)
            p.add(Self.form(first))
            out.append(p.mixed)
        }
        if joined.last != " " { joined.append(" ") }
        if joined.count >= 2 {
            for n in 2...4 where joined.count >= n {
                for s in 0...(joined.count - n) {
                    var h = StableHash(tag: Tag.chars.rawValue)
                    h.add(UInt8(n))
                    for k in s..<(s + n) { h.add(u64: UInt64(joined[k].value)) }
                    out.append(h.mixed)
                }
            }
        }
        return out
    }

    /// Hashed features of token `i` for the slot tagger.
    func tokenFeatures(_ tokens: [Token], at i: Int, marks: [[(vocab: Int32, begin: Bool)]]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(24)
        func add(_ tag: Tag, _ a: String, _ b: String? = nil) {
            var h = StableHash(tag: tag.rawValue)
            h.add(a)
            if let b {
                h.add(0)
                h.add(b)
            }
            out.append(h.mixed)
        }
        let t = tokens[i]
        let f = Self.form(t)
        let prev = i > 0 ? Self.form(tokens[i - 1]) : "^"
        let prev2 = i > 1 ? Self.form(tokens[i - 2]) : "^"
        let next = i + 1 < tokens.count ? Self.form(tokens[i + 1]) : "$"
        let next2 = i + 2 < tokens.count ? Self.form(tokens[i + 2]) : "$"
        out.append(StableHash(tag: Tag.bias.rawValue).mixed)
        add(.tokWord, f)
        add(.tokPrev, prev)
        add(.tokNext, next)
        add(.tokPrev2, prev2)
        add(.tokNext2, next2)
        add(.tokPrevWord, prev, f)
        add(.tokWordNext, f, next)
        var shape = String(t.kind.rawValue)
        if t.capitalized { shape += "C" }
        if t.spaceBefore { shape += "S" }
        if t.id < 0 { shape += "U" }
        add(.tokShape, shape)
        if i > 0 { add(.tokShape, "p" + String(tokens[i - 1].kind.rawValue) + (tokens[i - 1].id < 0 ? "U" : "")) }
        if i + 1 < tokens.count {
            add(.tokShape, "n" + String(tokens[i + 1].kind.rawValue) + (tokens[i + 1].id < 0 ? "U" : ""))
        }
        if t.kind == .word, t.text.unicodeScalars.count > 3 {
            add(.tokSuffix, String(t.text.unicodeScalars.suffix(3)))
            add(.tokPrefix, String(t.text.unicodeScalars.prefix(3)))
        }
        if t.kind == .han {
            add(.tokHanPair, prev, next)
        }
        add(.tokPosition, i == 0 ? "first" : (i == tokens.count - 1 ? "last" : "mid"))
        for m in marks[i] {
            var h = StableHash(tag: Tag.tokVocab.rawValue)
            h.add(u64: UInt64(m.vocab))
            h.add(m.begin ? 1 : 2)
            out.append(h.mixed)
        }
        for (offset, tag) in [(-1, "p"), (1, "n")] {
            let j = i + offset
            guard j >= 0, j < tokens.count else { continue }
            for m in marks[j] {
                var h = StableHash(tag: Tag.tokVocab.rawValue)
                h.add(tag)
                h.add(u64: UInt64(m.vocab))
                out.append(h.mixed)
            }
        }
        let fl = flags(t)
        for bit in 0..<8 where fl & (1 << bit) != 0 {
            var x = StableHash(tag: Tag.tokFlag.rawValue)
            x.add(UInt8(bit))
            out.append(x.mixed)
        }
        if i > 0 {
            let pf = flags(tokens[i - 1])
            for bit in 0..<8 where pf & (1 << bit) != 0 {
                var x = StableHash(tag: Tag.tokFlag.rawValue)
                x.add(UInt8(bit) | 0x40)
                out.append(x.mixed)
            }
        }
        if i + 1 < tokens.count {
            let nf = flags(tokens[i + 1])
            for bit in 0..<8 where nf & (1 << bit) != 0 {
                var x = StableHash(tag: Tag.tokFlag.rawValue)
                x.add(UInt8(bit) | 0x80)
                out.append(x.mixed)
            }
        }
        return out
    }
}

extension FeatureExtractor {
    /// Readable names for the word, bigram and vocabulary features of a message
    /// (character n-grams are left out), for `crmbot parse --explain`.
    func describe(_ tokens: [Token], marks: [[(vocab: Int32, begin: Bool)]]) -> [(name: String, hash: UInt64)] {
        var out: [(String, UInt64)] = []
        var previous = "^"
        for (i, t) in tokens.enumerated() {
            let f = Self.form(t)
            var h = StableHash(tag: Tag.word.rawValue)
            h.add(f)
            out.append(("word '\(f)'", h.mixed))
            var b = StableHash(tag: Tag.bigram.rawValue)
            b.add(previous)
            b.add(0)
            b.add(f)
            out.append(("words '\(previous) \(f)'", b.mixed))
            previous = f
            for m in marks[i] where m.begin {
                var v = StableHash(tag: Tag.vocab.rawValue)
                v.add(u64: UInt64(m.vocab))
                out.append(("vocabulary \(grammar.vocabularies[Int(m.vocab)].name)", v.mixed))
            }
        }
        return out
    }
}
