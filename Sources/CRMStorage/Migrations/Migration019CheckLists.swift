extension Migration {
    /// `019-check-lists`: every `CHECK (col IN ('a', 'b', …))` becomes
    /// `CHECK ((col = 'a' OR col = 'b' OR …))`. The same rule (a NULL passes either way),
    /// but SQLite 3.40 builds a temporary b-tree for an IN list each time it checks one,
    /// six of them per customer written: a bulk import of 100,000 customers spent a
    /// quarter of its time there.
    ///
    /// The table definitions are edited in place, by SQLite's documented procedure for
    /// changing constraints that existing rows satisfy (`writable_schema`, then a new
    /// `schema_version`), so no table is copied however large the database; each table
    /// is read once afterwards so that a definition SQLite could not parse fails the
    /// migration (and its transaction) instead of a later query.
    static let checkLists019 = Migration(
        identifier: "019-check-lists",
        sql: "",
        backfill: { db in
            let tables = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '% IN (%'")
            var changed: [(String, String)] = []
            for row in tables {
                guard case .text(let name) = row["name"], case .text(let sql) = row["sql"] else { continue }
                let rewritten = CheckLists.expand(sql)
                if rewritten != sql { changed.append((name, rewritten)) }
            }
            guard !changed.isEmpty else { return }
            guard let version = try db.scalarInt("PRAGMA schema_version") else { return }
            try db.execute("PRAGMA writable_schema = ON")
            for (name, sql) in changed {
                try db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", [.text(sql), .text(name)])
            }
            try db.execute("PRAGMA schema_version = \(version + 1)")
            try db.execute("PRAGMA writable_schema = OFF")
            for (name, _) in changed { _ = try db.rows("SELECT * FROM \"\(name)\" LIMIT 1") }
        }
    )
}

/// Rewrites `IN` lists of string literals in a table definition as `=` comparisons.
enum CheckLists {
    /// `kind IN ('company', 'person')` → `(kind = 'company' OR kind = 'person')`; anything
    /// else (a `NOT IN`, a list that is not all quoted literals) is left as it is.
    static func expand(_ sql: String) -> String {
        let s = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count + 256)
        var i = 0
        func isWord(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F }
        while i < s.count {
            // At " IN (": find the column before it and the literals after it.
            if i + 5 <= s.count, s[i] == 0x20, s[i + 1] == 0x49, s[i + 2] == 0x4E, s[i + 3] == 0x20, s[i + 4] == 0x28,
                let column = trailingWord(out), column.uppercased() != "NOT",
                let (values, end) = literals(s, from: i + 5)
            {
                out.removeLast(column.utf8.count)
                let chain = values.map { "\(column) = \($0)" }.joined(separator: " OR ")
                out += Array("(\(chain))".utf8)
                i = end
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)

        /// The column name just before ` IN (`, when it is all the expression: right after
        /// an opening parenthesis (`CHECK (kind IN (…`), so `a || b IN (…)` or
        /// `x COLLATE NOCASE IN (…)` are left alone.
        func trailingWord(_ bytes: [UInt8]) -> String? {
            var j = bytes.count
            while j > 0, isWord(bytes[j - 1]) { j -= 1 }
            guard j < bytes.count else { return nil }
            var k = j
            while k > 0, bytes[k - 1] == 0x20 || bytes[k - 1] == 0x0A || bytes[k - 1] == 0x09 { k -= 1 }
            guard k > 0, bytes[k - 1] == 0x28 else { return nil }
            return String(decoding: bytes[j...], as: UTF8.self)
        }
    }

    /// The quoted literals of a list starting after its `(`, and the index after its `)`.
    private static func literals(_ s: [UInt8], from start: Int) -> ([String], Int)? {
        var values: [String] = []
        var i = start
        while true {
            while i < s.count, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x09 || s[i] == 0x0D { i += 1 }
            guard i < s.count, s[i] == 0x27 else { return nil }
            var j = i + 1
            while j < s.count {
                if s[j] == 0x27 {
                    if j + 1 < s.count, s[j + 1] == 0x27 { j += 2; continue }
                    break
                }
                j += 1
            }
            guard j < s.count else { return nil }
            values.append(String(decoding: s[i...j], as: UTF8.self))
            i = j + 1
            while i < s.count, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x09 || s[i] == 0x0D { i += 1 }
            guard i < s.count else { return nil }
            if s[i] == 0x2C { i += 1; continue }
            if s[i] == 0x29 { return values.isEmpty ? nil : (values, i + 1) }
            return nil
        }
    }
}
