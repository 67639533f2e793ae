import CRMSupport

/// The values the sentence generator puts into slots, read from
/// `Intents/training/fill.tsv` (`lang<TAB>kind<TAB>value`): person, company
/// and rep names, notes, dates, amounts and numbers as reps write them, and
/// off-topic messages (`none`) the model learns to leave alone.
struct FillValues: Sendable {
    /// lang → kind → values.
    var values: [Language: [String: [String]]] = [:]

    static let kinds: Set<String> = ["person", "company", "rep", "text", "date", "amount", "number", "none"]

    init(text: String, path: String) throws(GrammarError) {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw.filter { $0 != "\r" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let lang = Language(rawValue: parts[0]), Self.kinds.contains(parts[1]),
                !parts[2].isEmpty
            else {
                throw GrammarError(
                    path: path, line: n + 1,
                    message: "expected 'en|zh<TAB>kind<TAB>value' with kind one of \(Self.kinds.sorted().joined(separator: ", "))")
            }
            values[lang, default: [:]][parts[1], default: []].append(parts[2])
        }
    }

    func pick(_ kind: String, _ language: Language, using rng: inout SeededGenerator) -> String {
        if let list = values[language]?[kind], let v = list.randomElement(using: &rng) { return v }
        if let list = values[.en]?[kind], let v = list.randomElement(using: &rng) { return v }
        return "x"
    }
}

