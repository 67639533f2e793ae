import CRMSupport

/// Picks the closest intents for a message that matched nothing, by keyword
/// overlap with each intent's phrasings (English words with a one- or
/// two-edit typo allowance, Chinese character pairs), with a similarity floor.
struct Suggester: Sendable {
    /// Per language: keyword → intents (indices into the catalog order).
    private var keywords: [Language: [String: [Int]]] = [:]
    private var names: [String] = []

    init(grammar: CompiledGrammar) {
        for info in grammar.infos { names.append(info.name) }
        let catalogIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var raw: [Language: [String: Set<Int>]] = [:]
        for seq in grammar.sequences {
            guard let ci = catalogIndex[grammar.intents[seq.intent].name] else { continue }
            // Walk the phrasing graph once.
            var stack = [seq.entry]
            var visited = Set<Int32>()
            while let node = stack.popLast() {
                guard visited.insert(node).inserted else { continue }
                let g = grammar.nodes[Int(node)]
                stack.append(contentsOf: g.next)
                guard case .literal(let id) = g.item else { continue }
                let w = grammar.literalTexts[Int(id)]
                if seq.language == .zh {
                    for n in g.next {
                        if case .literal(let nid) = grammar.nodes[Int(n)].item {
                            raw[.zh, default: [:]][w + grammar.literalTexts[Int(nid)], default: []].insert(ci)
                        }
                    }
                } else if w.utf8.count >= 3 {
                    raw[.en, default: [:]][w, default: []].insert(ci)
                }
            }
        }
        // Words shared by many intents ("the", "for", "我的") say nothing.
        let limit = max(3, names.count / 4)
        for (language, table) in raw {
            var kept: [String: [Int]] = [:]
            for (w, set) in table where set.count <= limit { kept[w] = set.sorted() }
            keywords[language] = kept
        }
    }

    func suggest(_ tokens: [Token], language: Language) -> [String] {
        guard let table = keywords[language], !tokens.isEmpty else { return [] }
        var scores = [Int](repeating: 0, count: names.count)
        var seen = Set<String>()
        if language == .zh {
            for k in 1..<max(1, tokens.count) where k < tokens.count {
                let pair = tokens[k - 1].text + tokens[k].text
                guard seen.insert(pair).inserted, let intents = table[pair] else { continue }
                for i in intents { scores[i] += 2 }
            }
        } else {
            for t in tokens.prefix(60) where t.kind == .word && t.text.utf8.count >= 3 {
                guard seen.insert(t.text).inserted else { continue }
                if let intents = table[t.text] {
                    for i in intents { scores[i] += 2 }
                    continue
                }
                guard t.text.utf8.count >= 4 else { continue }
                let limit = t.text.utf8.count >= 7 ? 2 : 1
                let first = t.text.utf8.first
                let second = t.text.utf8.dropFirst().first
                for (w, intents) in table where abs(w.utf8.count - t.text.utf8.count) <= limit {
                    // Cheap filter before the edit distance: typos rarely hit both first letters.
                    guard w.utf8.first == first || w.utf8.dropFirst().first == second else { continue }
                    if TextMatching.editDistance(w, t.text, limit: limit) <= limit {
                        for i in intents { scores[i] += 1 }
                    }
                }
            }
        }
        let ranked = scores.enumerated().filter { $0.element >= 2 }.sorted {
            $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset
        }
        return ranked.prefix(3).map { names[$0.offset] }
    }
}
