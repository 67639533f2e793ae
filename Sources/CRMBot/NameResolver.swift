import Foundation
import CRMDomain
import CRMSupport

/// Matches a name as a rep wrote it against directory entries: the candidates the store
/// found for ``lookupTerms(_:)`` (or a whole directory, in tests). Pure: no store, no state.
///
/// Order of attempts; the first that finds anything decides:
/// 1. "Wang Tong of/at Quanyu Hospital", "全宇医院的王彤": the customer part
///    narrows the person part.
/// 2. Exact name or alias, after folding case and width.
/// 3. Across scripts: the same ``NameScripts/key(of:)`` ("chenlei", "Chen Lei", 陳磊 → 陈磊;
///    王彤 → Wang Tong), as the store's tier after the exact one.
/// 4. Prefix or whole-word match ("Wang" → Wang Tong); for Chinese names,
///    one contains the other ("王彤主任" → 王彤).
/// 5. Small typos: edit distance ≤ 1 for names up to 6 characters, ≤ 2 beyond.
///
/// Several equally good candidates are narrowed by any customer name that
/// also appears in the full message; what remains is ambiguous.
struct NameResolver {
    /// The outcome of resolving one name.
    enum Resolution: Equatable {
        case unique(DirectoryEntry)
        case ambiguous([DirectoryEntry])
        case notFound
    }

    /// Which kinds of records may match.
    enum Kinds {
        case any, customers, contacts

        /// The same, for the store's lookup.
        var party: PartyKinds {
            switch self {
            case .any: return .any
            case .customers: return .customers
            case .contacts: return .contacts
            }
        }
    }

    let entries: [DirectoryEntry]
    /// The store's name tables (``CRMStore/nameScripts``).
    var scripts: NameScripts = .empty

    func resolve(_ query: String, message: String = "", kinds: Kinds = .any) -> Resolution {
        let pool = entries.filter { entry in
            switch (kinds, entry.ref) {
            case (.any, _), (.customers, .customer), (.contacts, .contact): return true
            default: return false
            }
        }
        let q = NameResolver.clean(query)
        guard !q.isEmpty else { return .notFound }
        let context = TextMatching.fold(message)
        let exact = exactMatches(q, pool)
        if !exact.isEmpty { return NameResolver.decide(NameResolver.unique(exact), context: context) }
        if let qualified = resolveQualified(q, pool: pool) { return .unique(qualified) }
        for tier in [scriptMatches, partialMatches, typoMatches] {
            let found = tier(q, pool)
            if found.isEmpty { continue }
            return NameResolver.decide(NameResolver.unique(found), context: context)
        }
        return .notFound
    }

    /// The one customer or contact whose name or alias appears in `text` as whole words
    /// ("call Zhou Hua about the trial" → Zhou Hua); the longest name wins; nil when
    /// none or several different parties fit equally.
    func mentioned(in text: String) -> DirectoryEntry? {
        let haystack = " " + TextMatching.fold(text) + " "
        var best: [DirectoryEntry] = []
        var bestLength = 0
        for entry in entries {
            for name in NameResolver.names(of: entry) where name.count >= 2 {
                let han = name.unicodeScalars.contains { $0.isHan }
                let found = han ? haystack.contains(name) : NameResolver.containsWords(haystack, name)
                guard found else { continue }
                if name.count > bestLength {
                    best = [entry]
                    bestLength = name.count
                } else if name.count == bestLength, !best.contains(where: { $0.ref == entry.ref }) {
                    best.append(entry)
                }
            }
        }
        return best.count == 1 ? best.first : nil
    }

    /// Every piece of `text` that ``mentioned(in:)`` could find a name as (folded): runs
    /// from a word start to a word end of at most ``mentionLength`` characters, and any
    /// piece of 2 to 20 characters holding a Chinese character. Looking these up exactly
    /// (``CRMStore/findParties(namedAnyOf:in:limit:)``) gives the entries `mentioned(in:)`
    /// needs, without the whole directory; a longer name is not found in free text.
    static func mentionTerms(in text: String) -> [String] {
        let chars = Array(TextMatching.fold(text))
        func word(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        var terms = Set<String>()
        for i in chars.indices where i == 0 || !word(chars[i - 1]) {
            var j = i + 1
            while j <= chars.count && j - i <= mentionLength {
                if j - i >= 2 && (j == chars.count || !word(chars[j])) { terms.insert(String(chars[i..<j])) }
                j += 1
            }
        }
        for i in chars.indices {
            var j = i + 2
            while j <= chars.count && j - i <= 20 {
                let piece = chars[i..<j]
                if piece.contains(where: { $0.unicodeScalars.contains { $0.isHan } }) { terms.insert(String(piece)) }
                j += 1
            }
        }
        return terms.sorted()
    }

    /// The longest name ``mentionTerms(in:)`` looks for.
    static let mentionLength = 60

    /// `name` occurs in `haystack` between non-letters.
    static func containsWords(_ haystack: String, _ name: String) -> Bool {
        var searchStart = haystack.startIndex
        while let r = haystack.range(of: name, range: searchStart..<haystack.endIndex) {
            let before = r.lowerBound > haystack.startIndex ? haystack[haystack.index(before: r.lowerBound)] : " "
            let after = r.upperBound < haystack.endIndex ? haystack[r.upperBound] : " "
            if !before.isLetter, !before.isNumber, !after.isLetter, !after.isNumber { return true }
            searchStart = haystack.index(after: r.lowerBound)
        }
        return false
    }

    // MARK: Attempts

    private func exactMatches(_ q: String, _ pool: [DirectoryEntry]) -> [DirectoryEntry] {
        pool.filter { entry in NameResolver.names(of: entry).contains(q) }
    }

    private func scriptMatches(_ q: String, _ pool: [DirectoryEntry]) -> [DirectoryEntry] {
        let key = scripts.key(of: q)
        guard key.count >= 2 else { return [] }
        return pool.filter { entry in NameResolver.names(of: entry).contains { scripts.key(of: $0) == key } }
    }

    private func partialMatches(_ q: String, _ pool: [DirectoryEntry]) -> [DirectoryEntry] {
        // Pinyin for the start of a Chinese name ("chen" → 陈磊) counts as a partial match too.
        let key = NameMatching.hasHan(q) ? "" : scripts.key(of: q)
        return pool.filter { entry in
            NameResolver.names(of: entry).contains { name in
                NameMatching.isPartial(q, name)
                    || (key.count >= 2 && NameMatching.hasHan(name) && scripts.key(of: name).hasPrefix(key))
            }
        }
    }

    private func typoMatches(_ q: String, _ pool: [DirectoryEntry]) -> [DirectoryEntry] {
        var best = Int.max
        var found: [DirectoryEntry] = []
        for entry in pool {
            let entryBest = NameResolver.names(of: entry).compactMap { NameMatching.typoDistance(q, $0) }.min() ?? Int.max
            if entryBest < best {
                best = entryBest
                found = [entry]
            } else if entryBest == best, entryBest != Int.max {
                found.append(entry)
            }
        }
        return found
    }

    /// "X of/at/from Y", "Y的X", "X (Y)", "X, Y": Y resolves to one customer, X to one of its contacts.
    private func resolveQualified(_ q: String, pool: [DirectoryEntry]) -> DirectoryEntry? {
        for (personRaw, companyRaw) in NameResolver.splits(q) {
            let person = NameResolver.clean(personRaw)
            let company = NameResolver.clean(companyRaw)
            guard !person.isEmpty, !company.isEmpty else { continue }
            let customers = NameResolver(entries: entries, scripts: scripts)
            guard case .unique(let customer) = customers.resolve(company, kinds: .customers) else { continue }
            let contacts = pool.filter { entry in
                if case .contact = entry.ref { return entry.customerID == customer.customerID }
                return false
            }
            if case .unique(let contact) = NameResolver(entries: contacts, scripts: scripts).resolve(person, kinds: .contacts) {
                return contact
            }
        }
        return nil
    }

    /// The names to look up for `query` resolved as `kinds`: the name itself and, for
    /// "X at Y", the contact X and the customer Y. Resolving over the store's candidates
    /// for all of them (``CRMStore/findParties(named:in:kinds:limit:)``) gives what resolving
    /// over the whole directory would — except that X's candidates are the best matches
    /// in the whole scope, not only among Y's contacts.
    static func lookupTerms(_ query: String, kinds: Kinds = .any) -> [(String, PartyKinds)] {
        let q = clean(query)
        guard !q.isEmpty else { return [] }
        var terms: [(String, PartyKinds)] = [(q, kinds.party)]
        for (person, company) in splits(q) {
            for term in [(clean(person), PartyKinds.contacts), (clean(company), .customers)]
            where !term.0.isEmpty && !terms.contains(where: { $0 == term }) {
                terms.append(term)
            }
        }
        return terms
    }

    /// "X of/at/from Y", "Y的X", "X (Y)", "X, Y" as (person X, company Y) pairs.
    private static func splits(_ q: String) -> [(person: String, company: String)] {
        var splits: [(person: String, company: String)] = []
        for sep in [" of ", " at ", " from ", ", ", " @ "] {
            if let r = q.range(of: sep) {
                splits.append((String(q[..<r.lowerBound]), String(q[r.upperBound...])))
            }
        }
        if let r = q.range(of: "的") {
            splits.append((String(q[r.upperBound...]), String(q[..<r.lowerBound])))
        }
        if let open = q.firstIndex(where: { $0 == "(" || $0 == "（" }) {
            let person = String(q[..<open])
            let company = String(q[q.index(after: open)...]).filter { $0 != ")" && $0 != "）" }
            splits.append((person, company))
        }
        return splits
    }

    // MARK: Helpers

    private static func decide(_ all: [DirectoryEntry], context: String) -> Resolution {
        // A customer and one of its own contacts both matching (a person customer and
        // the contact holding their profile) are one party: keep the customer.
        let customers = Set(all.compactMap { e -> CustomerID? in
            if case .customer = e.ref { return e.customerID }
            return nil
        })
        let found = all.filter { e in
            if case .contact = e.ref { return !customers.contains(e.customerID) }
            return true
        }
        if found.count == 1, let only = found.first { return .unique(only) }
        if !context.isEmpty {
            let narrowed = found.filter { entry in
                if case .contact = entry.ref {
                    let company = TextMatching.fold(entry.customerName)
                    return !company.isEmpty && context.contains(company)
                }
                return false
            }
            if narrowed.count == 1, let only = narrowed.first { return .unique(only) }
        }
        return .ambiguous(found)
    }

    private static func unique(_ found: [DirectoryEntry]) -> [DirectoryEntry] {
        var seen = Set<PartyRef>()
        return found.filter { seen.insert($0.ref).inserted }
    }

    static func names(of entry: DirectoryEntry) -> [String] {
        ([entry.name] + entry.aliases).map { TextMatching.fold($0) }.filter { !$0.isEmpty }
    }

    /// Folds and drops quotes and trailing punctuation a rep may type around a name.
    static func clean(_ s: String) -> String {
        let folded = TextMatching.fold(s)
        let strip: Set<Character> = ["\"", "'", "“", "”", "‘", "’", "「", "」", ".", "。", "!", "！", "?", "？", ":", "："]
        var out = Substring(folded)
        while let f = out.first, strip.contains(f) { out = out.dropFirst() }
        while let l = out.last, strip.contains(l) { out = out.dropLast() }
        return String(out).trimmingSpaces
    }
}

extension String {
    /// The string without leading and trailing white space (ASCII and ideographic).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
