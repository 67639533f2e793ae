import CRMIntents
import CRMSupport
import Foundation

/// `crmbot train`: trains the intent model from the grammar files, the fill
/// values and the labelled corpora, and writes it beside the grammar.
enum TrainCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) -> ExitStatus {
        let directory: String
        switch config.intentsDirectory(flag: options.intentsDirectory) {
        case .success(let d): directory = d
        case .failure(let e): fail(.grammar, e.message)
        }
        var corpora = options.corpora
        if corpora.isEmpty {
            let beside = URL(fileURLWithPath: directory).deletingLastPathComponent()
                .appendingPathComponent("Tests/Corpus/intents.tsv").path
            if FileManager.default.fileExists(atPath: beside) { corpora = [beside] }
        }
        // Never train on a line the model is measured on: generated sentences equal to a
        // held-out message (by default the repository's blind sets, Tests/Corpus/unseen.tsv and
        // unseen2.tsv) are left out.
        var heldOut = options.excludes
        if heldOut.isEmpty {
            let corpus = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("Tests/Corpus")
            heldOut = ["unseen.tsv", "unseen2.tsv"].map { corpus.appendingPathComponent($0).path }
                .filter { FileManager.default.fileExists(atPath: $0) }
        }
        var excluding = Set<String>()
        for path in heldOut {
            do {
                excluding.formUnion(IntentTrainer.heldOutKeys(try IntentTrainer.readFile(path)))
            } catch {
                fail(.grammar, "cannot read the held-out set: \(error)")
            }
        }
        let output = options.modelOutput ?? directory + "/" + IntentTrainer.modelFileName
        let started = ContinuousClock.now
        let result: IntentTrainer.Result
        do {
            result = try IntentTrainer.train(directory: directory, corpora: corpora, excluding: excluding)
            try IntentTrainer.write(result.bytes, to: output)
        } catch {
            fail(.grammar, "training failed: \(error)")
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("""
            trained \(output)
              \(result.sentences) sentences (generated and hand-written), \(result.corpusMessages) corpus messages (\(corpora.joined(separator: ", ")))
              \(result.excludedSentences) generated sentences left out as equal to a held-out message (\(heldOut.joined(separator: ", ")))
              classifier \(result.classifierFeatures) features, tagger \(result.taggerFeatures) features, \(result.bytes.count / 1024) KiB
              training accuracy \(String(format: "%.1f", result.trainingAccuracy * 100))%, \(String(format: "%.1f", seconds)) s
            """)
        return .ok
    }
}
