import CRMTransport
import Glibc

/// The exit statuses of `crmbot`, documented in the README.
enum ExitStatus: Int32 {
    /// Success (a batch whose messages got error replies still succeeds).
    case ok = 0
    /// Standard input could not be read, or standard output could not be written.
    case ioFailure = 1
    /// The command line is wrong.
    case usage = 2
    /// The grammar directory is missing or a grammar file is invalid.
    case grammar = 3
    /// The database cannot be opened, created, or is not a crmbot database.
    case database = 4
    /// `serve` cannot listen: an address in use, a live server on the socket path, a path that cannot be bound.
    case listen = 5
    /// `import`, `export`, `backup`: a file cannot be read or written (or, for a backup, the
    /// target exists or the copy failed its check).
    case file = 6
    /// `import`: some rows were refused; the others were imported.
    case rowsRefused = 7
}

/// Writes a line to standard error.
func printError(_ message: String) {
    printErrorRaw(message.hasSuffix("\n") ? message : message + "\n")
}

/// Writes `text` to standard error as is (nothing more can be done if that fails).
func printErrorRaw(_ text: String) {
    try? FileDescriptorIO.writeAll(2, Array(text.utf8))
}

/// Prints `message` to standard error and exits with `status`.
func fail(_ status: ExitStatus, _ message: String) -> Never {
    printError("crmbot: " + message)
    exit(status.rawValue)
}
