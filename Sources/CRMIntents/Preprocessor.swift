import CRMSupport

/// Prepares a message's tokens for matching: abbreviations rewritten
/// (lexicon `rewrites`), literal ids assigned (with one-edit typo correction
/// for English words of five or more letters), politeness words dropped at
/// the start and end (lexicon `fillers`), trailing punctuation dropped.
struct Preprocessor: Sendable {
    let grammar: CompiledGrammar

    func prepare(_ raw: [Token]) -> [Token] {
        var tokens = rewrite(raw)
        for k in tokens.indices {
            if let id = grammar.literalIDs[tokens[k].text] {
                tokens[k].id = id
            } else if tokens[k].kind == .word, let id = grammar.typoCorrection(tokens[k].text) {
                tokens[k].id = id
                tokens[k].fuzzy = true
                tokens[k].text = grammar.literalTexts[Int(id)]
            }
        }
        return trim(tokens)
    }

    private func rewrite(_ raw: [Token]) -> [Token] {
        let table = grammar.lexicon["rewrites"]
        guard !table.keys.isEmpty else { return raw }
        var texts: [String] = []
        texts.reserveCapacity(raw.count)
        for t in raw { texts.append(t.text) }
        var out: [Token] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if let (replacement, length) = table.match(texts, at: i) {
                let first = raw[i]
                let last = raw[i + length - 1]
                for (k, piece) in Tokenizer.tokenize(replacement).enumerated() {
                    var t = first
                    t.text = piece.text
                    t.kind = piece.kind
                    t.end = last.end
                    t.capitalized = k == 0 ? first.capitalized : false
                    out.append(t)
                }
                i += length
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return out
    }

    private func trim(_ tokens: [Token]) -> [Token] {
        let fillers = grammar.lexicon["fillers"]
        var texts = tokens.map(\.text)
        var start = 0
        var end = tokens.count
        var changed = true
        while changed && start < end {
            changed = false
            if tokens[start].kind == .punct && tokens[start].text != "$" && tokens[start].text != "¥" && tokens[start].text != "-" {
                start += 1
                changed = true
                continue
            }
            if let (key, length) = fillers.match(texts, at: start), key != "end", start + length < end {
                start += length
                changed = true
            }
        }
        changed = true
        while changed && start < end {
            changed = false
            if tokens[end - 1].kind == .punct && tokens[end - 1].text != "%" {
                end -= 1
                changed = true
                continue
            }
            for length in stride(from: min(3, end - start - 1), through: 1, by: -1) {
                if let (key, l) = fillers.match(texts, at: end - length), l == length, key != "start" {
                    end -= length
                    changed = true
                    break
                }
            }
        }
        texts.removeAll()
        return Array(tokens[start..<end])
    }
}
