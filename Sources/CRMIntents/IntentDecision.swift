import CRMSupport

/// How the grammar and the trained model are combined into one decision, and
/// the record of that decision for `crmbot parse --explain`.
///
/// The rules (thresholds chosen on the in-repo `Tests/Corpus/holdout.tsv`, never
/// on the unseen set):
/// - grammar and model agree → that intent, the grammar's slots, confidence ≥ 0.95;
/// - a phrasing matched but the model is sure of another intent
///   (p ≥ ``overrideAbove``, and p(grammar's intent) ≤ ``overrideGrammarBelow``) →
///   the model's intent, with the grammar's best phrasing *of that intent* for
///   the slots when one matches, else the model's slot tagger; otherwise the
///   grammar's intent with the model's (low) probability of it as confidence;
/// - no phrasing matched → the model's intent when p ≥ ``noneBelow`` (never
///   `undo`, never for a long or mostly-symbol message), else the grammar's cue
///   or `none`. The bot confirms a write the model decided (``Layer/model``)
///   below ``confirmModelBelow`` and every write below ``confirmBelow``.
public enum IntentDecision {
    /// Which layer decided.
    public enum Layer: String, Sendable, Hashable {
        /// A phrasing matched and the model agreed.
        case both
        /// A phrasing matched; the model disagreed without being sure.
        case grammar
        /// The model decided (no phrasing matched, or it was sure the phrasing was wrong).
        case model
        /// A cue word of a read-only intent (no phrasing, model unsure).
        case cue
        /// Nothing fit.
        case none
    }

    /// Below this model probability a message no phrasing matched stays `none`.
    public static let noneBelow: Float = 0.4
    /// The model overrides a matching phrasing only when at least this sure…
    public static let overrideAbove: Float = 0.85
    /// …and the phrasing's intent is at most this likely.
    public static let overrideGrammarBelow: Float = 0.05
    /// A writing intent decided with less confidence than this is confirmed first.
    public static let confirmBelow: Double = 0.6
    /// A writing intent the model decided without a phrasing needs this much to write unconfirmed.
    public static let confirmModelBelow: Double = 0.97
    /// The confidence at most of a model decision whose new record's name the slot tagger
    /// cut inside a word (or marked as one Chinese character): below ``confirmModelBelow``,
    /// so the bot always asks first.
    public static let taggedNameAtMost = 0.9
    /// A model this sure of another intent makes a matched phrasing doubtful (confirmed).
    public static let doubtAbove: Float = 0.6
    /// Longer messages are not read by the model alone (a pasted text is not a request).
    public static let maxModelTokens = 60
    /// Within this margin of probability, a model torn between a task and a record of
    /// something done follows the message's tense (``IntentEngine/tenseTieBreak``).
    public static let tenseMargin: Float = 0.25

    /// Intents the model never decides without a phrasing: undoing is destructive,
    /// and a bare word like 取消 ("cancel") must not revert data.
    public static func modelMayDecideAlone(_ intent: String) -> Bool {
        intent != "undo"
    }

    /// Intents that take something away: the model reads a message as one of them only
    /// when it has a word of the lexicon table `removal_words` ("Harbor Dental's alias is
    /// HDX" is never an alias removal, however sure the model is).
    public static let removals: Set<String> = [
        "customer.delete", "alias.remove", "order.delete", "payment.delete", "task.cancel",
    ]

    /// One decision with what led to it.
    public struct Explanation: Sendable {
        public var parsed: ParsedIntent
        public var layer: Layer
        /// The grammar's intent (or `none`) and the model's best intent with its probability.
        public var grammarIntent: String
        public var modelIntent: String?
        public var modelProbability: Double?
        /// The model's three most likely intents.
        public var ranking: [(intent: String, probability: Double)]
        /// The token spans the slots came from, as text.
        public var slotSource: String
        /// The strongest features of the decided intent (hash → weight), for explaining.
        public var topFeatures: [(feature: String, weight: Double)]

        /// The explanation as JSON (for `crmbot parse --explain`).
        public var json: JSONValue {
            var fields: [(String, JSONValue)] = [
                ("intent", .string(parsed.intent)), ("slots", parsed.json["slots"] ?? .object([])),
                ("decided_by", .string(layer.rawValue)),
                ("confidence", .double((parsed.confidence * 1000).rounded() / 1000)),
                ("grammar", .string(grammarIntent)),
            ]
            if let modelIntent, let modelProbability {
                fields.append(("model", .string(modelIntent)))
                fields.append(("model_probability", .double((modelProbability * 1000).rounded() / 1000)))
            }
            fields.append((
                "ranking",
                .array(ranking.map { .object([("intent", .string($0.intent)), ("p", .double(($0.probability * 1000).rounded() / 1000))]) })
            ))
            fields.append(("slots_from", .string(slotSource)))
            if !parsed.missing.isEmpty { fields.append(("missing", .array(parsed.missing.map { .string($0) }))) }
            fields.append((
                "features",
                .array(topFeatures.map { .object([("feature", .string($0.feature)), ("weight", .double(($0.weight * 1000).rounded() / 1000))]) })
            ))
            return .object(fields)
        }
    }
}
