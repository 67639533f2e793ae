import CRMDomain
import CRMExchange
import CRMStorage
import CRMSupport
import CRMTransport
import Foundation
import Glibc

/// `crmbot export KIND`: the records of a kind the rep may see, as CSV.
enum ExportCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        let kind = ExchangeSupport.kind(options.arguments.first, importing: false)
        guard options.arguments.count == 1 else { fail(.usage, "export takes one kind; write it to a file with --out FILE") }
        let chinese: Bool
        switch options.headers?.lowercased() {
        case nil, "en": chinese = false
        case "zh": chinese = true
        default: fail(.usage, "--headers must be en or zh")
        }
        let vocabulary = ExchangeSupport.vocabulary(options, config)
        let clock: any WallClock
        do { clock = try config.clock(flag: options.now) } catch { fail(.usage, error.message) }
        let store = ChatCommand.openStore(options, config)
        let rep = await ExchangeSupport.rep(options, config, store)
        let result: Exporter.Result
        do {
            result = try await Exporter(store: store, vocabulary: vocabulary).export(kind, as: rep, at: clock.now(), chinese: chinese)
        } catch {
            printError("crmbot: the export could not be read from the database: \(error)")
            return .database
        }
        let bytes = (options.bom ? [0xEF, 0xBB, 0xBF] : []) + Array(result.csv.utf8)
        guard let out = options.modelOutput else {
            guard (try? FileDescriptorIO.writeAll(1, bytes)) != nil else { printError("crmbot: cannot write to standard output"); return .ioFailure }
            return .ok
        }
        // A new file under a temporary name, then renamed: never half an export at FILE.
        let temporary = out + ".partial-\(getpid())"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            printError("crmbot: cannot write \(out): \(String(cString: strerror(errno)))")
            return .file
        }
        let written = (try? FileDescriptorIO.writeAll(fd, bytes)) != nil && fsync(fd) == 0
        close(fd)
        guard written, rename(temporary, out) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            printError("crmbot: cannot write \(out): \(reason)")
            return .file
        }
        printError("Exported \(result.rows) \(kind.rawValue) to \(out) (the export is in the audit log).")
        return .ok
    }
}
