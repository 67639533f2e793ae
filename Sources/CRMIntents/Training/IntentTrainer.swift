import CRMSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Trains the statistical layer from the grammar files and the labelled
/// corpora, deterministically: sentences generated from every phrasing
/// (``SentenceGenerator``) with slots filled from `training/fill.tsv`, plus
/// the corpus messages for the intent classifier.
///
/// ```swift
/// let result = try IntentTrainer.train(directory: "Intents", corpora: ["Tests/Corpus/intents.tsv"])
/// try result.write(to: "Intents/model.crmm")
/// ```
public enum IntentTrainer {
    /// The model file name inside the grammar directory.
    public static let modelFileName = "model.crmm"
    /// The fill values inside the grammar directory.
    public static let fillFileName = "training/fill.tsv"

    /// A trained model and how training went.
    public struct Result: Sendable {
        /// The model file's bytes.
        public var bytes: [UInt8]
        public var sentences: Int
        public var corpusMessages: Int
        public var classifierFeatures: Int
        public var taggerFeatures: Int
        /// Share of the training sentences whose intent the classifier gets right.
        public var trainingAccuracy: Double
        public var trainingFingerprint: UInt64
        /// Generated sentences dropped because they equal a held-out message.
        public var excludedSentences: Int = 0
    }

    /// A message reduced to what decides whether two messages are "the same": folded,
    /// letters, digits and Han characters only ("Scratch that!" and "scratch that" agree).
    public static func squash(_ s: String) -> String {
        String(TextMatching.fold(s).unicodeScalars.filter { Tokenizer.isWordScalar($0) || $0.isCJK })
    }

    /// The squashed messages of a held-out set (a `lang<TAB>intent<TAB>message…` corpus, or
    /// one message a line), for ``train(directory:corpora:excluding:seed:)``.
    public static func heldOutKeys(_ text: String) -> Set<String> {
        var keys = Set<String>()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            let message = parts.count >= 3 ? String(parts[2]) : String(line)
            let key = squash(message)
            if !key.isEmpty { keys.insert(key) }
        }
        return keys
    }

    /// The sentences the grammar generates for training, without those equal to a held-out
    /// message: a short held-out line ("看看漏斗") can come out of a phrasing by chance, and
    /// the model must never be trained on a line it is measured on.
    public static func generatedSentences(directory: String, excluding: Set<String> = [], seed: UInt64 = 20_261_130)
        throws(GrammarError) -> [String]
    {
        let sources = try GrammarLoader.readDirectory(directory)
        let fill = try FillValues(text: try readFile(directory + "/" + fillFileName), path: directory + "/" + fillFileName)
        return generated(grammar: try GrammarLoader.load(sources), fill: fill, excluding: excluding, seed: seed).kept
            .map(\.text)
    }

    /// What training takes from the generator (the one place held-out lines are left out),
    /// and how many sentences it left out.
    static func generated(grammar: Grammar, fill: FillValues, excluding: Set<String>, seed: UInt64)
        -> (kept: [TrainingSentence], dropped: Int)
    {
        var generator = SentenceGenerator(grammar: grammar, fill: fill, seed: seed)
        let all = generator.generate()
        let kept = all.filter { !excluding.contains(squash($0.text)) }
        return (kept, all.count - kept.count)
    }

    /// The fingerprint a model must carry to load with the grammar in `directory`.
    public static func grammarFingerprint(directory: String) throws(GrammarError) -> UInt64 {
        let sources = try GrammarLoader.readDirectory(directory)
        let fill = try readFile(directory + "/" + fillFileName)
        return fingerprint(sources, fill: fill)
    }

    /// The hand-annotated training corpora of a grammar directory (`training/corpus-*.tsv`), sorted.
    static func annotatedCorpora(directory: String) throws(GrammarError) -> [(path: String, text: String)] {
        let dir = directory + "/training"
        let names = GrammarLoader.fileNames(in: dir) { $0.hasPrefix("corpus-") && $0.hasSuffix(".tsv") } ?? []
        var out: [(String, String)] = []
        for name in names { out.append((dir + "/" + name, try readFile(dir + "/" + name))) }
        return out
    }

    /// The fingerprint of everything training reads: grammar, fill values and corpora.
    public static func trainingFingerprint(directory: String, corpora: [String]) throws(GrammarError) -> UInt64 {
        var h = StableHash()
        h.add(u64: try grammarFingerprint(directory: directory))
        for (path, text) in try annotatedCorpora(directory: directory) {
            h.add(baseName(path))
            h.add(text)
        }
        for path in corpora { h.add(try readFile(path)) }
        return h.value
    }

    static func fingerprint(_ sources: [(path: String, text: String)], fill: String) -> UInt64 {
        var h = StableHash()
        for s in sources.sorted(by: { baseName($0.path) < baseName($1.path) }) {
            h.add(baseName(s.path))
            h.add(0)
            h.add(s.text)
            h.add(0)
        }
        h.add(fill)
        return h.value
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Trains from the grammar in `directory`, its hand-written corpora and `corpora`; generated
    /// sentences equal to a message of `excluding` (``heldOutKeys(_:)``) are left out.
    public static func train(
        directory: String, corpora: [String], excluding: Set<String> = [], seed: UInt64 = 20_261_130
    ) throws(GrammarError) -> Result {
        let sources = try GrammarLoader.readDirectory(directory)
        let fillText = try readFile(directory + "/" + fillFileName)
        let fill = try FillValues(text: fillText, path: directory + "/" + fillFileName)
        let grammar = try GrammarLoader.load(sources)
        let compiled = CompiledGrammar(grammar)
        let preprocessor = Preprocessor(grammar: compiled)
        let extractor = FeatureExtractor(grammar: compiled)

        let generation = generated(grammar: grammar, fill: fill, excluding: excluding, seed: seed)
        var sentences = generation.kept
        let annotated = try annotatedCorpora(directory: directory)
        for (path, text) in annotated { sentences += try AnnotatedCorpus.parse(text, path: path) }
        // Labels: the catalog intents in grammar order, then none.
        var labels: [String] = []
        for i in compiled.intents where !labels.contains(i.name) { labels.append(i.name) }
        labels.append(IntentCatalog.none)
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let slotNames: [[String]] = labels.map { name in
            compiled.intents.first(where: { $0.name == name })?.slots.map(\.name) ?? []
        }

        var intentExamples: [(features: [UInt64], label: Int)] = []
        var tagExamples: [SlotTagger.Example] = []
        for s in sentences {
            guard let label = labelIndex[s.intent] else { continue }
            let tokens = preprocessor.prepare(Tokenizer.tokenize(s.text))
            guard !tokens.isEmpty else { continue }
            let marks = extractor.vocabularyMarks(tokens)
            let features = extractor.intentFeatures(tokens, marks: marks)
            // Off-topic messages are few beside thousands of generated requests: they weigh triple;
            // hand-written messages weigh double.
            for _ in 0..<(s.intent == IntentCatalog.none ? 3 : s.handWritten ? 2 : 1) { intentExamples.append((features, label)) }
            guard !slotNames[label].isEmpty else { continue }
            var gold = [Int](repeating: 0, count: tokens.count)
            for span in s.spans {
                guard let slot = slotNames[label].firstIndex(of: span.slot) else { continue }
                var first = true
                for (i, t) in tokens.enumerated() {
                    let a = s.text.utf8.distance(from: s.text.startIndex, to: t.start)
                    let b = s.text.utf8.distance(from: s.text.startIndex, to: t.end)
                    guard a >= span.start, b <= span.end, gold[i] == 0 else { continue }
                    gold[i] = first ? 2 * slot + 1 : 2 * slot + 2
                    first = false
                }
            }
            let perToken = tokens.indices.map { extractor.tokenFeatures(tokens, at: $0, marks: marks) }
            // Hand-written messages weigh double for the tagger too.
            for _ in 0..<(s.handWritten ? 2 : 1) {
                tagExamples.append(SlotTagger.Example(intent: label, features: perToken, labels: gold))
            }
        }
        var corpusMessages = 0
        for path in corpora {
            for line in try readFile(path).split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard parts.count >= 3, let label = labelIndex[String(parts[1])] else { continue }
                let tokens = preprocessor.prepare(Tokenizer.tokenize(String(parts[2])))
                guard !tokens.isEmpty else { continue }
                let marks = extractor.vocabularyMarks(tokens)
                // Real messages count more than generated ones.
                let features = extractor.intentFeatures(tokens, marks: marks)
                intentExamples.append((features, label))
                intentExamples.append((features, label))
                corpusMessages += 1
            }
        }
        // Rows whose weights are all under 0.4 are dropped: on the development sets that
        // changes no answer and keeps about a third of the features (0.6 cost one message,
        // 1.0 several).
        let classifier = IntentClassifier.train(
            labels: labels, examples: intentExamples, epochs: 12, seed: seed, prune: 0.4)
        let tagger = SlotTagger.train(slotNames: slotNames, examples: tagExamples, epochs: 5, seed: seed)
        var right = 0
        for ex in intentExamples {
            let p = classifier.probabilities(ex.features)
            if p.indices.max(by: { p[$0] < p[$1] }) == ex.label { right += 1 }
        }
        let th = try trainingFingerprint(directory: directory, corpora: corpora)
        let model = IntentModel(
            grammarFingerprint: fingerprint(sources, fill: fillText), trainingFingerprint: th,
            classifier: classifier, tagger: tagger)
        return Result(
            bytes: model.encode(), sentences: sentences.count, corpusMessages: corpusMessages,
            classifierFeatures: classifier.table.count, taggerFeatures: tagger.table.count,
            trainingAccuracy: Double(right) / Double(max(1, intentExamples.count)),
            trainingFingerprint: th, excludedSentences: generation.dropped)
    }

    /// The training fingerprint recorded in a model file (nil when it is not one).
    public static func recordedTrainingFingerprint(modelPath: String) -> UInt64? {
        guard let bytes = try? readBytes(modelPath),
            let model = try? IntentModel.decode(bytes, path: modelPath, grammarFingerprint: nil)
        else { return nil }
        return model.trainingFingerprint
    }

    /// A UTF-8 text file (a corpus, a held-out set), with the error naming the file.
    public static func readFile(_ path: String) throws(GrammarError) -> String { try GrammarLoader.readFile(path) }

    static func readBytes(_ path: String) throws(GrammarError) -> [UInt8] { try GrammarLoader.readBytes(path) }

    /// Writes bytes to `path` atomically (a temporary file renamed over it).
    public static func write(_ bytes: [UInt8], to path: String) throws(GrammarError) {
        let tmp = path + ".tmp"
        guard let f = fopen(tmp, "wb") else {
            throw GrammarError(path: tmp, line: 0, message: "cannot write (errno \(errno))")
        }
        let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        let flushed = fflush(f) == 0 && fsync(fileno(f)) == 0
        fclose(f)
        guard n == bytes.count, flushed, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw GrammarError(path: path, line: 0, message: "cannot write the model (errno \(errno))")
        }
    }
}
