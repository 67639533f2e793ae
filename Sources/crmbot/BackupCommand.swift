import CRMDomain
import CRMStorage
import Foundation

/// `crmbot backup FILE`: an online copy of the database, checked before it is kept.
enum BackupCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        guard let target = options.arguments.first else {
            fail(.usage, "backup needs a file to write, e.g. crmbot backup crm-2026-11-30.sqlite\nRun 'crmbot --help' for usage.")
        }
        let store = ChatCommand.openStore(options, config)
        let started = ContinuousClock.now
        do {
            let summary = try await store.backup(to: target)
            let elapsed = ContinuousClock.now - started
            let rows = summary.counts.map { "\($0.rows) \($0.table)" }.joined(separator: ", ")
            print("Backed up to \(summary.path): \(summary.bytes) bytes in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))); checked: integrity ok, \(rows).")
            return .ok
        } catch {
            printError("crmbot: \(error.message)" + (error.context.isEmpty ? "" : "\n  detail: \(error.context)"))
            return .file
        }
    }
}
