import Foundation
import Glibc

// A reader that goes away must not kill us with SIGPIPE; writes fail with EPIPE instead.
signal(SIGPIPE, SIG_IGN)
// Customer data is private: the database, its journal and history are created owner-only.
umask(0o077)

let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail(.usage, error.message + "\nRun 'crmbot --help' for usage.")
}
let config = Configuration()

let status: ExitStatus
switch options.command {
case .help:
    if options.man {
        print(HelpRenderers.manPage(version: crmbotVersion), terminator: "")
    } else if let shell = options.completion {
        guard shell == "bash" else { fail(.usage, "--completion: only bash is supported, not '\(shell)'") }
        print(HelpRenderers.bashCompletion(), terminator: "")
    } else {
        print(HelpRenderers.usage(), terminator: "")
    }
    status = .ok
case .version:
    print("crmbot \(crmbotVersion)")
    status = .ok
case .parse:
    status = await ParseCommand.run(options, config)
case .checkGrammar:
    status = CheckGrammarCommand.run(options, config)
case .chat:
    status = await ChatCommand.run(options, config)
case .serve:
    status = await ServeCommand.run(options, config)
case .train:
    status = TrainCommand.run(options, config)
case .backup:
    status = await BackupCommand.run(options, config)
case .admin:
    status = await AdminCommand.run(options, config)
case .import:
    status = await ImportCommand.run(options, config)
case .export:
    status = await ExportCommand.run(options, config)
}
exit(status.rawValue)
