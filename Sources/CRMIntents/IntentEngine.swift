#if canImport(Glibc)
    import Glibc
#endif
import CRMSupport

/// The intent engine: grammar files compiled into a matcher.
///
/// Immutable after loading and safe to share between tasks. Loading reads
/// every `*.grammar` file of a directory, validates it (see ``GrammarError``)
/// and compiles the phrasings; parsing tokenizes the message (only its first
/// ``maxMatchedCharacters`` characters), picks candidate phrasings by their
/// rarest literal, matches them with backtracking over slot spans and keeps
/// the best score.
///
/// Usage:
/// ```swift
/// let engine = try IntentEngine.load(directory: "Intents")
/// let parsed = engine.parse("log visit to Wang Tong: discussed the trial", now: now)
/// print(parsed.json.serialized)
/// ```
public final class IntentEngine: IntentParser {
    /// Longer messages are cut to this many characters before matching.
    public static let maxMatchedCharacters = 2000

    let compiled: CompiledGrammar
    let preprocessor: Preprocessor
    let suggester: SuggesterCache
    let cueFallback: CueFallback
    /// The trained statistical layer, when the grammar directory has one.
    let model: IntentModel?
    let extractor: FeatureExtractor
    /// Classifier label index → compiled intent index (nil for `none`).
    let modelIntents: [Int?]
    /// The toneless pinyin syllables (from `names/pinyin.tsv` beside the grammar): "li wei"
    /// typed in lower case is a name of two syllables, "bob voicemail" is not.
    let pinyinSyllables: Set<String>
    /// Traditional character → simplified (from `names/simplified.tsv`): a message in
    /// traditional characters is read as its simplified form, and its slots given back as
    /// written ("拜訪了黃醫生" logs a visit to 黃醫生).
    let simplifiedForms: [Unicode.Scalar: Unicode.Scalar]

    /// Loads and compiles every `*.grammar` file in `directory`, and the trained
    /// model (`model.crmm`) when the directory has one.
    ///
    /// - Throws: ``GrammarError`` naming the file and line of the first problem,
    ///   or the model file when it is damaged or was trained from other grammar files.
    /// - Parameter model: false to load the grammar alone (for comparisons).
    /// - Parameter names: the name tables when the caller has loaded them (their pinyin
    ///   syllables and simplified forms); read from `names/` beside the grammar otherwise.
    public static func load(directory: String, model: Bool = true, names: NameScripts? = nil)
        throws(GrammarError) -> IntentEngine
    {
        let sources = try GrammarLoader.readDirectory(directory)
        let modelPath = directory + "/" + IntentTrainer.modelFileName
        let tables: NameScripts
        if let names { tables = names } else { tables = try Self.nameScripts(directory + "/names") }
        guard model, access(modelPath, F_OK) == 0 else {
            return try IntentEngine(
                grammarSources: sources, pinyinSyllables: tables.syllables, simplifiedForms: tables.simplifiedForms)
        }
        let fill = try IntentTrainer.readFile(directory + "/" + IntentTrainer.fillFileName)
        return try IntentEngine(
            grammarSources: sources, model: try IntentTrainer.readBytes(modelPath), modelPath: modelPath,
            fingerprint: IntentTrainer.fingerprint(sources, fill: fill), pinyinSyllables: tables.syllables,
            simplifiedForms: tables.simplifiedForms)
    }

    /// The name tables of `directory` (``NameScripts``), read when the caller has not
    /// loaded them already; a missing table is an empty one.
    static func nameScripts(_ directory: String) throws(GrammarError) -> NameScripts {
        let pinyinPath = directory + "/pinyin.tsv"
        let simplifiedPath = directory + "/simplified.tsv"
        let pinyin = access(pinyinPath, F_OK) == 0 ? try IntentTrainer.readFile(pinyinPath) : ""
        let simplified = access(simplifiedPath, F_OK) == 0 ? try IntentTrainer.readFile(simplifiedPath) : ""
        do {
            return try NameScripts(
                pinyinTable: pinyin, simplifiedTable: simplified, pinyinPath: pinyinPath, simplifiedPath: simplifiedPath)
        } catch {
            throw GrammarError(path: error.path, line: error.line, message: error.message)
        }
    }

    /// Compiles grammar texts given in memory; `path` is only used in errors.
    /// With `model`, also loads a trained model's bytes, refusing one whose
    /// grammar fingerprint is not `fingerprint`.
    public init(
        grammarSources: [(path: String, text: String)], model bytes: [UInt8]? = nil, modelPath: String = "model",
        fingerprint: UInt64? = nil, pinyinSyllables: Set<String> = [],
        simplifiedForms: [Unicode.Scalar: Unicode.Scalar] = [:]
    ) throws(GrammarError) {
        self.pinyinSyllables = pinyinSyllables
        let grammar = try GrammarLoader.load(grammarSources)
        compiled = CompiledGrammar(grammar)
        // The name tables' forms, and the lexicon's for reading messages (週 → 周).
        var forms = simplifiedForms
        let variants = compiled.lexicon["script_variants"]
        for alias in variants.allAliases where alias.count == 1 {
            guard let key = variants.match(alias, at: 0)?.key, let from = alias[0].unicodeScalars.first,
                let to = key.unicodeScalars.first, alias[0].unicodeScalars.count == 1, key.unicodeScalars.count == 1
            else { continue }
            forms[from] = to
        }
        self.simplifiedForms = forms
        preprocessor = Preprocessor(grammar: compiled)
        suggester = SuggesterCache(grammar: compiled)
        cueFallback = CueFallback(grammar: grammar)
        extractor = FeatureExtractor(grammar: compiled)
        if let bytes {
            let m = try IntentModel.decode(bytes, path: modelPath, grammarFingerprint: fingerprint)
            let names = compiled.intents.map(\.name)
            modelIntents = m.classifier.labels.map { names.firstIndex(of: $0) }
            for (k, label) in m.classifier.labels.enumerated()
            where label != IntentCatalog.none && modelIntents[k] == nil {
                throw GrammarError(path: modelPath, line: 0, message: "the model knows intent '\(label)', which the grammar does not declare: run `crmbot train`")
            }
            model = m
        } else {
            model = nil
            modelIntents = []
        }
    }

    /// True when a trained model is loaded beside the grammar.
    public var hasModel: Bool { model != nil }

    public var catalog: [IntentInfo] { compiled.infos }

    /// What a whole message says when it only answers a question (lexicon `answers`):
    /// "yes", "好的", "no thanks", "算了" — nil for anything more. Case, width and the
    /// punctuation around the words do not count.
    public func bareAnswer(_ text: String) -> BareAnswer? {
        guard text.utf8.count <= 64 else { return nil }
        let folded = TextMatching.fold(text)
        let words = Tokenizer.tokenize(folded).filter { $0.kind != .punct }.map(\.text)
        guard !words.isEmpty, let key = compiled.lexicon["answers"].lookup(words) else { return nil }
        return BareAnswer(rawValue: key)
    }

    public func searchWords(_ query: String) -> String {
        let stops = compiled.lexicon["search_stops"]
        let words = query.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" })
        let kept = words.filter { stops.match([TextMatching.fold($0)], at: 0)?.length != 1 }
        return kept.isEmpty ? query : kept.joined(separator: " ")
    }

    public func parse(_ text: String, now: LocalDateTime) -> ParsedIntent {
        analyze(text, now: now).parsed
    }

    /// The grammar's own reading of a message, without the model.
    public func parseWithGrammar(_ text: String, now: LocalDateTime) -> ParsedIntent {
        guard let simple = simplifiedScript(text) else { return grammarReading(text, now: now) }
        var parsed = grammarReading(simple, now: now)
        parsed.restoreScript(written: text, read: simple)
        return parsed
    }

    private func grammarReading(_ text: String, now: LocalDateTime) -> ParsedIntent {
        let limited = text.count > Self.maxMatchedCharacters ? String(text.prefix(Self.maxMatchedCharacters)) : text
        let language = Language.detect(limited)
        let tokens = preprocessor.prepare(Tokenizer.tokenize(limited))
        guard !tokens.isEmpty else { return ParsedIntent(intent: IntentCatalog.none, language: language) }
        if let (result, _) = bestMatch(tokens, language: language, text: limited, now: now) {
            return build(result, tokens: tokens, text: limited, language: language, now: now)
        }
        if let cued = cueFallback.intent(for: limited, language: language) { return cued }
        return ParsedIntent(
            intent: IntentCatalog.none, language: language,
            suggestions: suggester.suggest(tokens, language: language))
    }

    /// The phrasings a message is matched against, in order: a Chinese message may use English
    /// phrasing around a Chinese name ("log visit to 王彤"); an English one with Chinese in it
    /// may use Chinese phrasing around its English words ("跟Linda Smith from Acme Corp通了
    /// 电话"); an English message without Chinese never does.
    static func matchLanguages(_ language: Language, _ text: String) -> [Language] {
        if language == .zh { return [.zh, .en] }
        return text.unicodeScalars.contains(where: \.isHan) ? [.en, .zh] : [.en]
    }

    /// The grammar's reading over the phrasings of ``matchLanguages(_:_:)``: for a Chinese
    /// message the first language that matches; for an English one with Chinese in it the
    /// better of both readings ("task 3 改成 email Dr Chen" is an edit in Chinese phrasing).
    func bestMatch(_ tokens: [Token], language: Language, text: String, now: LocalDateTime, onlyIntent: Int? = nil)
        -> (result: MatchResult, language: Language)?
    {
        let languages = Self.matchLanguages(language, text)
        if language == .zh || languages.count == 1 {
            for lang in languages {
                if let r = bestMatch(tokens, language: lang, now: now, onlyIntent: onlyIntent) { return (r, lang) }
            }
            return nil
        }
        var best: (result: MatchResult, language: Language)?
        for lang in languages {
            if let r = bestMatch(tokens, language: lang, now: now, onlyIntent: onlyIntent), r.isBetter(than: best?.result) {
                best = (r, lang)
            }
        }
        return best
    }

    /// Runs the candidate sequences of one language.
    func bestMatch(_ tokens: [Token], language: Language, now: LocalDateTime, onlyIntent: Int? = nil) -> MatchResult? {
        let chinese = language == .zh
        var matcher = Matcher(grammar: compiled, tokens: tokens, now: now, chinese: chinese)
        // The literal ids present, sorted and unique (messages are short: no hashing).
        var present: [Int32] = []
        present.reserveCapacity(tokens.count)
        for t in tokens where t.id >= 0 { present.append(t.id) }
        present.sort()
        var unique = 0
        for id in present where unique == 0 || present[unique - 1] != id {
            present[unique] = id
            unique += 1
        }
        present.removeLast(present.count - unique)
        var candidates: [Int32] = compiled.unanchored[language] ?? []
        if let index = compiled.anchored[language] {
            for id in present { if let list = index[id] { candidates.append(contentsOf: list) } }
        }
        // Most-anchored phrasings first: a good early best prunes the rest (ties still go
        // to declaration order inside the matcher, so the result does not depend on this order).
        let rank = compiled.sequenceRank
        candidates.sort { a, b in
            let ra = rank[Int(a)]
            let rb = rank[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
        var previous: Int32 = -1
        for c in candidates {
            if c == previous { continue }
            previous = c
            if let onlyIntent, compiled.sequences[Int(c)].intent != onlyIntent { continue }
            guard compiled.sequences[Int(c)].required.allSatisfy({ set in
                set.contains { id in Self.sortedContains(present, id) }
            }) else { continue }
            matcher.run(Int(c))
        }
        return matcher.best
    }

    @inline(__always)
    static func sortedContains(_ a: [Int32], _ id: Int32) -> Bool {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if a[mid] == id { return true }
            if a[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    func build(_ matched: MatchResult, tokens: [Token], text: String, language: Language, now: LocalDateTime)
        -> ParsedIntent
    {
        let seq = compiled.sequences[matched.sequence]
        let intent = compiled.intents[seq.intent]
        let result = nameRunsIntoLastWord(matched, intent: intent, tokens: tokens)
        var values: [Int: SlotValue] = [:]
        var invalid: [ParsedIntent.InvalidSlot] = []
        var spills: [Spill] = []
        var widenedNames: [Range<Int>] = []
        let words = Words(tokens)
        for c in result.captures {
            switch c.value {
            case .value(let v): values[c.slot] = v
            case .span:
                guard c.end > c.start else { continue }
                var range = c.start..<c.end
                switch intent.kinds[c.slot] {
                case .name:
                    let refined = refinedName(range, slot: intent.slots[c.slot].name, tokens: tokens, words: words, intent: intent, now: now)
                    range = refined.range
                    spills += refined.spills
                    if range.upperBound > c.end { widenedNames.append(range) }
                case .text:
                    let refined = refinedText(range, slotName: intent.slots[c.slot].name, tokens: tokens, words: words, intent: intent, now: now)
                    range = refined.range
                    spills += refined.spills
                    if range.isEmpty { continue }
                default: break
                }
                var end = tokens[range.upperBound - 1].end
                // Free text at the end keeps trailing punctuation the preprocessor set aside.
                if case .text = intent.kinds[c.slot], range.upperBound == tokens.count,
                    text[end...].unicodeScalars.allSatisfy({ !Tokenizer.isWordScalar($0) && !$0.isHan })
                {
                    end = text.endIndex
                }
                if case .name = intent.kinds[c.slot], range.upperBound == c.end {
                    end = nameEnd(range, tokens: tokens, text: text, end: end)
                }
                var s = String(text[tokens[range.lowerBound].start..<end]).trimmingSpaces()
                // "<what: ping {who} {due} about {what}>": a date read inside a task's text leaves it.
                if case .text = intent.kinds[c.slot], intent.whole == c.slot, end == tokens[range.upperBound - 1].end,
                    let inner = result.captures.first(where: { d in
                        intent.kinds[d.slot].isDate && range.lowerBound < d.start && d.end <= range.upperBound
                    })
                {
                    s = writtenText(range, without: [inner.start..<inner.end], intent: intent, tokens: tokens, text: text)
                }
                if !s.isEmpty { values[c.slot] = .text(s) }
            case .invalid:
                guard c.end > c.start else { continue }
                let s = String(text[tokens[c.start].start..<tokens[c.end - 1].end]).trimmingSpaces()
                invalid.append(ParsedIntent.InvalidSlot(slot: intent.slots[c.slot].name, text: s))
            }
        }
        // A value read from tokens a widened name now holds ("有限|公司" is not the kind 公司).
        for c in result.captures where c.end > c.start {
            if case .value = c.value, widenedNames.contains(where: { $0.contains(c.start) && c.end <= $0.upperBound }) {
                values[c.slot] = nil
            }
        }
        // "what have I done this week", 本周我做了什么: a date whose words are exactly a value of
        // the intent's period vocabulary is that period, not the day it falls on.
        for c in result.captures where c.end > c.start && intent.kinds[c.slot].isDate {
            for (k, kind) in intent.kinds.enumerated() where values[k] == nil {
                guard case .vocab(let v) = kind,
                    let entry = compiled.vocabularies[v].entries(startingWith: tokens[c.start].id)?.first(where: { e in
                        e.ids.count == c.end - c.start && zip(e.ids, tokens[c.start..<c.end]).allSatisfy { $0 == $1.id }
                    })
                else { continue }
                values[k] = .text(entry.value)
                values[c.slot] = nil
            }
        }
        var spilledDate: Range<Int>?
        for spill in spills where values[spill.slot] == nil {
            values[spill.slot] = spill.value(tokens: tokens, text: text)
            if intent.kinds[spill.slot].isDate { spilledDate = spill.range }
        }
        for rule in intent.coercions {
            guard let target = intent.slots.firstIndex(where: { $0.name == rule.slot }),
                let when = intent.slots.firstIndex(where: { $0.name == rule.whenSlot }),
                case .text(let w)? = values[when], rule.values.contains(w),
                let capture = result.captures.first(where: { $0.slot == target }), capture.end > capture.start
            else { continue }
            let range = capture.start..<capture.end
            switch rule.type {
            case .amount:
                if let v = AmountResolver(lexicon: compiled.tables).parse(words, range) { values[target] = .number(v) }
            case .number:
                if let v = NumberResolver(lexicon: compiled.tables).parse(words, range) { values[target] = .number(v) }
            case .date:
                if case .valid(let d)? = DateResolver(lexicon: compiled.tables).resolve(words, range, now: now) {
                    values[target] = .date(d)
                }
            default: break
            }
        }
        let namedSomeone = result.captures.contains {
            if case .span = $0.value { return $0.end > $0.start }
            return false
        }
        if let w = intent.whole, values[w] == nil, namedSomeone {
            let dates = result.captures.filter { $0.end > $0.start && intent.kinds[$0.slot].isDate }.map { $0.start..<$0.end }
            let frames = result.captures.filter { capture in
                guard capture.end > capture.start else { return false }
                if case .vocab = intent.kinds[capture.slot] { return true }
                return false
            }.map { $0.start..<$0.end }
            if let s = wholeText(dates: dates, frames: frames, intent: intent, tokens: tokens, text: text) { values[w] = .text(s) }
        }
        mirrorListSlots(intent, &values)
        untilFromDue(intent, result.captures, tokens: tokens, &values)
        findDueInside(intent, result.captures, tokens: tokens, text: text, &values, now: now)
        rollRepeatingDue(intent, &values, now: now)
        rollDueForward(intent, result.captures, spilled: nil, tokens: tokens, &values, now: now)
        preferPastDate(intent, result.captures, spilled: spilledDate, tokens: tokens, &values, now: now)
        var slots: [(String, SlotValue)] = []
        var missing: [String] = []
        for (k, decl) in intent.slots.enumerated() {
            if let v = values[k] {
                slots.append((decl.name, v))
            } else if decl.required && !invalid.contains(where: { $0.slot == decl.name }) {
                missing.append(decl.name)
            }
        }
        var parsed = ParsedIntent(intent: intent.name, slots: slots, language: language, missing: missing)
        parsed.invalid = invalid
        for c in result.captures where c.end > c.start {
            parsed.tokenSpans[intent.slots[c.slot].name] = c.start..<c.end
        }
        return parsed
    }

    /// A captured name without the adverbs and time words a rep types after it
    /// (lexicon `name_trailers`: "quanyu hospital *just*", "赵敏说*最近*"), as the
    /// token index where it ends. At least one English word or two han
    /// characters are always kept (王刚 stays whole).
    func trimmedNameEnd(_ start: Int, _ end: Int, tokens: [Token]) -> Int {
        let table = compiled.tables.nameTrailers
        guard !table.firstIDs.isEmpty else { return end }
        let ids = tokens.map(\.id)
        var e = end
        var cut = true
        while cut {
            cut = false
            for k in (start + 1)..<max(start + 1, e) {
                guard let (_, len) = table.match(ids, at: k, end: e), k + len == e else { continue }
                let kept = tokens[start..<k]
                let han = kept.filter { $0.kind == .han }.count
                let words = kept.filter { $0.kind == .word || $0.kind == .number }.count
                guard words >= 1 || han >= 2 else { break }
                e = k
                cut = true
                break
            }
        }
        return e
    }

    /// Where a captured name ends in the original text: at the closing quote of a
    /// quoted name, with the trimmed tail of a name holding code-like punctuation
    /// (`Robert'); DROP TABLE customers;--`), or with the full stop after an
    /// organisation word at the end of the message (`O'Brien & Sons, Ltd.`).
    private func nameEnd(_ c: Range<Int>, tokens: [Token], text: String, end: String.Index) -> String.Index {
        let start = tokens[c.lowerBound].start
        if start > text.startIndex, text.unicodeScalars[text.unicodeScalars.index(before: start)] == "\"" {
            if let q = text.unicodeScalars[end...].firstIndex(of: "\"") { return q }
            return end
        }
        guard c.upperBound == tokens.count, end < text.endIndex else { return end }
        let rest = text.unicodeScalars[end...]
        guard rest.allSatisfy({ !Tokenizer.isWordScalar($0) && !$0.isHan }) else { return end }
        if tokens[c].contains(where: { $0.kind == .punct && Matcher.oddPunct.contains($0.text) }) {
            var e = text.unicodeScalars.endIndex
            while e > end, let p = Optional(text.unicodeScalars.index(before: e)),
                text.unicodeScalars[p].properties.isWhitespace
            {
                e = p
            }
            return e
        }
        if rest.first == ".", compiled.tables.nameSuffixes.match(tokens.map(\.id), at: c.upperBound - 1, end: c.upperBound) != nil {
            return text.unicodeScalars.index(after: end)
        }
        return end
    }

    /// A list slot named after a singular one (`roles` beside `role`) fills the
    /// singular with its first item; a one-item list is reported as the singular
    /// only, so "Dan is the approver" parses as before and "Dan is the approver
    /// and buyer" keeps both (`role` approver, `roles` [approver, buyer]).
    func mirrorListSlots(_ intent: CompiledIntent, _ values: inout [Int: SlotValue]) {
        for (k, decl) in intent.slots.enumerated() {
            guard decl.name.hasSuffix("s"), case .list(let items)? = values[k], let first = items.first,
                let single = intent.slots.firstIndex(where: { $0.name == String(decl.name.dropLast()) })
            else { continue }
            // The tagger may read the singular from another item ("a user and an influencer").
            let tagged: String? = if case .text(let v)? = values[single] { v } else { nil }
            if values[single] == nil || (items.count > 1 && tagged.map(items.contains) == true) {
                values[single] = .text(first)
            }
            if items.count == 1 { values[k] = nil }
        }
    }

    static let determiners: Set<String> = ["the", "a", "an", "my", "our", "his", "her", "their", "its", "your", "that"]


    /// "remind me every 2 weeks to call Zhou Hua until march 31": for a repeating task a
    /// date read as `due` that opens with "until" is when it stops repeating (`until`).
    private func untilFromDue(_ intent: CompiledIntent, _ captures: [Capture], tokens: [Token], _ values: inout [Int: SlotValue]) {
        guard let d = intent.slots.firstIndex(where: { $0.name == "due" }),
            let u = intent.slots.firstIndex(where: { $0.name == "until" }), values[u] == nil,
            let r = intent.slots.firstIndex(where: { $0.name == "repeat" }), values[r] != nil,
            let due = values[d], let capture = captures.first(where: { $0.slot == d && $0.end > $0.start }),
            compiled.tables.untilWords.match(tokens.map(\.id), at: capture.start, end: capture.end)?.entry.key == "x"
        else { return }
        values[u] = due
        values[d] = nil
    }

    /// "Remind me to check in with marco on friday at 3pm about the replacement": a
    /// task whose phrasing left the due date inside its text gets it as `due` (the
    /// longest date span, with a word, not a bare number), and the text loses it.
    private func findDueInside(_ intent: CompiledIntent, _ captures: [Capture], tokens: [Token], text: String,
        _ values: inout [Int: SlotValue], now: LocalDateTime)
    {
        guard let d = intent.slots.firstIndex(where: { $0.name == "due" }), values[d] == nil,
            let w = intent.slots.firstIndex(where: { $0.name == "what" }), case .text(let what)? = values[w]
        else { return }
        // Names, and dates another slot read ("… until march 31" is when it stops, not when it is due).
        let names = captures.filter { c in
            switch intent.kinds[c.slot] {
            case .name, .date: return c.end > c.start
            default: return false
            }
        }
        let words = Words(tokens)
        let reader = DateResolver(lexicon: compiled.tables)
        var best: (range: Range<Int>, value: LocalDateTime)?
        for start in tokens.indices where tokens[start].kind != .punct {
            if names.contains(where: { $0.start <= start && start < $0.end }) { continue }
            var end = min(tokens.count, start + 8)
            while end > start {
                let r = start..<end
                let hasWord = tokens[r].contains { $0.kind != .number && $0.kind != .punct }
                // "the tuesday report", "周五的报告": a date used as a modifier is not the due date.
                let modifier = Self.determiners.contains(tokens[start].text)
                    || (start > 0 && Self.determiners.contains(tokens[start - 1].text))
                    || (end < tokens.count && tokens[end].text == "的")
                if hasWord, !modifier, !names.contains(where: { $0.start < end && start < $0.end }),
                    tokens[end - 1].kind != .punct,
                    case .valid(let v)? = reader.resolve(words, r, now: now)
                {
                    if best.map({ r.count > $0.range.count }) ?? true { best = (r, v) }
                    break
                }
                end -= 1
            }
        }
        guard let found = best else { return }
        values[d] = .date(found.value)
        let lo = tokens[found.range.lowerBound].start
        let hi = tokens[found.range.upperBound - 1].end
        let span = String(text[lo..<hi])
        if let r = what.firstRange(of: span) {
            let trimmed = (String(what[..<r.lowerBound]) + " " + String(what[r.upperBound...]))
                .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if !trimmed.isEmpty { values[w] = .text(trimmed) }
        }
    }

    /// "called back li wei", "visited zhou hua": a name of one word (after a lead word such
    /// as "back", which the name's refinement drops) read with a one-word note
    /// right after it, nothing between them and nothing after, where the note is a word
    /// the grammar does not know, is a two-word name when both are pinyin ("called bob
    /// voicemail" keeps its note): English phrasings split a name from an unmarked note by
    /// capital letters, which reps typing pinyin names in lower case do not use.
    func nameRunsIntoLastWord(_ result: MatchResult, intent: CompiledIntent, tokens: [Token]) -> MatchResult {
        func isSpan(_ c: Capture) -> Bool { if case .span = c.value { return true } else { return false } }
        guard let t = result.captures.firstIndex(where: { c in
            isSpan(c) && c.end == tokens.count && c.end - c.start == 1 && intent.kinds.indices.contains(c.slot)
                && intent.kinds[c.slot].isText
        }),
            let n = result.captures.firstIndex(where: { c in
                isSpan(c) && c.end == result.captures[t].start && (1...2).contains(c.end - c.start)
                    && intent.kinds.indices.contains(c.slot) && intent.kinds[c.slot].isName
            })
        else { return result }
        let name = tokens[result.captures[n].end - 1]
        let last = tokens[result.captures[t].start]
        guard name.kind == .word, last.kind == .word, last.id < 0, !name.capitalized, !last.capitalized,
            pinyinSyllables.contains(name.text), pinyinSyllables.contains(last.text),
            !Self.creatingSlots.contains(intent.name + "/" + intent.slots[result.captures[n].slot].name)
        else { return result }
        var merged = result
        merged.captures[n].end = result.captures[t].end
        merged.captures.remove(at: t)
        return merged
    }

    /// Intents that record something already done: their `date` is in the past.
    static let pastIntents: Set<String> = ["activity.log", "order.record", "payment.record", "objection.log"]
    /// Intents whose `date` says when something was done, though they record nothing new
    /// ("payment 2 came in on friday", "what did i do on friday").
    static let pastDatedIntents: Set<String> = ["order.correct", "payment.correct", "activity.list"]
    /// Records of money a customer placed or paid.
    static let moneyRecords: Set<String> = ["order.record", "payment.record"]

    /// True when `range` is a weekday alone ("friday", "on thu", "周三"): no next, this,
    /// last, today or date anchor with it.
    func isBareWeekday(_ ids: [Int32], _ range: Range<Int>) -> Bool {
        let t = compiled.tables
        return range.contains { t.weekdays.match(ids, at: $0, end: range.upperBound) != nil }
            && !range.contains { k in
                // The 下 of 下午 is a part of the day, not "next": 周五下午 is still a bare weekday.
                t.dayparts.match(ids, at: k, end: range.upperBound) == nil
                    && [t.relativeDays, t.dateModifiers, t.dateAnchors].contains { $0.match(ids, at: k, end: range.upperBound) != nil }
            }
    }

    /// "Visited Wang Tong on March 5" (said in November) was last March, not next:
    /// a month-and-day with no year, read as the next such day, goes back a year
    /// when the intent records something done (unless it is within the next month). Relative forms (大后天, next
    /// Friday) stay as said, so a future visit is still seen as a plan.
    func preferPastDate(_ intent: CompiledIntent, _ captures: [Capture], spilled: Range<Int>?,
        tokens: [Token], _ values: inout [Int: SlotValue], now: LocalDateTime)
    {
        guard Self.pastIntents.contains(intent.name) || Self.pastDatedIntents.contains(intent.name),
            let d = intent.slots.firstIndex(where: { $0.name == "date" }),
            case .date(var date)? = values[d], date.date > now.date,
            let read = captures.first(where: { $0.slot == d && $0.end > $0.start }).map({ $0.start..<$0.end }) ?? spilled
        else { return }
        let c = (start: read.lowerBound, end: read.upperBound)
        let t = compiled.tables
        let ids = tokens.map(\.id)
        // "visited them on friday", "周三拜访了新世纪超市" (said on a Sunday): a bare weekday
        // in a message that says it was done (moods key `done`: visited, had, 了) and
        // names no plan is the last such day, not the next. So is one of an order or a
        // payment that names no plan ("order: Silverline Pharma, 50k, friday", "中辰科技周五下
        // 的单"): money is written down once it came in, not ahead.
        if isBareWeekday(ids, c.start..<c.end),
            Self.moneyRecords.contains(intent.name) || saysDone(ids, clauseOf: c.start..<c.end, tokens),
            !has(t.planMarkers, ids, clauseOf: c.start..<c.end, tokens)
        {
            let back = date.date.adding(days: -7)
            if back <= now.date {
                date.date = back
                values[d] = .date(date)
            }
            return
        }
        // A correction's month and day are as said: it moves a date, it records nothing new —
        // unless it says the money came in then ("payment 11 actually came in on the 18th").
        guard Self.pastIntents.contains(intent.name) || (Self.pastDatedIntents.contains(intent.name) && saysDone(ids))
        else { return }
        guard !hasRelativeWord(ids, read), !namesYear(read, tokens) else { return }
        // "on the 3rd" goes back a month; "March 5", "3月5日", "12/3" go back a year.
        let hasMonth = namesMonth(read, tokens)
        // "meeting Tessa Morgan at her office on the 2nd at 4:30pm", "visit Acme on the 5th":
        // an English day of the month stays ahead in a message that starts as a plan (a
        // verb in -ing, the plain verb first, or a plan word by the date) and nowhere says
        // it was done ("got 250k from Sunrise on the 20th" went back).
        if !hasMonth, !tokens.contains(where: { $0.kind == .han }), !saysDone(ids), startsAsPlan(read, tokens) { return }
        // "Acme paid $5000 due dec 1" (said on Nov 22) is not last December: a month and day
        // within the next month stays ahead, and the bot asks about a record dated ahead.
        if hasMonth, date.date <= now.date.adding(days: 31) { return }
        let back = date.date.adding(months: hasMonth ? -12 : -1)
        guard back <= now.date else { return }
        date.date = back
        values[d] = .date(date)
    }

    /// True when an English message reads as something to do: its first word is a verb in
    /// -ing ("meeting", "visiting") or a plain verb (moods key `imperative`), or a plan
    /// word is in the clause of `read`.
    func startsAsPlan(_ read: Range<Int>, _ tokens: [Token]) -> Bool {
        let ids = tokens.map(\.id)
        guard let first = tokens.firstIndex(where: { $0.kind == .word }) else { return false }
        let word = tokens[first].text.lowercased()
        if word.count > 4, word.hasSuffix("ing") { return true }
        if compiled.tables.moods.match(ids, at: first, end: ids.count)?.entry.key == "imperative" { return true }
        return has(compiled.tables.planMarkers, ids, clauseOf: read, tokens)
    }

    /// True when `range` has a relative date word: today, next, last, a weekday, 月底.
    func hasRelativeWord(_ ids: [Int32], _ range: Range<Int>) -> Bool {
        let t = compiled.tables
        return range.contains { k in
            [t.relativeDays, t.dateModifiers, t.weekdays, t.dateAnchors].contains { $0.match(ids, at: k, end: range.upperBound) != nil }
        }
    }

    /// True when the date read from `read` names its year ("2026", "2026-05-03").
    func namesYear(_ read: Range<Int>, _ tokens: [Token]) -> Bool {
        tokens[read].contains { $0.kind == .number && ($0.text.utf8.count == 4 || $0.text.contains("-")) }
    }

    /// True when the date read from `read` names its month ("March 5", "3月5日", "12/3"),
    /// not only a day of the month ("the 3rd", "3号").
    func namesMonth(_ read: Range<Int>, _ tokens: [Token]) -> Bool {
        let t = compiled.tables
        let ids = tokens.map(\.id)
        return tokens[read].contains { t in
            t.kind == .number && (t.text.contains("/") || t.text.contains("-") || t.text.contains("."))
        } || read.contains { k in
            t.months.match(ids, at: k, end: read.upperBound) != nil
                || t.dateMarkers.match(ids, at: k, end: read.upperBound).map { $0.entry.key == "month" } == true
        }
    }

    /// "记得3号给吴敏送样品", "remind me on oct 5 to renew" (said on Nov 22): a task is done
    /// ahead, so a day of the month, or a month and day, without a year that has passed is
    /// the next one. Relative forms ("上周五", "3 days ago") stay as said.
    func rollDueForward(_ intent: CompiledIntent, _ captures: [Capture], spilled: Range<Int>?,
        tokens: [Token], _ values: inout [Int: SlotValue], now: LocalDateTime)
    {
        guard intent.name == "task.add" || intent.name == "task.reschedule",
            let d = intent.slots.firstIndex(where: { $0.name == "due" }),
            case .date(var due)? = values[d], due.date < now.date,
            let read = captures.first(where: { $0.slot == d && $0.end > $0.start }).map({ $0.start..<$0.end }) ?? spilled,
            read.upperBound <= tokens.count
        else { return }
        guard !hasRelativeWord(tokens.map(\.id), read), !namesYear(read, tokens) else { return }
        let ahead = due.date.adding(months: namesMonth(read, tokens) ? 12 : 1)
        guard ahead >= now.date else { return }
        due.date = ahead
        values[d] = .date(due)
    }

    /// A repeating task's first due date is never in the past: "every day at
    /// 9am" said at 09:30 is due tomorrow 09:00; a past weekday, month end or
    /// yearly date moves on by one period.
    func rollRepeatingDue(_ intent: CompiledIntent, _ values: inout [Int: SlotValue], now: LocalDateTime) {
        guard let r = intent.slots.firstIndex(where: { $0.name == "repeat" }),
            let d = intent.slots.firstIndex(where: { $0.name == "due" }),
            case .text(let period)? = values[r], case .date(var due)? = values[d]
        else { return }
        let minute = { (t: LocalDateTime) in t.minuteOfDay ?? 24 * 60 }
        let past = { (t: LocalDateTime) in
            t.date < now.date || (t.date == now.date && t.minuteOfDay != nil && minute(t) < minute(now))
        }
        var guardCount = 0
        while past(due) && guardCount < 400 {
            guardCount += 1
            switch period {
            case "daily": due.date = due.date.adding(days: 1)
            case "weekly": due.date = due.date.adding(days: 7)
            case "monthly":
                let endOfMonth = due.date == due.date.endOfMonth
                due.date = due.date.adding(months: 1)
                if endOfMonth { due.date = due.date.endOfMonth }
            case "yearly": due.date = due.date.adding(months: 12)
            default: return
            }
        }
        values[d] = .date(due)
    }

    public func parseSlotAnswer(_ text: String, intent: String, slot: String, now: LocalDateTime) -> SlotValue? {
        // A date, an amount or a choice written in traditional characters is read in
        // simplified ones; a name or a text is kept as written.
        if let simple = simplifiedScript(text), let ci = compiled.intents.first(where: { $0.name == intent }),
            let k = ci.slots.firstIndex(where: { $0.name == slot }), !ci.kinds[k].isName, !ci.kinds[k].isText
        {
            return slotAnswer(simple, intent: intent, slot: slot, now: now)
        }
        return slotAnswer(text, intent: intent, slot: slot, now: now)
    }

    private func slotAnswer(_ text: String, intent: String, slot: String, now: LocalDateTime) -> SlotValue? {
        guard let ci = compiled.intents.first(where: { $0.name == intent }),
            let k = ci.slots.firstIndex(where: { $0.name == slot })
        else { return nil }
        let limited = text.count > Self.maxMatchedCharacters ? String(text.prefix(Self.maxMatchedCharacters)) : text
        var tokens = preprocessor.prepare(Tokenizer.tokenize(limited))
        // "tomorrow afternoon 3pm": a date read whole first ("tomorrow" is also a name stop).
        if ci.kinds[k].isDate, !tokens.isEmpty,
            case .valid(let d)? = DateResolver(lexicon: compiled.tables).resolve(Words(tokens), 0..<tokens.count, now: now)
        {
            return .date(d)
        }
        // "with Wang Tong", "on Friday": a leading name stop or date filler adds nothing.
        // Free text keeps the person its sentence is about ("he want a quote": lexicon `subjects`).
        if tokens.count > 1, compiled.nameStops.contains(tokens[0].id),
            !(ci.kinds[k].isText && compiled.tables.subjects.match(tokens.map(\.id), at: 0, end: tokens.count) != nil)
        {
            tokens.removeFirst()
        }
        guard !tokens.isEmpty else { return nil }
        let words = Words(tokens)
        let all = 0..<tokens.count
        let span = String(limited[tokens[0].start..<tokens[tokens.count - 1].end]).trimmingSpaces()
        switch ci.kinds[k] {
        case .name, .text:
            return span.isEmpty ? nil : .text(span)
        case .date:
            if case .valid(let d)? = DateResolver(lexicon: compiled.tables).resolve(words, all, now: now) { return .date(d) }
            return nil
        case .amount:
            return AmountResolver(lexicon: compiled.tables).parse(words, all).map { .number($0) }
        case .number:
            return NumberResolver(lexicon: compiled.tables).parse(words, all).map { .number($0) }
        case .vocab(let v):
            let vocab = compiled.vocabularies[v]
            if let e = vocab.byFirst[tokens[0].id]?.first(where: { $0.ids.count == tokens.count
                && zip($0.ids, tokens).allSatisfy { $0 == $1.id } }) {
                return .text(e.value)
            }
            return nil
        case .vocabList(let v):
            let vocab = compiled.vocabularies[v]
            var values: [String] = []
            var p = 0
            while p < tokens.count {
                if compiled.listSeparators.contains(tokens[p].id) || tokens[p].kind == .punct {
                    p += 1
                    continue
                }
                guard let e = vocab.byFirst[tokens[p].id]?.first(where: { p + $0.ids.count <= tokens.count
                    && zip($0.ids, tokens[p...]).allSatisfy { $0 == $1.id } })
                else { return nil }
                if !values.contains(e.value) { values.append(e.value) }
                p += e.ids.count
            }
            return values.isEmpty ? nil : .list(values)
        }
    }
}
