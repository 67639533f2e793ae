import CRMSupport
import Synchronization

/// The ``Suggester``, built the first time a message matches nothing.
///
/// Most runs never need it (a one-message `crmbot parse` that matches, a relay whose
/// reps write what the grammar knows), and building it walks every phrasing graph:
/// about 5 ms of a start-up. Built once, under a lock, then shared.
final class SuggesterCache: Sendable {
    private let grammar: CompiledGrammar
    private let built = Mutex<Suggester?>(nil)

    init(grammar: CompiledGrammar) { self.grammar = grammar }

    /// The closest intents for a message that matched nothing (``Suggester/suggest(_:language:)``).
    func suggest(_ tokens: [Token], language: Language) -> [String] {
        let suggester = built.withLock { cached in
            if let cached { return cached }
            let made = Suggester(grammar: grammar)
            cached = made
            return made
        }
        return suggester.suggest(tokens, language: language)
    }
}
