import CRMDomain
import CRMExchange
import CRMStorage
import Foundation

/// What `import` and `export` share: the kind named on the command line, the rep, and the
/// column vocabulary from the grammar directory.
enum ExchangeSupport {
    static func kind(_ word: String?, importing: Bool) -> ExchangeKind {
        let kinds = ExchangeKind.allCases.filter { !importing || $0.importable }.map(\.rawValue)
        guard let word, let kind = ExchangeKind(rawValue: word.lowercased()), !importing || kind.importable else {
            fail(.usage, "\(importing ? "import" : "export") needs what to \(importing ? "import" : "export"): \(kinds.joined(separator: ", "))"
                + (importing ? ", then the file, e.g. crmbot import customers customers.csv" : ", e.g. crmbot export customers --out customers.csv"))
        }
        return kind
    }

    static func vocabulary(_ options: CommandLineOptions, _ config: Configuration) -> ImportVocabulary {
        let directory: String
        switch config.intentsDirectory(flag: options.intentsDirectory) {
        case .success(let d): directory = d
        case .failure(let e): fail(.grammar, e.message)
        }
        let path = directory + "/" + ImportVocabulary.fileName
        do {
            return try ImportVocabulary.parse(try String(contentsOfFile: path, encoding: .utf8), source: path)
        } catch {
            fail(.grammar, "cannot read the import vocabulary: \(error)")
        }
    }

    /// The rep named by --as (created as a plain rep on first use, as the chat does).
    static func rep(_ options: CommandLineOptions, _ config: Configuration, _ store: SQLiteStore) async -> Rep {
        let name: String
        do { name = try config.user(flag: options.user) } catch { fail(.usage, error.message) }
        do { return try await store.ensureRep(named: name, role: .rep) } catch {
            let e = error as? StoreError
            fail(.database, "\(e?.message ?? "\(error)")" + (e.map { $0.context.isEmpty ? "" : "\n  detail: \($0.context)" } ?? ""))
        }
    }
}
