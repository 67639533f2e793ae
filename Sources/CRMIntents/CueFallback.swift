import CRMSupport

/// The last resort before `none`: reads a message that no phrasing matched as a
/// read-only intent when its `cue:` words clearly point there ("which of my
/// accounts might churn" → risk.list, "看一下我的漏斗" → pipeline.show).
///
/// Only intents in ``IntentCatalog/readOnly`` have cues (the loader refuses
/// others), so a cue never makes the bot write. English cues match whole words
/// of the folded message; Chinese cues match as substrings. Each matched cue
/// scores its length in characters; the best intent must score strictly more
/// than the runner-up, or the message stays `none`.
struct CueFallback: Sendable {
    struct Cue: Sendable {
        var text: String
        var length: Int
        var intent: String
        /// Required slots of the intent, reported as missing.
        var required: [String]
    }

    private var cues: [Language: [Cue]] = [:]

    init(grammar: Grammar) {
        for intent in grammar.intents {
            let required = intent.slots.filter(\.required).map(\.name)
            for cue in intent.cues {
                cues[intent.language, default: []].append(
                    Cue(text: cue, length: cue.unicodeScalars.count, intent: intent.name, required: required))
            }
        }
    }

    /// The intent the cues point to in `text`, or nil.
    func intent(for text: String, language: Language) -> ParsedIntent? {
        let folded = TextMatching.fold(text)
        guard !folded.isEmpty else { return nil }
        let padded = " " + folded.map { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "'" ? $0 : " " } + " "
        var scores: [String: (score: Int, required: [String])] = [:]
        // Chinese messages may carry English cues too ("看下 pipeline").
        for lang in language == .zh || folded.unicodeScalars.contains(where: \.isHan) ? [Language.zh, .en] : [.en] {
            for cue in cues[lang] ?? [] {
                let hit = lang == .zh ? folded.contains(cue.text) : padded.contains(" " + cue.text + " ")
                if hit { scores[cue.intent, default: (0, cue.required)].score += cue.length }
            }
        }
        let ranked = scores.sorted { $0.value.score != $1.value.score ? $0.value.score > $1.value.score : $0.key < $1.key }
        guard let best = ranked.first else { return nil }
        if ranked.count > 1, ranked[1].value.score == best.value.score { return nil }
        return ParsedIntent(intent: best.key, language: language, missing: best.value.required)
    }
}
