import CRMStorage
import CRMSupport

/// What the command line asked for.
struct CommandLineOptions {
    enum Command: String {
        /// Talk to the bot over standard input/output (the default).
        case chat
        /// Print the parse of messages as JSON, changing nothing.
        case parse
        /// Validate the grammar directory and report.
        case checkGrammar = "check-grammar"
        /// Serve chat relays on Unix sockets and TCP.
        case serve
        /// Train the statistical intent model from the grammar and corpora.
        case train
        /// Copy the database, online, to a new checked file.
        case backup
        /// Make a rep an admin (the first admin of a fresh install).
        case admin
        /// Read customers, contacts, activities, orders or payments from a CSV file.
        case `import`
        /// Write records in the rep's scope as CSV.
        case export
        case help
        case version
    }

    var command: Command = .chat
    var databasePath: String?
    /// `--durability normal|full`.
    var durability: String?
    var intentsDirectory: String?
    var user: String?
    var now: String?
    var json = false
    /// `parse --explain`: show which layer decided and why.
    var explain = false
    /// `--no-model`: the grammar alone, without the trained model (for comparisons).
    var noModel = false
    /// `train --corpus FILE` (repeatable): labelled corpora to train on.
    var corpora: [String] = []
    /// `train --out FILE`: where the model goes (default: the grammar directory's model.crmm).
    var modelOutput: String?
    /// `train --exclude FILE` (repeatable): held-out sets no generated sentence may equal.
    var excludes: [String] = []
    var arguments: [String] = []
    /// The options of `crmbot serve`.
    var serve = ServeOptions()
    /// `import --map 'HEADER=FIELD'` (repeatable).
    var columnMap: [String: String] = [:]
    /// `import --encoding utf-8|gb18030`.
    var encoding: String?
    /// `import --dry-run`: report what would be written, write nothing.
    var dryRun = false
    /// `export --headers en|zh`.
    var headers: String?
    /// `export --bom`: a UTF-8 byte-order mark first, for Excel.
    var bom = false

    /// `help --man`: print the manual page.
    var man = false
    /// `help --completion SHELL`.
    var completion: String?

    static let valueOptions = OptionTable.valueOptions
    static let flagOptions = OptionTable.flagOptions

    /// Parses `argv` (without the program name).
    static func parse(_ argv: [String]) throws(UsageError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var index = 0
        var sawCommand = false
        while index < argv.count {
            let arg = argv[index]
            index += 1
            if arg == "--" {
                options.arguments.append(contentsOf: argv[index...])
                break
            }
            if arg.hasPrefix("-") && arg.count > 1 && !(options.command == .parse && sawCommand && !arg.hasPrefix("--")) {
                var name = arg
                var inlineValue: String?
                if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                    name = String(arg[..<eq])
                    inlineValue = String(arg[arg.index(after: eq)...])
                }
                if valueOptions.contains(name) {
                    let value: String
                    if let inlineValue {
                        value = inlineValue
                    } else {
                        guard index < argv.count else { throw UsageError("\(name) needs a value") }
                        value = argv[index]
                        index += 1
                    }
                    switch name {
                    case "--db": options.databasePath = value
                    case "--durability":
                        // Checked here so that a command that opens no store refuses it too.
                        options.durability = try Configuration().durability(flag: value).rawValue
                    case "--intents": options.intentsDirectory = value
                    case "--as": options.user = value
                    case "--now": options.now = value
                    case "--corpus": options.corpora.append(value)
                    case "--out": options.modelOutput = value
                    case "--exclude": options.excludes.append(value)
                    case "--map":
                        guard let eq = value.firstIndex(of: "=") else {
                            throw UsageError("--map needs HEADER=FIELD (an empty FIELD ignores the column), e.g. --map '客户全称=name'")
                        }
                        options.columnMap[String(value[..<eq])] = String(value[value.index(after: eq)...])
                    case "--encoding": options.encoding = value
                    case "--headers": options.headers = value
                    case "--completion": options.completion = value
                    default: try options.serve.set(name, value)
                    }
                    continue
                }
                switch name {
                case "--json": options.json = true
                case "--explain": options.explain = true
                case "--no-model": options.noModel = true
                case "--dry-run": options.dryRun = true
                case "--bom": options.bom = true
                case "--man": options.man = true
                case "--help", "-h": options.command = .help
                case "--version": options.command = .version
                default:
                    throw UsageError(unknownOption: name)
                }
                continue
            }
            if !sawCommand && options.arguments.isEmpty, let command = Command(rawValue: arg), command != .version {
                options.command = command
                sawCommand = true
                continue
            }
            if options.command == .parse || (options.command == .backup && options.arguments.isEmpty)
                || (options.command == .admin && options.arguments.isEmpty)
                || (options.command == .import && options.arguments.count < 2)
                || (options.command == .export && options.arguments.isEmpty)
            {
                options.arguments.append(arg)
                continue
            }
            throw UsageError("unexpected argument '\(arg)'. To send a message, pipe it in or run crmbot at a terminal; to see how a message parses, use: crmbot parse \"\(arg)\"")
        }
        return options
    }
}

/// A wrong command line, with a hint.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }

    init(unknownOption name: String) {
        let known = CommandLineOptions.valueOptions + CommandLineOptions.flagOptions
        let best = known.map { ($0, TextMatching.editDistance(name, $0, limit: 3)) }
            .filter { $0.1 <= 2 }
            .min(by: { $0.1 < $1.1 })
        if let best {
            message = "unknown option '\(name)'. Did you mean '\(best.0)'?"
        } else {
            message = "unknown option '\(name)'"
        }
    }
}
