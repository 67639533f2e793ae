/// Hand-written training messages with their slots marked inline
/// (`Intents/training/corpus-*.tsv`): `lang<TAB>intent<TAB>message`, where each
/// slot value is written `[[slot:text as typed]]`:
///
/// ```
/// en	order.record	[[who:Apex Tech]] ordered [[quantity:40]] [[item:headsets]] for [[amount:18k]]
/// ```
///
/// The markers are removed and their places become the slot spans the tagger
/// learns from.
enum AnnotatedCorpus {
    /// Reads one file; a malformed line is refused with its line number.
    static func parse(_ text: String, path: String) throws(GrammarError) -> [TrainingSentence] {
        var out: [TrainingSentence] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw.filter { $0 != "\r" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == "en" || parts[0] == "zh" else {
                throw GrammarError(path: path, line: n + 1, message: "expected 'en|zh<TAB>intent<TAB>message'")
            }
            guard let sentence = annotated(parts[2], intent: parts[1]) else {
                throw GrammarError(path: path, line: n + 1, message: "unbalanced or nested [[slot:…]] markers")
            }
            out.append(sentence)
        }
        return out
    }

    /// The plain text and slot spans of one annotated message (nil when the markers are malformed).
    static func annotated(_ s: String, intent: String) -> TrainingSentence? {
        var text = ""
        var spans: [(slot: String, start: Int, end: Int)] = []
        let c = Array(s)
        var i = 0
        var inside = false
        var slot = ""
        var value = ""
        var sawColon = false
        while i < c.count {
            if i + 1 < c.count, c[i] == "[", c[i + 1] == "[" {
                guard !inside else { return nil }
                inside = true
                slot = ""
                value = ""
                sawColon = false
                i += 2
                continue
            }
            if i + 1 < c.count, c[i] == "]", c[i + 1] == "]" {
                guard inside, sawColon, !slot.isEmpty, !value.isEmpty else { return nil }
                let start = text.utf8.count
                text += value
                spans.append((slot, start, text.utf8.count))
                inside = false
                i += 2
                continue
            }
            if inside {
                if !sawColon && c[i] == ":" {
                    sawColon = true
                } else if sawColon {
                    value.append(c[i])
                } else {
                    slot.append(c[i])
                }
            } else {
                text.append(c[i])
            }
            i += 1
        }
        guard !inside else { return nil }
        return TrainingSentence(text: text, intent: intent, spans: spans, handWritten: true)
    }
}
