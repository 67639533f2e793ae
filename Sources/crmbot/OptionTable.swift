/// The one description of crmbot's command line: the commands, the options
/// and what each takes. The parser, `--help`, the man page (`crmbot help --man`)
/// and the bash completion (`crmbot help --completion bash`) are all made
/// from it, so they cannot disagree.
enum OptionTable {
    /// A command and how it is used.
    struct CommandSpec {
        /// The word that selects it (`""` for chat, the default).
        let name: String
        /// Synopsis lines, without the leading `crmbot`.
        let usage: [String]
        /// What it does, in sentences (wrapped by the renderers).
        let text: String
        /// Completions for its positional arguments (`KIND` words), if any.
        var words: [String] = []
    }

    /// One option.
    struct OptionSpec {
        /// `--db`; a short alias goes in `alias`.
        let name: String
        var alias: String? = nil
        /// The value's placeholder (`PATH`), nil for a flag.
        let value: String?
        let text: String
        /// The commands it applies to; empty: every command.
        var commands: [String] = []
        /// What completion offers for the value: nil for nothing, `[]` for file names, else these words.
        var completion: [String]? = nil
        /// Listed under "Serve options" instead of "Options".
        var serve: Bool { commands == ["serve"] }
    }

    static let commands: [CommandSpec] = [
        CommandSpec(
            name: "", usage: ["[--db PATH] [--as NAME] [--now WHEN] [--json] [--intents DIR]"],
            text: "Talk to the bot: interactive at a terminal; piped, one reply per input line."),
        CommandSpec(
            name: "parse", usage: ["parse [TEXT…] [--now WHEN] [--intents DIR]", "parse --explain TEXT…"],
            text: "Print how a message parses, as JSON, and change nothing. Without TEXT, read messages from standard "
                + "input, one a line, and print one JSON line each. --explain also shows which layer decided (grammar, "
                + "model or both), the confidence, the model's ranking, where the slots came from and the strongest features."),
        CommandSpec(
            name: "check-grammar", usage: ["check-grammar [--intents DIR]"],
            text: "Load and validate the grammar files and the trained model, and say what they hold."),
        CommandSpec(
            name: "train", usage: ["train [--intents DIR] [--corpus FILE]… [--exclude FILE]… [--out FILE]"],
            text: "Train the intent model from the grammar files, Intents/training/ and the corpora (default: "
                + "Tests/Corpus/intents.tsv beside the grammar directory) and write it to the grammar directory's "
                + "model.crmm (or FILE). Deterministic. Generated sentences equal to a message of a held-out set are "
                + "left out (default: Tests/Corpus/unseen.tsv and unseen2.tsv beside the grammar directory)."),
        CommandSpec(
            name: "serve",
            usage: ["serve [--unix PATH]… [--tcp HOST:PORT]… [--http HOST:PORT]… [--tokens FILE] [--db PATH] [--now WHEN]"],
            text: "Serve chat relays on Unix sockets and TCP (JSON Lines or text; see docs/protocol.md), and HTTP: "
                + "POST /v1/messages (JSON), POST /v1/slash (Slack and Mattermost slash commands and outgoing webhooks), "
                + "GET /healthz. Sockets passed by systemd (socket activation, LISTEN_FDS) are served too; a socket named "
                + "http speaks HTTP. Tokens come from --tokens FILE (mode 0600) or $CRMBOT_TOKENS. SIGTERM or SIGINT stop "
                + "it gracefully; SIGHUP reads the token file again (closing connections whose token is gone) and "
                + "reopens the --log file."),
        CommandSpec(
            name: "admin", usage: ["admin NAME [--db PATH]"],
            text: "Make the rep NAME an admin, adding them when new: how a fresh install gets its first admin (in the "
                + "chat only an admin names admins). Prints what it did."),
        CommandSpec(
            name: "backup", usage: ["backup FILE [--db PATH]"],
            text: "Copy the database to FILE while it is in use (SQLite's online backup), check the copy (integrity "
                + "and row counts) and report. FILE must not exist. To restore, stop crmbot and use the copy as the "
                + "database (--db FILE, or move it into place)."),
        CommandSpec(
            name: "import",
            usage: ["import KIND FILE.csv [--as NAME] [--dry-run] [--map HEADER=FIELD]… [--encoding utf-8|gb18030]"],
            text: "Import customers, contacts, activities, orders or payments from a CSV file (RFC 4180; UTF-8 with or "
                + "without BOM, or GB18030 as Chinese Excel saves it; English or Chinese headers, see docs/import.md). "
                + "Rows are written as the rep --as, within what that rep may see; a bad row is reported with its line "
                + "and the rest imported; rows already there are skipped, so a file can be imported again safely. "
                + "--dry-run reports and writes nothing. Progress goes to stderr.",
            words: ["customers", "contacts", "activities", "orders", "payments"]),
        CommandSpec(
            name: "export", usage: ["export KIND [--as NAME] [--out FILE] [--headers en|zh] [--bom]"],
            text: "Write customers, contacts, activities, orders, payments or tasks the rep may see as CSV (to FILE or "
                + "standard output), with headers import reads back. Every export is written to the audit log.",
            words: ["customers", "contacts", "activities", "orders", "payments", "tasks"]),
        CommandSpec(
            name: "help", usage: ["help [--man | --completion bash]"],
            text: "This help; with --man the manual page (roff, for man -l or /usr/share/man/man1/crmbot.1); with "
                + "--completion bash a bash completion script (for /etc/bash_completion.d/crmbot)."),
    ]

    static let options: [OptionSpec] = [
        OptionSpec(
            name: "--db", value: "PATH",
            text: "the database file (default: $CRMBOT_DB, else $XDG_DATA_HOME/crmbot/crmbot.sqlite or "
                + "~/.local/share/crmbot/crmbot.sqlite)", completion: []),
        OptionSpec(
            name: "--durability", value: "normal|full",
            text: "what an answered write survives: normal (the default) survives the process's end (kill -9, a "
                + "crash), not a power loss; full also a power loss: a write is answered once the log is synced to "
                + "disk, concurrent writes sharing one sync (default: $CRMBOT_DURABILITY, else normal)",
            commands: ["", "serve", "import", "admin"], completion: ["normal", "full"]),
        OptionSpec(name: "--as", value: "NAME", text: "the rep you speak as (default: $CRMBOT_USER, else $USER)"),
        OptionSpec(
            name: "--now", value: "WHEN",
            text: "fix the clock: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: $CRMBOT_NOW, else the system clock)"),
        OptionSpec(
            name: "--json", value: nil,
            text: "JSON Lines: requests {\"id\",\"user\",\"text\"} (or bare text lines), replies "
                + "{\"id\",\"ok\",\"intent\",\"text\",\"data\"} / {\"id\",\"ok\":false,\"error\":{\"code\",\"message\"}}",
            commands: [""]),
        OptionSpec(
            name: "--intents", value: "DIR",
            text: "the grammar directory (default: $CRMBOT_INTENTS, else an Intents/ directory beside or above the "
                + "executable, else the source tree's)", completion: []),
        OptionSpec(name: "--explain", value: nil, text: "parse: show which layer decided and why", commands: ["parse"]),
        OptionSpec(
            name: "--no-model", value: nil, text: "the grammar alone, without the trained model (for comparisons)",
            commands: ["", "parse", "serve"]),
        OptionSpec(name: "--corpus", value: "FILE", text: "train: a labelled corpus to train on (repeatable)", commands: ["train"], completion: []),
        OptionSpec(
            name: "--exclude", value: "FILE", text: "train: a held-out set no generated sentence may equal (repeatable)",
            commands: ["train"], completion: []),
        OptionSpec(
            name: "--out", value: "FILE", text: "train: where the model goes; export: the CSV file (default: standard output)",
            commands: ["train", "export"], completion: []),
        OptionSpec(
            name: "--map", value: "HEADER=FIELD", text: "import: read the column HEADER as FIELD (an empty FIELD ignores it; repeatable)",
            commands: ["import"]),
        OptionSpec(
            name: "--encoding", value: "ENCODING", text: "import: utf-8 or gb18030 (default: detected)", commands: ["import"],
            completion: ["utf-8", "gb18030"]),
        OptionSpec(name: "--dry-run", value: nil, text: "import: report what would be written, write nothing", commands: ["import"]),
        OptionSpec(
            name: "--headers", value: "LANG", text: "export: en or zh column headers", commands: ["export"], completion: ["en", "zh"]),
        OptionSpec(name: "--bom", value: nil, text: "export: a UTF-8 byte-order mark first, for Excel", commands: ["export"]),
        OptionSpec(name: "--man", value: nil, text: "help: print the manual page", commands: ["help"]),
        OptionSpec(
            name: "--completion", value: "SHELL", text: "help: print a completion script (bash)", commands: ["help"],
            completion: ["bash"]),
        OptionSpec(name: "--help", alias: "-h", value: nil, text: "this help"),
        OptionSpec(name: "--version", value: nil, text: "the version"),
        // serve
        OptionSpec(name: "--unix", value: "PATH", text: "listen on a Unix socket (repeatable)", commands: ["serve"], completion: []),
        OptionSpec(
            name: "--tcp", value: "HOST:PORT",
            text: "listen on TCP for the line protocols (repeatable; PORT alone means 127.0.0.1:PORT; 0 picks a free port)",
            commands: ["serve"]),
        OptionSpec(name: "--http", value: "HOST:PORT", text: "listen on TCP for HTTP/1.1 (repeatable)", commands: ["serve"]),
        OptionSpec(
            name: "--tokens", value: "FILE", text: "the token file (mode 0600; lines 'TOKEN NAME [role=ROLE] [REPS]')",
            commands: ["serve"], completion: []),
        OptionSpec(
            name: "--log", value: "FILE",
            text: "append the log to FILE, each line stamped with the UTC time (default: standard error); SIGHUP reopens it",
            commands: ["serve"], completion: []),
        OptionSpec(
            name: "--slack-secret", value: "FILE",
            text: "a file holding Slack's signing secret: POST /v1/slash then needs a valid X-Slack-Signature made within 5 minutes",
            commands: ["serve"], completion: []),
        OptionSpec(
            name: "--max-connections", value: "N",
            text: "open connections at most (4096; clients not logged in get at most 90% of them)", commands: ["serve"]),
        OptionSpec(
            name: "--max-per-address", value: "N", text: "TCP connections from one IP address (64; 0: none)", commands: ["serve"]),
        OptionSpec(
            name: "--login-timeout", value: "SECONDS", text: "time to log in after connecting (10; 0: none)", commands: ["serve"]),
        OptionSpec(name: "--rate", value: "N", text: "requests per second per connection (50; 0: none)", commands: ["serve"]),
        OptionSpec(name: "--burst", value: "N", text: "requests a connection may send at once before --rate applies (100)", commands: ["serve"]),
        OptionSpec(
            name: "--idle-timeout", value: "SECONDS", text: "a connection without a complete line for this long is closed (600; 0: none)",
            commands: ["serve"]),
        OptionSpec(
            name: "--request-timeout", value: "SECONDS", text: "an HTTP request must arrive whole within this time (30; 0: none)",
            commands: ["serve"]),
        OptionSpec(name: "--reminder-interval", value: "SECONDS", text: "how often due reminders are looked for (30)", commands: ["serve"]),
        OptionSpec(
            name: "--socket-mode", value: "MODE", text: "permission bits of Unix socket files: 600 (default) or 660",
            commands: ["serve"], completion: ["600", "660"]),
        OptionSpec(name: "--socket-group", value: "GROUP", text: "a group to own Unix socket files (mode 660)", commands: ["serve"]),
    ]

    static let exitStatus = "0 ok, 1 input/output failure, 2 usage, 3 grammar, 4 database, 5 cannot listen (serve), "
        + "6 a file to import, export or back up could not be read, written or checked, 7 import: some rows were "
        + "refused (the others were imported)."

    static let environment: [(String, String)] = [
        ("CRMBOT_DB", "the database file, when --db is not given"),
        ("CRMBOT_USER", "the rep, when --as is not given (else $USER)"),
        ("CRMBOT_NOW", "a fixed clock, when --now is not given"),
        ("CRMBOT_INTENTS", "the grammar directory, when --intents is not given"),
        ("CRMBOT_TOKENS", "serve: the tokens, one per line, when --tokens is not given (not reloaded on SIGHUP)"),
        ("LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES", "serve: sockets passed by systemd (socket activation)"),
    ]

    /// Options that take a value.
    static let valueOptions: [String] = options.filter { $0.value != nil }.map(\.name)
    /// Options that take none (with their short aliases).
    static let flagOptions: [String] = options.filter { $0.value == nil }.flatMap { [$0.name] + ($0.alias.map { [$0] } ?? []) }
}
