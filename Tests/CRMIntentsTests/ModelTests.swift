import CRMSupport
import Testing

@testable import CRMIntents

/// The trained model: current with the grammar, refused when stale or damaged,
/// and never trained on the unseen held-out set.
@Suite struct ModelTests {
    static let modelPath = Fixture.intentsDirectory + "/" + IntentTrainer.modelFileName
    static let corpus = Fixture.repositoryRoot + "/Tests/Corpus/intents.tsv"
    static let unseen = Fixture.repositoryRoot + "/Tests/Corpus/unseen.tsv"
    /// The blind sets and the least lines each must have.
    static let blindSets = [(unseen, 600), (Fixture.repositoryRoot + "/Tests/Corpus/unseen2.tsv", 400)]

    @Test("the committed model was trained from the committed grammar, fill values and corpus")
    func committedModelIsCurrent() throws {
        let expected = try IntentTrainer.trainingFingerprint(directory: Fixture.intentsDirectory, corpora: [Self.corpus])
        let recorded = IntentTrainer.recordedTrainingFingerprint(modelPath: Self.modelPath)
        #expect(recorded == expected, "Intents/model.crmm is stale: run `swift build -c release && .build/release/crmbot train`")
        #expect(Fixture.engine.hasModel)
    }

    @Test("a model trained from other grammar files is refused, naming the fix")
    func staleModelIsRefused() throws {
        let bytes = try IntentTrainer.readBytes(Self.modelPath)
        let sources = try GrammarLoader.readDirectory(Fixture.intentsDirectory)
        let changed = sources.map { ($0.path, $0.text + "\n# an edit\n") }
        #expect(throws: GrammarError.self) {
            try IntentEngine(grammarSources: changed, model: bytes, modelPath: "m.crmm",
                fingerprint: IntentTrainer.fingerprint(changed, fill: "other"))
        }
        do {
            _ = try IntentEngine(grammarSources: changed, model: bytes, modelPath: "m.crmm",
                fingerprint: IntentTrainer.fingerprint(changed, fill: "other"))
        } catch {
            #expect(error.description.contains("crmbot train"), "\(error)")
        }
    }

    @Test("a damaged, truncated or foreign model file is refused, never half-loaded")
    func damagedModelIsRefused() throws {
        let bytes = try IntentTrainer.readBytes(Self.modelPath)
        let sources = try GrammarLoader.readDirectory(Fixture.intentsDirectory)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        for (name, bad) in [("flipped", flipped), ("truncated", Array(bytes.prefix(bytes.count - 7))),
            ("empty", []), ("foreign", Array("SQLite format 3\0".utf8) + bytes.dropFirst(16))]
        {
            #expect(throws: GrammarError.self, "\(name)") {
                try IntentEngine(grammarSources: sources, model: bad, modelPath: "m.crmm", fingerprint: nil)
            }
        }
    }

    @Test("no line of a blind set, nor a near copy, is in the training data", arguments: blindSets.indices)
    func blindSetNeverTrainedOn(_ index: Int) throws {
        let (path, least) = Self.blindSets[index]
        let unseen = try CorpusTests.load(path)
        #expect(unseen.count >= least)
        let heldOut = IntentTrainer.heldOutKeys(try IntentTrainer.readFile(path))
        // Hand-written data never holds a held-out line.
        var written = Set<String>()
        for (path, text) in try IntentTrainer.annotatedCorpora(directory: Fixture.intentsDirectory) {
            for s in try AnnotatedCorpus.parse(text, path: path) { written.insert(IntentTrainer.squash(s.text)) }
        }
        for line in try CorpusTests.load(Self.corpus) { written.insert(IntentTrainer.squash(line.message)) }
        let grammar = try GrammarLoader.load(try GrammarLoader.readDirectory(Fixture.intentsDirectory))
        for e in grammar.intents.flatMap(\.examples) { written.insert(IntentTrainer.squash(e)) }
        let leaked = unseen.filter { written.contains(IntentTrainer.squash($0.message)) }
        #expect(leaked.isEmpty, "blind lines found in the hand-written training data: \(leaked.map(\.description))")
        // A generated sentence may equal a short held-out line by chance ("看看漏斗"): training
        // leaves those out, and what remains holds none.
        let kept = try IntentTrainer.generatedSentences(directory: Fixture.intentsDirectory, excluding: heldOut)
        #expect(kept.allSatisfy { !heldOut.contains(IntentTrainer.squash($0)) })
    }

    @Test("junk, long pastes and bare cancel words are not read by the model alone")
    func modelStaysOutOfJunk() {
        for text in ["{who}", "[a|b]", "取消", String(repeating: "很好的产品质量问题", count: 40)] {
            let p = Fixture.engine.parse(text, now: Fixture.now)
            #expect(p.decidedBy != .model, "\(text) → \(p.intent)")
        }
    }
}
