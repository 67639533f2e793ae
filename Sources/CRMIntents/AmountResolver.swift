import CRMSupport

/// Reads money amounts in base currency units.
///
/// `120k` → 120000, `1.2m` → 1200000, `¥12,000`, `12,000元`, `$5,000`,
/// `RMB 8000`, `1.5万` → 15000, `12万`, `一百二十万`, `3亿`, `8千`, `两千五`.
/// Currency words and signs (lexicon `currency`) may stand before or after;
/// scale suffixes (lexicon `amount_suffixes`: k, m, 万 …) may be glued to the
/// digits or separate. A leading `-` keeps its sign; absurd values resolve as
/// they are (the bot refuses them, not the parser).
struct AmountResolver: Sendable {
    let lexicon: Lexicon
    var numbers: NumberResolver { NumberResolver(lexicon: lexicon) }

    func parse(_ tokens: ArraySlice<String>) -> Double? {
        var toks = Array(tokens)
        let currency = lexicon["currency"]
        let suffixes = lexicon["amount_suffixes"]
        var sign = 1.0
        var stripped = true
        while stripped && !toks.isEmpty {
            stripped = false
            if let (_, len) = currency.match(toks, at: 0) {
                toks.removeFirst(len)
                stripped = true
            }
            if let first = toks.first, first == "-" || first == "−" {
                sign = -sign
                toks.removeFirst()
                stripped = true
            }
            // Currency at the end: the longest alias that ends the list.
            for len in stride(from: min(3, toks.count), through: 1, by: -1) {
                if let m = currency.match(toks, at: toks.count - len), m.length == len {
                    toks.removeLast(len)
                    stripped = true
                    break
                }
            }
        }
        guard !toks.isEmpty else { return nil }
        // Glued suffix: 120k, 1.2m, 5w.
        if toks.count == 1 {
            let t = toks[0]
            if let v = NumberResolver.digits(t) { return sign * v }
            let scalars = Array(t.unicodeScalars)
            var split = 0
            while split < scalars.count, ("0"..."9").contains(scalars[split]) || scalars[split] == "."
                || scalars[split] == ","
            {
                split += 1
            }
            guard split > 0, split < scalars.count else { return numbers.parse(toks).map { sign * $0 } }
            let head = String(String.UnicodeScalarView(scalars[..<split]))
            let tail = String(String.UnicodeScalarView(scalars[split...]))
            guard let v = NumberResolver.digits(head), let scale = suffixes.lookup([tail]).flatMap(Double.init)
            else { return nil }
            return sign * v * scale
        }
        // Separate suffix: 120 k, 3 million (also 万 handled by the number reader).
        if let last = toks.last, let scale = suffixes.lookup([last]).flatMap(Double.init),
            let v = numbers.parse(toks.dropLast())
        {
            return sign * v * scale
        }
        return numbers.parse(toks).map { sign * $0 }
    }

    func parse(_ tokens: [String]) -> Double? { parse(tokens[...]) }
}
