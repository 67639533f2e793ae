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

    static let valueOptions = ["--db", "--intents", "--as", "--now", "--corpus", "--out", "--exclude", "--map", "--encoding", "--headers"]
        + ServeOptions.valueOptions
    static let flagOptions = ["--json", "--explain", "--no-model", "--help", "-h", "--version", "--dry-run", "--bom"]

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

let usageText = """
    crmbot — a chat-driven CRM for sales reps.

    Usage:
      crmbot [--db PATH] [--as NAME] [--now WHEN] [--json] [--intents DIR]
          Talk to the bot: interactive at a terminal; piped, one reply per input line.
      crmbot parse [TEXT…] [--now WHEN] [--intents DIR]
          Print how a message parses, as JSON, and change nothing. Without TEXT,
          read messages from standard input, one a line, and print one JSON line each.
      crmbot parse --explain TEXT…
          Also show which layer decided (grammar, model or both), the confidence,
          the model's ranking, where the slots came from and the strongest features.
      crmbot check-grammar [--intents DIR]
          Load and validate the grammar files and the trained model, and say what they hold.
      crmbot train [--intents DIR] [--corpus FILE]… [--exclude FILE]… [--out FILE]
          Train the intent model from the grammar files, Intents/training/ and the
          corpora (default: Tests/Corpus/intents.tsv beside the grammar directory) and
          write it to the grammar directory's model.crmm (or FILE). Deterministic.
          Generated sentences equal to a message of a held-out set are left out
          (default: Tests/Corpus/unseen.tsv beside the grammar directory).
      crmbot serve [--unix PATH]… [--tcp HOST:PORT]… [--http HOST:PORT]… [--tokens FILE] [--db PATH] [--now WHEN]
          Serve chat relays on Unix sockets and TCP (JSON Lines or text; see docs/protocol.md),
          and HTTP: POST /v1/messages (JSON), POST /v1/slash (Slack and Mattermost slash
          commands and outgoing webhooks), GET /healthz; --request-timeout SECONDS for an
          HTTP request to arrive whole (30; 0: none).
          Tokens come from --tokens FILE (mode 0600) or $CRMBOT_TOKENS. Limits:
          --max-connections N (4096; clients not logged in get at most 90% of them),
          --max-per-address N TCP connections from one IP (64; 0: none),
          --login-timeout SECONDS to log in after connecting (10; 0: none),
          --rate N per second per connection (50; 0: none), --burst N (100),
          --idle-timeout SECONDS without a complete line (600; 0: none);
          --reminder-interval SECONDS (30); --socket-mode 600|660 and --socket-group GROUP
          for Unix sockets.

      crmbot admin NAME [--db PATH]
          Make the rep NAME an admin, adding them when new: how a fresh install gets
          its first admin (in the chat only an admin names admins). Prints what it did.

      crmbot backup FILE [--db PATH]
          Copy the database to FILE while it is in use (SQLite's online backup), check the
          copy (integrity and row counts) and report. FILE must not exist. To restore, stop
          crmbot and use the copy as the database (--db FILE, or move it into place).

      crmbot import KIND FILE.csv [--as NAME] [--dry-run] [--map HEADER=FIELD]… [--encoding utf-8|gb18030]
          Import customers, contacts, activities, orders or payments from a CSV file
          (RFC 4180; UTF-8 with or without BOM, or GB18030 as Chinese Excel saves it;
          English or Chinese headers, see docs/import.md). Rows are written as the rep
          --as, within what that rep may see; a bad row is reported with its line and
          the rest imported; rows already there are skipped, so a file can be imported
          again safely. --dry-run reports and writes nothing. Progress goes to stderr.
      crmbot export KIND [--as NAME] [--out FILE] [--headers en|zh] [--bom]
          Write customers, contacts, activities, orders, payments or tasks the rep may
          see as CSV (to FILE or standard output), with headers import reads back.
          Every export is written to the audit log.

    Options:
      --db PATH       the database file (default: $CRMBOT_DB, else
                      $XDG_DATA_HOME/crmbot/crmbot.sqlite or ~/.local/share/crmbot/crmbot.sqlite)
      --as NAME       the rep you speak as (default: $CRMBOT_USER, else $USER)
      --now WHEN      fix the clock: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: $CRMBOT_NOW, else the system clock)
      --json          JSON Lines: requests {"id","user","text"} (or bare text lines),
                      replies {"id","ok","intent","text","data"} / {"id","ok":false,"error":{"code","message"}}
      --intents DIR   the grammar directory (default: $CRMBOT_INTENTS, else an Intents/
                      directory beside or above the executable, else the source tree's)
      -h, --help      this help
      --version       the version

    Exit status: 0 ok, 1 input/output failure, 2 usage, 3 grammar, 4 database,
    5 cannot listen (serve), 6 a file to import, export or back up could not be read,
    written or checked, 7 import: some rows were refused (the others were imported).
    """
