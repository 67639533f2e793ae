import CRMDomain
import CRMExchange
import CRMStorage
import CRMSupport
import Foundation
import Glibc

/// `crmbot import KIND FILE.csv`: bulk import with a report of every refused row.
enum ImportCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        let kind = ExchangeSupport.kind(options.arguments.first, importing: true)
        guard options.arguments.count == 2 else {
            fail(.usage, "import needs the CSV file after the kind, e.g. crmbot import \(kind.rawValue) \(kind.rawValue).csv")
        }
        let path = options.arguments[1]
        var encoding: TextDecoding.Encoding?
        if let name = options.encoding {
            switch name.lowercased() {
            case "utf-8", "utf8": encoding = .utf8
            case "gb18030", "gbk", "gb2312": encoding = .gb18030
            default: fail(.usage, "--encoding must be utf-8 or gb18030 (GBK and GB2312 files are GB18030)")
            }
        }
        let vocabulary = ExchangeSupport.vocabulary(options, config)
        guard let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path) else {
            printError("crmbot: cannot read \(path): \(String(cString: strerror(errno)))")
            return .file
        }
        let clock: any WallClock
        do { clock = try config.clock(flag: options.now) } catch { fail(.usage, error.message) }
        let store = ChatCommand.openStore(options, config)
        let rep = await ExchangeSupport.rep(options, config, store)
        let request = ImportRequest(
            kind: kind, bytes: [UInt8](data), fileName: URL(fileURLWithPath: path).lastPathComponent, encoding: encoding,
            overrides: options.columnMap, dryRun: options.dryRun, rep: rep, at: clock.now())
        let meter = ProgressMeter(label: "\(options.dryRun ? "Checking" : "Importing") \(kind.rawValue)")
        let report: ImportReport
        do {
            report = try await Importer(store: store, vocabulary: vocabulary).run(request) { done, total in meter.update(done, total) }
        } catch {
            meter.finish()
            printError("crmbot: \(error.description)")
            return .file
        }
        meter.finish()
        print(summary(report, path: path, rep: rep))
        return report.refused.isEmpty ? .ok : .rowsRefused
    }

    static func summary(_ r: ImportReport, path: String, rep: Rep) -> String {
        var lines: [String] = []
        let columns = r.mapping.map { $0.header == $0.field ? $0.field : "\($0.header) → \($0.field)" }.joined(separator: ", ")
        lines.append("\(path) (\(r.encoding.rawValue), \(r.rows) rows of \(r.kind.rawValue)); columns: \(columns)")
        if !r.ignoredColumns.isEmpty {
            lines.append("Ignored columns (not \(r.kind.rawValue) fields): \(r.ignoredColumns.joined(separator: ", "))")
        }
        if r.dryRun {
            lines.append("Dry run, nothing written: \(r.added) would be added, \(r.alreadyPresent) already there, \(r.refused.count) refused.")
        } else {
            lines.append("Imported as \(rep.name): \(r.added) added, \(r.alreadyPresent) already there, \(r.refused.count) refused.")
            if r.added > 0 { lines.append("Undo (as \(rep.name)) takes back the last batch of up to \(Importer.defaultBatchSize) rows.") }
        }
        let shown = r.refused.prefix(200)
        for row in shown { lines.append("  line \(row.line): \(row.reason)") }
        if r.refused.count > shown.count { lines.append("  … and \(r.refused.count - shown.count) more refused rows") }
        return lines.joined(separator: "\n")
    }
}

/// Import progress on standard error: a bar with rate and time left, redrawn in place at
/// a terminal; when piped, a plain line at every tenth of a file of more than one batch.
final class ProgressMeter {
    let label: String
    let terminal = isatty(2) == 1
    let started = ContinuousClock.now
    private var lastTenth = 0
    private var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard total > 0 else { return }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = max(0.001, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        let rate = Double(done) / seconds
        let left = rate > 0 ? Double(total - done) / rate : 0
        let percent = done * 100 / total
        let text = "\(label): \(done)/\(total) rows (\(percent)%), \(Int(rate)) rows/s, \(Int(left.rounded(.up))) s left"
        if terminal {
            let width = 24
            let filled = done * width / total
            printErrorRaw("\r" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + " " + text + "\u{1B}[K")
            drawn = true
        } else if total > 2_000, percent / 10 > lastTenth || done == total {
            lastTenth = percent / 10
            printError(text)
        }
    }

    func finish() {
        if drawn { printErrorRaw("\n") }
    }
}
