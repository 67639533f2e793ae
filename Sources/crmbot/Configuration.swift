import CRMStorage
import CRMSupport
import Foundation

/// Where things are and what time it is, resolved from flags, environment and defaults.
struct Configuration {
    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The database path: `--db`, then `CRMBOT_DB`, then the XDG default.
    /// `isDefault` tells the caller it may create the directory.
    func databasePath(flag: String?) -> (path: String, isDefault: Bool) {
        if let flag, !flag.isEmpty { return (flag, false) }
        if let env = environment["CRMBOT_DB"], !env.isEmpty { return (env, false) }
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return (base + "/crmbot/crmbot.sqlite", true)
    }

    /// What an acknowledged write survives: `--durability`, then `CRMBOT_DURABILITY`,
    /// then `normal`.
    func durability(flag: String?) throws(UsageError) -> SQLiteStore.Durability {
        let candidates = [("--durability", flag), ("CRMBOT_DURABILITY", environment["CRMBOT_DURABILITY"])]
        for case let (source, value?) in candidates where !value.isEmpty {
            guard let durability = SQLiteStore.Durability(rawValue: value.lowercased()) else {
                throw UsageError("\(source): \(value) is not a durability; use normal or full")
            }
            return durability
        }
        return .normal
    }

    /// Where interactive history is kept: beside the default database, if that directory exists.
    func historyFile() -> String? {
        let dir = (databasePath(flag: nil).path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { return nil }
        return dir + "/history"
    }

    /// The rep: `--as`, then `CRMBOT_USER`, then `USER`, then "me". An empty value
    /// is skipped; one that breaks ``RepName``'s rule (a control or invisible
    /// character, a space at either end) is a usage error naming its source.
    func user(flag: String?) throws(UsageError) -> String {
        let candidates = [("--as", flag), ("CRMBOT_USER", environment["CRMBOT_USER"]), ("USER", environment["USER"])]
        for case let (source, value?) in candidates where !value.isEmpty {
            do {
                try RepName.validate(value)
            } catch {
                throw UsageError("\(source): \(error.description)")
            }
            return value
        }
        return "me"
    }

    /// The clock: `--now`, then `CRMBOT_NOW`, then the system clock. A date
    /// without a time means 09:00 that day.
    func clock(flag: String?) throws(UsageError) -> any WallClock {
        let value: String
        let source: String
        if let flag {
            (value, source) = (flag, "--now")
        } else if let env = environment["CRMBOT_NOW"], !env.isEmpty {
            (value, source) = (env, "CRMBOT_NOW")
        } else {
            return SystemClock()
        }
        guard var instant = LocalDateTime(iso: value.trimmingCharacters(in: .whitespaces)) else {
            throw UsageError("\(source) '\(value)' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2026-11-22T09:00")
        }
        if instant.minuteOfDay == nil { instant.minuteOfDay = 9 * 60 }
        return FixedClock(instant)
    }

    /// The grammar directory, looked up in this order:
    /// 1. `--intents DIR`; 2. `CRMBOT_INTENTS`; 3. an `Intents/` directory beside the
    /// executable or in any directory above it (so `.build/debug/crmbot` finds the
    /// repository's), or `share/crmbot/Intents` beside an installed `bin/`;
    /// 4. the source tree this binary was built from.
    /// Returns the candidates tried when none exists.
    func intentsDirectory(flag: String?) -> Result<String, IntentsNotFound> {
        if let flag, !flag.isEmpty {
            return isGrammarDirectory(flag) ? .success(flag) : .failure(IntentsNotFound(tried: [flag], explicit: "--intents"))
        }
        if let env = environment["CRMBOT_INTENTS"], !env.isEmpty {
            return isGrammarDirectory(env) ? .success(env) : .failure(IntentsNotFound(tried: [env], explicit: "CRMBOT_INTENTS"))
        }
        var tried: [String] = []
        var dir = URL(fileURLWithPath: executablePath()).deletingLastPathComponent()
        while true {
            for candidate in [dir.appendingPathComponent("Intents"), dir.appendingPathComponent("share/crmbot/Intents")] {
                tried.append(candidate.path)
                if isGrammarDirectory(candidate.path) { return .success(candidate.path) }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        // Sources/crmbot/Configuration.swift → repository root.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Intents")
        tried.append(source.path)
        if isGrammarDirectory(source.path) { return .success(source.path) }
        return .failure(IntentsNotFound(tried: tried, explicit: nil))
    }

    private func isGrammarDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return false }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return files.contains { $0.hasSuffix(".grammar") }
    }

    private func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return CommandLine.arguments.first ?? "."
    }
}

/// No grammar directory was found.
struct IntentsNotFound: Error {
    let tried: [String]
    let explicit: String?
    var message: String {
        if let explicit {
            return "\(explicit) names '\(tried.first ?? "")', which is not a directory holding .grammar files"
        }
        return "cannot find the grammar directory (Intents/). Tried:\n  " + tried.suffix(8).joined(separator: "\n  ")
            + "\nPass --intents DIR or set CRMBOT_INTENTS."
    }
}
