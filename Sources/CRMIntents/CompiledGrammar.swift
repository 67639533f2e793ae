import CRMSupport

/// How a slot captures text, after compilation.
enum SlotKind: Sendable {
    case name
    case text
    case date
    case amount
    case number
    case vocab(Int)
    case vocabList(Int)

    var isDate: Bool {
        if case .date = self { return true }
        return false
    }
    var isAmount: Bool {
        if case .amount = self { return true }
        return false
    }
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
    var isName: Bool {
        if case .name = self { return true }
        return false
    }
    var isText: Bool {
        if case .text = self { return true }
        return false
    }
}

/// One node of a compiled phrasing graph.
enum Item: Sendable {
    /// A branch point: continue with any of `next`.
    case epsilon
    /// The phrasing is complete.
    case end
    /// A word or han character that must be present (interned id).
    case literal(Int32)
    /// A punctuation mark the writer may leave out or swap for another separator.
    case punct(Int32)
    /// Capture the intent's slot at this index, of this kind.
    case slot(Int, SlotKind)
    /// Set the intent's slot at this index to a fixed vocabulary value
    /// (an index into ``CompiledGrammar/fixedValues``).
    case fixed(Int, Int32)
    /// A span slot opens here (remember the position).
    case spanOpen(Int)
    /// The span slot opened last closes here: capture what lies between.
    case spanClose(Int)
}

/// A node of the phrasing graph while building: an item and where to go next.
/// Matching reads the flattened arrays of ``CompiledGrammar`` instead.
struct GraphNode: Sendable {
    var item: Item
    var next: [Int32]
}

/// What a graph node can begin with.
struct FirstSet: Sendable {
    var ids: Set<Int32> = []
    /// `ids` sorted, for allocation-free lookup while matching.
    var sorted: [Int32] = []

    @inline(__always)
    func contains(_ id: Int32) -> Bool {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = sorted[mid]
            if v == id { return true }
            if v < id { lo = mid + 1 } else { hi = mid }
        }
        return false
    }
    /// A name or free-text slot: any token.
    var any = false
    var date = false
    var amount = false
    var number = false
    /// The phrasing may end here.
    var end = false

    /// Beyond this many ids the set stops pruning much; it becomes "any".
    static let limit = 48

    mutating func formUnion(_ o: FirstSet) {
        any = any || o.any
        if any {
            ids = []
        } else {
            ids.formUnion(o.ids)
            if ids.count > Self.limit {
                ids = []
                any = true
            }
        }
        date = date || o.date
        amount = amount || o.amount
        number = number || o.number
        end = end || o.end
    }
}

/// Bits of ``CompiledGrammar/idFlags``.
enum IdFlag {
    static let numberStart: UInt8 = 1
    static let amountStart: UInt8 = 2
    static let dateStart: UInt8 = 4
    static let dateWord: UInt8 = 8
    static let amountWord: UInt8 = 16
    static let numberWord: UInt8 = 32
    static let nameStopFirst: UInt8 = 64
    static let nameSuffixFirst: UInt8 = 128
}

/// One phrasing compiled to a graph (optional parts and alternatives are branches).
struct CompiledSequence: Sendable {
    var intent: Int
    /// Global declaration order, the last tie-breaker.
    var order: Int
    var language: Language
    var entry: Int32
    /// Each inner list: the message must contain at least one of these literal ids.
    var required: [[Int32]]
}

/// A vocabulary with aliases as interned token sequences.
struct CompiledVocabulary: Sendable {
    var name: String
    var values: [String]
    /// First token id → (ids, value), longest first.
    var byFirst: [Int32: [(ids: [Int32], value: String)]]
    /// `byFirst` without hashing: literal id → index into `lists`, or -1.
    var firstIndex: [Int32] = []
    var lists: [[(ids: [Int32], value: String)]] = []

    /// The entries whose first token is `id`, longest first (empty when none).
    @inline(__always)
    func entries(startingWith id: Int32) -> [(ids: [Int32], value: String)]? {
        guard id >= 0, Int(id) < firstIndex.count else { return nil }
        let k = firstIndex[Int(id)]
        return k < 0 ? nil : lists[Int(k)]
    }
}

/// An intent ready for matching.
struct CompiledIntent: Sendable {
    var name: String
    var slots: [SlotDecl]
    var kinds: [SlotKind]
    var coercions: [CoerceRule]
    var whole: Int?
}

/// The grammar compiled for matching: interned literals, sequences, a
/// literal-anchored index and the typo index.
struct CompiledGrammar: Sendable {
    var literalIDs: [String: Int32] = [:]
    var literalTexts: [String] = []
    var intents: [CompiledIntent] = []
    var vocabularies: [CompiledVocabulary] = []
    var sequences: [CompiledSequence] = []
    /// Per sequence: how many literal sets it requires (candidates run most-anchored first).
    var sequenceRank: [Int32] = []
    /// The phrasing graphs while building (the matcher reads the flat arrays below).
    var nodes: [GraphNode] = []
    /// Flattened graph: item per node, its successors in `edges[edgeStart[n]..<edgeStart[n+1]]`,
    /// and whether everything after the node's item is optional (`last`).
    var items: [Item] = []
    var edgeStart: [Int32] = []
    var edges: [Int32] = []
    var last: [Bool] = []
    var fixedValues: [String] = []
    /// What each node can begin with, to prune the search before recursing.
    var firsts: [FirstSet] = []
    /// The same, flat (no reference counting while matching): per node the flags
    /// (bit 0 any, 1 date, 2 amount, 3 number, 4 end) and its sorted ids in
    /// `firstIDs[firstStart[n]..<firstStart[n+1]]`.
    var firstFlags: [UInt8] = []
    var firstStart: [Int32] = []
    var firstIDs: [Int32] = []
    /// Han characters → literal ids (no string hashing for Chinese).
    var hanIDs: [UInt32: Int32] = [:]
    var tables: LexiconTables
    /// Per language: literal id → sequences anchored on it.
    var anchored: [Language: [Int32: [Int32]]] = [:]
    /// Per language: sequences without any literal (tried for every message).
    var unanchored: [Language: [Int32]] = [:]
    /// One-deletion variants of long ASCII literals → literal ids (typo tolerance).
    var deletions: [String: [Int32]] = [:]
    var separators: Set<Int32> = []
    var nameStops: Set<Int32> = []
    var listSeparators: Set<Int32> = []
    var textStops: Set<Int32> = []
    /// Particles a Chinese name never runs across (`text_stops` key `break`: 了).
    var nameBreaks: Set<Int32> = []
    /// The sets above as flags indexed by literal id (no hashing while matching).
    var isSeparator: [Bool] = []
    var isNameStop: [Bool] = []
    var isTextStop: [Bool] = []
    var isNameBreak: [Bool] = []
    /// Per literal id, what the readers and name rules make of it (``IdFlag``): one
    /// array read per token instead of several set lookups.
    var idFlags: [UInt8] = []
    var infos: [IntentInfo] = []
    var lexicon: Lexicon

    init(_ grammar: Grammar) {
        lexicon = grammar.lexicon
        tables = LexiconTables(Lexicon(), literalIDs: [:])
        var vocabIndex: [String: Int] = [:]
        for name in grammar.vocabularies.keys.sorted() {
            guard let table = grammar.vocabularies[name] else { continue }
            var byFirst: [Int32: [(ids: [Int32], value: String)]] = [:]
            for alias in table.allAliases.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                guard let value = table.lookup(alias) else { continue }
                let ids = alias.map { intern($0) }
                byFirst[ids[0], default: []].append((ids, value))
            }
            for k in byFirst.keys { byFirst[k]?.sort { $0.ids.count > $1.ids.count } }
            vocabIndex[name] = vocabularies.count
            vocabularies.append(CompiledVocabulary(name: name, values: table.keys, byFirst: byFirst))
        }
        // Family names and bare answers stay out of the literals: a known literal is a word of
        // the grammar, which a Chinese name is cut before.
        for (name, table) in grammar.lexicon.tables.sorted(by: { $0.key < $1.key }) where name != "surnames" && name != "answers" {
            for alias in table.allAliases { for w in alias { _ = intern(w) } }
        }
        for alias in grammar.lexicon["name_stops"].allAliases where alias.count == 1 { nameStops.insert(intern(alias[0])) }
        for alias in grammar.lexicon["list_separators"].allAliases where alias.count == 1 {
            listSeparators.insert(intern(alias[0]))
        }
        for alias in grammar.lexicon["text_stops"].allAliases where alias.count == 1 {
            textStops.insert(intern(alias[0]))
            if grammar.lexicon["text_stops"].lookup(alias) == "break" { nameBreaks.insert(intern(alias[0])) }
        }
        for p in [":", ",", ";", "-", ".", "~"] { separators.insert(intern(p)) }

        // Intents: one compiled intent per name (slots agree across languages).
        var intentIndex: [String: Int] = [:]
        var summaries: [String: [Language: String]] = [:]
        var examples: [String: [Language: [String]]] = [:]
        for decl in grammar.intents {
            if intentIndex[decl.name] == nil {
                intentIndex[decl.name] = intents.count
                let kinds: [SlotKind] = decl.slots.map { slot in
                    switch slot.type {
                    case .name: return .name
                    case .text: return .text
                    case .date: return .date
                    case .amount: return .amount
                    case .number: return .number
                    case .vocab(let v): return .vocab(vocabIndex[v] ?? 0)
                    case .vocabList(let v): return .vocabList(vocabIndex[v] ?? 0)
                    }
                }
                intents.append(
                    CompiledIntent(
                        name: decl.name, slots: decl.slots, kinds: kinds, coercions: decl.coercions,
                        whole: decl.whole.flatMap { w in decl.slots.firstIndex { $0.name == w } }))
            }
            if !decl.summary.isEmpty { summaries[decl.name, default: [:]][decl.language] = decl.summary }
            examples[decl.name, default: [:]][decl.language, default: []].append(contentsOf: decl.examples)
        }
        // Catalog info in contract order.
        for name in IntentCatalog.names {
            guard let k = intentIndex[name] else { continue }
            let intent = intents[k]
            let slots = intent.slots.map { s -> IntentInfo.Slot in
                let values = s.type.vocabularyName.flatMap { grammar.vocabularies[$0]?.keys } ?? []
                return IntentInfo.Slot(name: s.name, type: s.type.description, required: s.required, values: values)
            }
            infos.append(
                IntentInfo(name: name, slots: slots, summary: summaries[name] ?? [:], examples: examples[name] ?? [:]))
        }
        // Phrasing graphs.
        var order = 0
        for decl in grammar.intents {
            guard let k = intentIndex[decl.name] else { continue }
            let slotNames = decl.slots.map(\.name)
            for phrasing in decl.phrasings {
                let endNode = addNode(.end, [])
                let entry = build(phrasing.nodes, exit: endNode, slotNames, kinds: intents[k].kinds)
                sequences.append(
                    CompiledSequence(
                        intent: k, order: order, language: decl.language, entry: entry,
                        required: requirements(phrasing.nodes, slotNames, intents[k].kinds)))
                order += 1
            }
        }
        sequenceRank = sequences.map { Int32($0.required.count) }
        // The passes below read locals: a method called on `self` inside `init` copies the
        // whole grammar (every array retained and released) once per call.
        let graph = nodes
        let vocabularyFirsts = vocabularies.map { Set($0.byFirst.keys) }
        let separatorIDs = separators
        for k in graph.indices {
            items.append(graph[k].item)
            edgeStart.append(Int32(edges.count))
            edges.append(contentsOf: graph[k].next)
            last.append(graph[k].next.allSatisfy { Self.onlyEnd($0, graph) })
        }
        edgeStart.append(Int32(edges.count))
        var memo = [FirstSet?](repeating: nil, count: graph.count)
        for k in graph.indices {
            var f = Self.first(Int32(k), graph, separatorIDs, vocabularyFirsts, &memo)
            f.sorted = f.ids.sorted()
            f.ids = []
            firsts.append(f)
            firstFlags.append(
                (f.any ? 1 : 0) | (f.date ? 2 : 0) | (f.amount ? 4 : 0) | (f.number ? 8 : 0) | (f.end ? 16 : 0))
            firstStart.append(Int32(firstIDs.count))
            firstIDs.append(contentsOf: f.sorted)
        }
        firstStart.append(Int32(firstIDs.count))
        let count = literalTexts.count
        let (stops, textStopIDs, breaks) = (nameStops, textStops, nameBreaks)
        isSeparator = (0..<count).map { separatorIDs.contains(Int32($0)) }
        isNameStop = (0..<count).map { stops.contains(Int32($0)) }
        isTextStop = (0..<count).map { textStopIDs.contains(Int32($0)) }
        isNameBreak = (0..<count).map { breaks.contains(Int32($0)) }
        // Anchor each phrasing on its least frequent requirement.
        var frequency: [Int32: Int] = [:]
        for s in sequences { for set in s.required { for id in set { frequency[id, default: 0] += 1 } } }
        for (index, s) in sequences.enumerated() {
            let cost: ([Int32]) -> Int = { $0.reduce(0) { $0 + (frequency[$1] ?? 0) } }
            if let anchor = s.required.min(by: { cost($0) < cost($1) }) {
                for id in Set(anchor) { anchored[s.language, default: [:]][id, default: []].append(Int32(index)) }
            } else {
                unanchored[s.language, default: []].append(Int32(index))
            }
        }
        // Typo index over long ASCII literals.
        for (text, id) in literalIDs {
            let scalars = text.unicodeScalars
            if scalars.count == 1, let c = scalars.first, c.isHan { hanIDs[c.value] = id }
        }
        let tables = LexiconTables(grammar.lexicon, literalIDs: literalIDs)
        self.tables = tables
        idFlags = (0..<literalTexts.count).map { k in
            let id = Int32(k)
            var f: UInt8 = 0
            if tables.numberStarts.contains(id) { f |= IdFlag.numberStart }
            if tables.amountStarts.contains(id) { f |= IdFlag.amountStart }
            if tables.dateStarts.contains(id) { f |= IdFlag.dateStart }
            if tables.dateWords.contains(id) { f |= IdFlag.dateWord }
            if tables.amountWords.contains(id) { f |= IdFlag.amountWord }
            if tables.numberWords_.contains(id) { f |= IdFlag.numberWord }
            if tables.nameStops.firstIDs.contains(id) { f |= IdFlag.nameStopFirst }
            if tables.nameSuffixes.firstIDs.contains(id) { f |= IdFlag.nameSuffixFirst }
            return f
        }
        for v in vocabularies.indices {
            var index = [Int32](repeating: -1, count: literalTexts.count)
            var lists: [[(ids: [Int32], value: String)]] = []
            for (id, list) in vocabularies[v].byFirst where id >= 0 && Int(id) < index.count {
                index[Int(id)] = Int32(lists.count)
                lists.append(list)
            }
            vocabularies[v].firstIndex = index
            vocabularies[v].lists = lists
        }
        for (text, id) in literalIDs where text.utf8.count >= 5 && text.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
            for d in Self.deletionVariants(text) { deletions[d, default: []].append(id) }
        }
        for k in deletions.keys { deletions[k]?.sort() }
    }

    private mutating func addNode(_ item: Item, _ next: [Int32]) -> Int32 {
        nodes.append(GraphNode(item: item, next: next))
        return Int32(nodes.count - 1)
    }

    /// Builds the graph of `syntax` backwards from `exit`; returns the entry node.
    private mutating func build(
        _ syntax: [PhraseSyntax.Node], exit: Int32, _ slotNames: [String], kinds: [SlotKind]
    ) -> Int32 {
        var current = exit
        for node in syntax.reversed() {
            switch node {
            case .literal(let text):
                for token in Tokenizer.tokenize(text).reversed() {
                    let id = intern(token.text)
                    current = addNode(token.kind == .punct ? .punct(id) : .literal(id), [current])
                }
            case .slot(let name, _, let fixed):
                guard let idx = slotNames.firstIndex(of: name) else { continue }
                if let fixed {
                    fixedValues.append(fixed)
                    current = addNode(.fixed(idx, Int32(fixedValues.count - 1)), [current])
                } else {
                    current = addNode(.slot(idx, kinds[idx]), [current])
                }
            case .group(let alternatives, let optional):
                var next: [Int32] = []
                for alt in alternatives { next.append(build(alt, exit: current, slotNames, kinds: kinds)) }
                if optional { next.append(current) }
                current = addNode(.epsilon, next)
            case .span(let name, let inner):
                guard let idx = slotNames.firstIndex(of: name) else { continue }
                let close = addNode(.spanClose(idx), [current])
                let body = build(inner, exit: close, slotNames, kinds: kinds)
                current = addNode(.spanOpen(idx), [body])
            }
        }
        return current
    }

    /// The FIRST set of a node: which tokens it can start consuming with.
    private static func first(
        _ node: Int32, _ nodes: [GraphNode], _ separators: Set<Int32>, _ vocabularyFirsts: [Set<Int32>],
        _ memo: inout [FirstSet?]
    ) -> FirstSet {
        if let f = memo[Int(node)] { return f }
        var f = FirstSet()
        let n = nodes[Int(node)]
        switch n.item {
        case .end: f.end = true
        case .epsilon, .fixed, .spanOpen, .spanClose:
            for next in n.next { f.formUnion(first(next, nodes, separators, vocabularyFirsts, &memo)) }
        case .literal(let id): f.ids.insert(id)
        case .punct(let id):
            var p = FirstSet()
            p.ids = separators
            p.ids.insert(id)
            f.formUnion(p)
            for next in n.next { f.formUnion(first(next, nodes, separators, vocabularyFirsts, &memo)) }
        case .slot(_, let kind):
            switch kind {
            case .name, .text: f.any = true
            case .date: f.date = true
            case .amount: f.amount = true
            case .number: f.number = true
            case .vocab(let v), .vocabList(let v):
                f.formUnion(FirstSet(ids: vocabularyFirsts[v]))
                if f.ids.count > FirstSet.limit { f = FirstSet(any: true) }
            }
        }
        memo[Int(node)] = f
        return f
    }

    /// True when `node` reaches the end through epsilon/fixed nodes only.
    private static func onlyEnd(_ node: Int32, _ nodes: [GraphNode]) -> Bool {
        switch nodes[Int(node)].item {
        case .end: return true
        case .epsilon, .fixed, .spanClose: return nodes[Int(node)].next.allSatisfy { onlyEnd($0, nodes) }
        default: return false
        }
    }

    /// Literal sets the message must hit: top-level literals, the first words of
    /// a required vocabulary slot, and required groups whose every alternative
    /// has a requirement.
    private mutating func requirements(
        _ syntax: [PhraseSyntax.Node], _ slotNames: [String], _ kinds: [SlotKind]
    ) -> [[Int32]] {
        var out: [[Int32]] = []
        for node in syntax {
            switch node {
            case .literal(let text):
                for token in Tokenizer.tokenize(text) where token.kind != .punct { out.append([intern(token.text)]) }
            case .slot(let name, _, let fixed):
                guard fixed == nil, let k = slotNames.firstIndex(of: name) else { continue }
                switch kinds[k] {
                case .vocab(let v), .vocabList(let v):
                    let firsts = vocabularies[v].byFirst.keys.sorted()
                    if !firsts.isEmpty { out.append(firsts) }
                default: break
                }
            case .span(_, let inner): out.append(contentsOf: requirements(inner, slotNames, kinds))
            case .group(let alternatives, let optional):
                guard !optional else { continue }
                var union: [Int32] = []
                var complete = true
                for alt in alternatives {
                    guard let first = requirements(alt, slotNames, kinds).first else {
                        complete = false
                        break
                    }
                    union.append(contentsOf: first)
                }
                if complete && !union.isEmpty { out.append(Array(Set(union)).sorted()) }
            }
        }
        return out
    }

    /// The interned id of a token's text, or -1.
    @inline(__always)
    func id(of token: Token) -> Int32 {
        if token.kind == .han, let c = token.text.unicodeScalars.first { return hanIDs[c.value] ?? -1 }
        return literalIDs[token.text] ?? -1
    }

    /// Tokenizes `text` and assigns ids (for resolver tests and slot answers).
    func words(_ text: String) -> Words {
        let toks = Tokenizer.tokenize(text)
        return Words(ids: toks.map { id(of: $0) }, texts: toks.map(\.text))
    }

    /// Flag lookup that tolerates -1 (unknown words).
    @inline(__always)
    static func flag(_ flags: [Bool], _ id: Int32) -> Bool { id >= 0 && Int(id) < flags.count && flags[Int(id)] }

    mutating func intern(_ s: String) -> Int32 {
        if let id = literalIDs[s] { return id }
        let id = Int32(literalTexts.count)
        literalIDs[s] = id
        literalTexts.append(s)
        return id
    }

    static func deletionVariants(_ s: String) -> [String] {
        let u = Array(s.utf8)
        var out: [String] = []
        out.reserveCapacity(u.count)
        for k in 0..<u.count {
            var v = u
            v.remove(at: k)
            out.append(String(decoding: v, as: UTF8.self))
        }
        return out
    }

    /// The literal a one-edit typo of `word` stands for (ASCII words of 5+ letters).
    func typoCorrection(_ word: String) -> Int32? {
        let n = word.utf8.count
        guard n >= 5, n <= 20, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        // A letter missing from the word: word is a deletion of a literal.
        if let ids = deletions[word], let id = ids.first { return id }
        for d in Self.deletionVariants(word) {
            // An extra letter in the word.
            if let id = literalIDs[d], d.utf8.count >= 5 { return id }
            // A wrong or swapped letter.
            if let ids = deletions[d], let id = ids.first(where: { Self.oneLetterApart(word, literalTexts[Int($0)]) }) { return id }
        }
        return nil
    }

    /// True when `a` and `b` differ by one letter or by two neighbouring letters swapped.
    /// (Sharing a deletion is not enough: "rivera" and "driver" both give "river", and a
    /// customer's name is not a personality style.)
    static func oneLetterApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        let diff = x.indices.filter { x[$0] != y[$0] }
        if diff.count == 1 { return true }
        return diff.count == 2 && diff[1] == diff[0] + 1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]]
    }
}
