import CRMSupport

/// One labelled training sentence: the text, its intent and where each slot's
/// value lies (UTF-8 offsets into `text`).
struct TrainingSentence: Sendable {
    var text: String
    var intent: String
    var spans: [(slot: String, start: Int, end: Int)]
    /// Written by a person (an annotated corpus), not generated: it weighs double.
    var handWritten = false
}

/// Expands the grammar's phrasings into labelled sentences: every optional
/// part taken or left out, every alternative, vocabulary words in all their
/// surface forms, and slots filled with varied values (``FillValues``).
/// Deterministic for a seed.
struct SentenceGenerator {
    let grammar: Grammar
    let fill: FillValues
    var rng: SeededGenerator

    /// Sentences per phrasing (duplicates dropped).
    var perPhrasing = 24

    let seed: UInt64

    init(grammar: Grammar, fill: FillValues, seed: UInt64) {
        self.grammar = grammar
        self.fill = fill
        self.seed = seed
        rng = SeededGenerator(seed: seed)
    }

    /// A generator of its own for each phrasing, seeded by what the phrasing says: adding,
    /// changing or removing one phrasing changes only its own sentences. (With one stream for
    /// the whole grammar, a new phrasing gave every later sentence other names and values,
    /// and the model's answers on unrelated messages moved with it.)
    private func rng(for intent: IntentDecl, _ phrasing: PhrasingDecl) -> SeededGenerator {
        var h = StableHash()
        h.add(u64: seed)
        h.add(intent.name)
        h.add(intent.language.rawValue)
        h.add(String(describing: phrasing.nodes))
        return SeededGenerator(seed: h.mixed)
    }

    /// A sentence being built: text and the slot spans so far.
    private struct Draft {
        var text = ""
        var spans: [(slot: String, start: Int, end: Int)] = []
        var language: Language

        /// Appends a piece, with a space where two latin words would otherwise run together.
        mutating func append(_ piece: String) {
            guard !piece.isEmpty else { return }
            if let last = text.unicodeScalars.last, let first = piece.unicodeScalars.first {
                let lastWord = Tokenizer.isWordScalar(last) && !last.isCJK
                let firstWord = Tokenizer.isWordScalar(first) && !first.isCJK
                let punctuation = ",:;.!?，：；。！？)".unicodeScalars.contains(first)
                if (lastWord && firstWord) || (language == .en && !punctuation && last != " ") {
                    text += " "
                }
            }
            text += piece
        }
    }

    mutating func generate() -> [TrainingSentence] {
        var out: [TrainingSentence] = []
        for intent in grammar.intents {
            let slotTypes = Dictionary(intent.slots.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            for phrasing in intent.phrasings {
                rng = rng(for: intent, phrasing)
                var seen = Set<String>()
                for _ in 0..<(perPhrasing * 2) where seen.count < perPhrasing {
                    var draft = Draft(language: intent.language)
                    expand(phrasing.nodes, into: &draft, types: slotTypes, slotName: nil)
                    // Reps mostly type in lower case: so do 40% of the English sentences.
                    if intent.language == .en, draft.text.utf8.allSatisfy({ $0 < 0x80 }),
                        Int.random(in: 0..<10, using: &rng) < 4
                    {
                        draft.text = draft.text.lowercased()
                    }
                    let text = draft.text.trimmingSpaces()
                    guard !text.isEmpty, seen.insert(text).inserted else { continue }
                    out.append(TrainingSentence(text: draft.text, intent: intent.name, spans: draft.spans))
                }
            }
        }
        for language in Language.allCases {
            for message in fill.values[language]?["none"] ?? [] {
                out.append(TrainingSentence(text: message, intent: IntentCatalog.none, spans: []))
            }
        }
        return out
    }

    private mutating func expand(_ nodes: [PhraseSyntax.Node], into d: inout Draft, types: [String: SlotType],
        slotName: String?)
    {
        for node in nodes {
            switch node {
            case .literal(let s):
                d.append(s)
            case .slot(let name, _, let fixed):
                guard fixed == nil, let type = types[name] else { continue }
                let value = sample(type, slot: name, language: d.language)
                d.append("")
                let before = d.text.utf8.count
                d.append(value)
                // The space `append` may have added is not part of the value.
                let start = d.text.utf8.count - value.utf8.count
                _ = before
                d.spans.append((name, start, d.text.utf8.count))
            case .group(let alternatives, let optional):
                if optional && Bool.random(using: &rng) { continue }
                guard let pick = alternatives.randomElement(using: &rng) else { continue }
                expand(pick, into: &d, types: types, slotName: slotName)
            case .span(let name, let inner):
                // Inner slots are labelled; the span itself is rebuilt by the `whole:` rule.
                _ = name
                expand(inner, into: &d, types: types, slotName: slotName)
            }
        }
    }

    private mutating func sample(_ type: SlotType, slot: String, language: Language) -> String {
        // A Chinese phrasing sometimes carries an English or pinyin name (mixed messages).
        let nameLanguage: Language = language == .zh && Int.random(in: 0..<6, using: &rng) == 0 ? .en : language
        switch type {
        case .name:
            switch slot {
            case "customer", "to_company": return fill.pick("company", nameLanguage, using: &rng)
            case "rep", "owner": return fill.pick("rep", nameLanguage, using: &rng)
            case "region": return language == .zh ? ["华北", "华东", "南方", "西区"].randomElement(using: &rng) ?? "华北"
                : ["north", "south", "east china", "west"].randomElement(using: &rng) ?? "north"
            default:
                return fill.pick(Bool.random(using: &rng) ? "person" : "company", nameLanguage, using: &rng)
            }
        case .text: return fill.pick("text", language, using: &rng)
        case .date: return fill.pick("date", language, using: &rng)
        case .amount: return fill.pick("amount", language, using: &rng)
        case .number: return fill.pick("number", language, using: &rng)
        case .vocab(let v): return vocabularySurface(v, language: language)
        case .vocabList(let v):
            let n = Int.random(in: 1...3, using: &rng)
            var items: [String] = []
            for _ in 0..<n { items.append(vocabularySurface(v, language: language)) }
            let separator = language == .zh ? ["和", "、", "，"].randomElement(using: &rng) ?? "和"
                : [" and ", ", "].randomElement(using: &rng) ?? " and "
            return items.joined(separator: separator)
        }
    }

    private mutating func vocabularySurface(_ name: String, language: Language) -> String {
        guard let table = grammar.vocabularies[name] else { return name }
        let entries = table.entries.filter { e in
            let han = e.tokens.contains { $0.unicodeScalars.contains { $0.isCJK } }
            return language == .zh ? han || Int.random(in: 0..<8, using: &rng) == 0 : !han
        }
        guard let e = (entries.isEmpty ? table.entries : entries).randomElement(using: &rng) else { return name }
        return Self.surface(e.tokens)
    }

    /// Joins alias tokens back into text: spaces between latin words only.
    static func surface(_ tokens: [String]) -> String {
        var s = ""
        for t in tokens {
            if let last = s.unicodeScalars.last, let first = t.unicodeScalars.first,
                !last.isCJK, !first.isCJK, Tokenizer.isWordScalar(last), Tokenizer.isWordScalar(first)
            {
                s += " "
            }
            s += t
        }
        return s
    }
}
