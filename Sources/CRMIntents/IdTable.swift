/// A ``WordTable`` compiled to interned token ids for fast longest-match lookup.
struct IdTable: Sendable {
    struct Entry: Sendable {
        var ids: [Int32]
        var key: String
        /// The key read as a number (lexicon tables keyed by values), if it is one.
        var number: Double?
    }

    /// First token id → entries, longest first.
    private var byFirst: [Int32: [Entry]] = [:]
    private(set) var keys: [String] = []
    /// Ids that begin some alias.
    private(set) var firstIDs: Set<Int32> = []

    init() {}

    init(_ table: WordTable, intern: (String) -> Int32) {
        keys = table.keys
        for alias in table.allAliases.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let key = table.lookup(alias) else { continue }
            let ids = alias.map(intern)
            byFirst[ids[0], default: []].append(Entry(ids: ids, key: key, number: Double(key)))
            firstIDs.insert(ids[0])
        }
        for k in byFirst.keys { byFirst[k]?.sort { $0.ids.count > $1.ids.count } }
    }

    /// The longest alias starting at `i` and ending at or before `end`.
    @inline(__always)
    func match(_ ids: [Int32], at i: Int, end: Int) -> (entry: Entry, length: Int)? {
        guard i >= 0, i < end, let candidates = byFirst[ids[i]] else { return nil }
        outer: for c in candidates where i + c.ids.count <= end {
            for k in 1..<c.ids.count where ids[i + k] != c.ids[k] { continue outer }
            return (c, c.ids.count)
        }
        return nil
    }

    /// The entry when `ids[range]` is exactly one alias.
    func exact(_ ids: [Int32], _ range: Range<Int>) -> Entry? {
        guard let m = match(ids, at: range.lowerBound, end: range.upperBound), m.length == range.count else {
            return nil
        }
        return m.entry
    }

    /// All entries (for callers that scan every alias).
    var entries: [Entry] { byFirst.values.flatMap { $0 } }
}
