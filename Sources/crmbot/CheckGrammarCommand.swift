import CRMIntents
import CRMSupport

let crmbotVersion = "0.1.0"

/// `crmbot check-grammar`: validates the grammar files, for people who edit them.
enum CheckGrammarCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) -> ExitStatus {
        let engine = ChatCommand.loadEngine(options, config)
        let catalog = engine.catalog
        let examples = catalog.reduce(0) { $0 + $1.examples.values.reduce(0) { $0 + $1.count } }
        print("grammar ok: \(catalog.count) intents, \(examples) examples")
        return .ok
    }
}
