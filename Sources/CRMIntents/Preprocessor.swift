/// Prepares a message's tokens for matching: abbreviations rewritten
/// (lexicon `rewrites`), literal ids assigned (with one-edit typo correction
/// for English words of five or more letters), politeness words dropped at
/// the start and end (lexicon `fillers`), trailing punctuation dropped, and
/// the pieces of a name glued: a title and its full stop (`Dr.`, `St.`:
/// lexicon `name_titles`), a possessive before an organisation word
/// (`St. Mary's clinic`: lexicon `name_suffixes`), and a name's hyphenated parts
/// (`Al-Sayed`, `Marc-Andre`).
struct Preprocessor: Sendable {
    let grammar: CompiledGrammar

    func prepare(_ raw: [Token]) -> [Token] {
        var tokens = raw
        for k in tokens.indices { tokens[k].id = grammar.id(of: tokens[k]) }
        tokens = rewrite(tokens)
        tokens = glue(tokens)
        // "dr patel", "Dr Chen" (no full stop): a title before a word is the start of a
        // name, read like a word the grammar does not know, so the name runs through it.
        let titles = grammar.tables.nameTitles
        let glued = tokens.map(\.id)
        for k in tokens.indices.dropLast() where tokens[k].kind == .word && tokens[k + 1].kind == .word
            && tokens[k + 1].spaceBefore && titles.match(glued, at: k, end: k + 1) != nil
        {
            tokens[k].id = -1
        }
        for k in tokens.indices where tokens[k].id < 0 && tokens[k].kind == .word {
            if let id = grammar.typoCorrection(tokens[k].text) {
                tokens[k].id = id
                tokens[k].fuzzy = true
                tokens[k].text = grammar.literalTexts[Int(id)]
            }
        }
        return trim(tokens)
    }

    private func rewrite(_ raw: [Token]) -> [Token] {
        let table = grammar.tables.rewrites
        let ids = raw.map(\.id)
        guard ids.contains(where: { table.firstIDs.contains($0) }) else { return raw }
        var out: [Token] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if let (entry, length) = table.match(ids, at: i, end: raw.count) {
                let first = raw[i]
                let last = raw[i + length - 1]
                for (k, piece) in Tokenizer.tokenize(entry.key).enumerated() {
                    var t = first
                    t.text = piece.text
                    t.kind = piece.kind
                    t.end = last.end
                    t.capitalized = k == 0 ? first.capitalized : false
                    t.id = grammar.id(of: t)
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

    /// Joins `Dr` `.` and `Mary` `'s` (before `clinic`, or before a word the
    /// grammar does not know) into one word each, so that a name runs through them; so
    /// are two words the grammar does not know with a hyphen between and no space
    /// (`Fatima Al-Sayed`, `dr. mohammed al-farsi`: not `follow-up`, `year-end`, `e-mail`,
    /// whose words are the grammar's).
    private func glue(_ raw: [Token]) -> [Token] {
        let t = grammar.tables
        var ids = raw.map(\.id)
        guard ids.contains(where: { t.nameTitles.firstIDs.contains($0) }) || raw.contains(where: { $0.text == "'s" || $0.text == "-" })
        else {
            return raw
        }
        var out = raw
        var i = 0
        while i + 2 < out.count {
            let (a, b, c) = (out[i], out[i + 1], out[i + 2])
            let title = a.kind == .word && b.kind == .punct && b.text == "." && !b.spaceBefore
                && t.nameTitles.match(ids, at: i, end: i + 1) != nil && c.kind == .word
            // "St. Mary's clinic", "kim's auto parts", "joe's diner": a possessive before an
            // organisation word, or before a word the grammar does not know (not "phone",
            // "orders", "alias"), is inside a name.
            // Not before a person of it ("Bob's assistant", "Acme's cfo": lexicon name_edges,
            // key owned).
            let owned = t.nameEdges.match(ids, at: i + 2, end: out.count)?.entry.key == "owned"
            // Nor after a word of the grammar's own ("what's Acme's credit limit": "what's" is
            // no name) — but an organisation word's ("Bright Dental's Sarah Lee") and a day's
            // ("confirmed tuesday's slot": it dates nothing) are glued still.
            let possessive = a.kind == .word && b.text == "'s"
                && (a.id < 0 || a.fuzzy || t.dateWords.contains(a.id) || t.nameSuffixes.match(ids, at: i, end: i + 1) != nil)
                && (t.nameSuffixes.match(ids, at: i + 2, end: out.count) != nil || (c.kind == .word && (c.id < 0 || c.fuzzy) && !owned))
            let hyphenated = a.kind == .word && a.id < 0 && b.text == "-" && !b.spaceBefore && c.kind == .word
                && c.id < 0 && !c.spaceBefore
            if hyphenated {
                var joined = a
                joined.text = a.text + b.text + c.text
                joined.end = c.end
                joined.id = grammar.id(of: joined)
                out.replaceSubrange(i...(i + 2), with: [joined])
                ids.replaceSubrange(i...(i + 2), with: [joined.id])
                continue
            }
            guard title || possessive else {
                i += 1
                continue
            }
            var joined = a
            joined.text = a.text + b.text
            joined.end = b.end
            joined.id = grammar.id(of: joined)
            joined.fuzzy = false
            out.replaceSubrange(i...(i + 1), with: [joined])
            ids.replaceSubrange(i...(i + 1), with: [joined.id])
        }
        return out
    }

    private func trim(_ tokens: [Token]) -> [Token] {
        let fillers = grammar.tables.fillers
        let ids = tokens.map(\.id)
        var start = 0
        var end = tokens.count
        var changed = true
        while changed && start < end {
            changed = false
            if tokens[start].kind == .punct && tokens[start].text != "$" && tokens[start].text != "¥"
                && tokens[start].text != "-"
            {
                start += 1
                changed = true
                continue
            }
            if let (entry, length) = fillers.match(ids, at: start, end: end), entry.key != "end", start + length < end {
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
                if let (entry, l) = fillers.match(ids, at: end - length, end: end), l == length, entry.key != "start" {
                    end -= length
                    changed = true
                    break
                }
            }
        }
        if start == 0 && end == tokens.count { return tokens }
        return Array(tokens[start..<end])
    }
}
