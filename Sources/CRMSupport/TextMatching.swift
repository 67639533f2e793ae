/// Text helpers shared by the intent engine and name resolution.
public enum TextMatching {
    /// Folds a string for matching: lowercase ASCII, full-width ASCII to
    /// half-width, ideographic space and runs of white space to one space,
    /// control characters dropped, trimmed.
    public static func fold(_ s: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for var scalar in s.unicodeScalars {
            // Full-width forms (！ to ～) to ASCII.
            if (0xFF01...0xFF5E).contains(scalar.value), let a = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalar = a
            }
            if scalar == "\u{3000}" || scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            if (0x41...0x5A).contains(scalar.value), let lower = Unicode.Scalar(scalar.value + 32) {
                out.append(lower)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Damerau–Levenshtein (optimal string alignment) distance over unicode
    /// scalars, giving up early: returns `limit + 1` as soon as the distance
    /// must exceed `limit`.
    public static func editDistance(_ a: some StringProtocol, _ b: some StringProtocol, limit: Int = .max) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > limit { return limit == .max ? abs(x.count - y.count) : limit + 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            swap(&prev2, &prev)
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
