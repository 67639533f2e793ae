import CRMIntents
import CRMSupport

let crmbotVersion = "0.1.0"

/// `crmbot check-grammar`: validates the grammar files, the name tables
/// (`names/*.tsv`), then the trained model beside them, for people who edit them. Exit 0 when both are good; 3 when the
/// grammar is invalid or the model is missing, stale or damaged (with the fix).
enum CheckGrammarCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) -> ExitStatus {
        let directory: String
        switch config.intentsDirectory(flag: options.intentsDirectory) {
        case .success(let d): directory = d
        case .failure(let e): fail(.grammar, e.message)
        }
        let grammar: IntentEngine
        do {
            grammar = try IntentEngine.load(directory: directory, model: false)
        } catch {
            fail(.grammar, "the grammar is invalid: \(error)")
        }
        let catalog = grammar.catalog
        let examples = catalog.reduce(0) { $0 + $1.examples.values.reduce(0) { $0 + $1.count } }
        print("grammar ok: \(catalog.count) intents, \(examples) examples")
        do {
            let scripts = try NameTables.load(intentsDirectory: directory)
            print("name tables ok: \(scripts.pinyin.count) pinyin readings, \(scripts.simplifiedForms.count) traditional forms")
        } catch {
            fail(.grammar, "a name table is invalid: \(error)")
        }
        do {
            let combined = try IntentEngine.load(directory: directory)
            guard combined.hasModel else {
                printError("crmbot: no trained model in \(directory): run `crmbot train` (the grammar alone is used meanwhile)")
                return .grammar
            }
            print("model ok: trained from these grammar files")
            return .ok
        } catch {
            printError("crmbot: \(error)")
            return .grammar
        }
    }
}
