import CRMSupport

/// A table of surface words mapped to keys: a vocabulary (`visit: visit,
/// visited, 拜访, 走访`) or a lexicon (`2: two, 两, 二`).
///
/// Aliases are token sequences (folded, han split per character). Lookup is
/// longest-match at a position.
struct WordTable: Sendable {
    var name: String
    /// Keys in declaration order.
    private(set) var keys: [String] = []
    /// Aliases grouped by first token, longest first.
    private var byFirst: [String: [(tokens: [String], key: String)]] = [:]
    /// alias (joined) → (key, line) to detect collisions.
    private var seen: [[String]: String] = [:]

    init(name: String) { self.name = name }

    /// Adds an alias; returns the key it already belongs to when it collides.
    mutating func add(key: String, alias: [String]) -> String? {
        if !keys.contains(key) { keys.append(key) }
        guard !alias.isEmpty else { return nil }
        if let other = seen[alias] { return other == key ? nil : other }
        seen[alias] = key
        byFirst[alias[0], default: []].append((alias, key))
        byFirst[alias[0]]?.sort { $0.tokens.count > $1.tokens.count }
        return nil
    }

    mutating func addKey(_ key: String) {
        if !keys.contains(key) { keys.append(key) }
    }

    /// Every alias token sequence (for interning literals).
    var allAliases: [[String]] { Array(seen.keys) }

    /// The longest alias starting at `i`, as (key, token count).
    func match(_ tokens: [String], at i: Int) -> (key: String, length: Int)? {
        guard i < tokens.count, let candidates = byFirst[tokens[i]] else { return nil }
        outer: for c in candidates where i + c.tokens.count <= tokens.count {
            for k in 1..<c.tokens.count where tokens[i + k] != c.tokens[k] { continue outer }
            return (c.key, c.tokens.count)
        }
        return nil
    }

    /// The key when the whole token list is one alias.
    func lookup(_ tokens: [String]) -> String? {
        seen[tokens]
    }

    func contains(key: String) -> Bool { keys.contains(key) }

    /// Every alias with its key, sorted (for generating training sentences).
    var entries: [(tokens: [String], key: String)] {
        seen.map { ($0.key, $0.value) }.sorted { $0.tokens.joined(separator: " ") < $1.tokens.joined(separator: " ") }
    }
}
