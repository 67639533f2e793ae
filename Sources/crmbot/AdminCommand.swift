import CRMBot
import CRMDomain
import CRMStorage
import CRMSupport
import Foundation

/// `crmbot admin NAME`: makes a rep an admin (creating them when new) — how a fresh
/// install gets its first admin. Whoever may open the database file may run it; in the
/// chat only an admin names admins.
enum AdminCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        guard let name = options.arguments.first else {
            fail(.usage, "admin needs the rep's name, e.g. crmbot admin \"Li Ming\"\nRun 'crmbot --help' for usage.")
        }
        let clock: any WallClock
        do {
            clock = try config.clock(flag: options.now)
        } catch {
            fail(.usage, error.message)
        }
        let now = clock.now()
        let store = ChatCommand.openStore(options, config)
        do {
            switch try await Admins.grant(name, store: store, at: now) {
            case .created(let rep): print("Added \(rep.name) as an admin.")
            case .promoted(let rep, let from): print("\(rep.name) is now an admin (was \(from.rawValue)).")
            case .already(let rep): print("\(rep.name) is already an admin.")
            }
            return .ok
        } catch let refusal as Admins.Refusal {
            fail(.usage, refusal.message)
        } catch let error as StoreError {
            printError("crmbot: \(error.message)" + (error.context.isEmpty ? "" : "\n  detail: \(error.context)"))
            return .database
        } catch {
            printError("crmbot: \(error)")
            return .database
        }
    }
}
