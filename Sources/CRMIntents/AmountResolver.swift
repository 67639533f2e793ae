/// Reads money amounts in base currency units.
///
/// `120k` → 120000, `1.2m` → 1200000, `¥12,000`, `12,000元`, `$5,000`,
/// `RMB 8000`, `1.5万` → 15000, `12万`, `一百二十万`, `3亿`, `8千`, `两千五`, `R$ 72.500` → 72500.
/// Currency words and signs (lexicon `currency`) may stand before or after;
/// scale suffixes (lexicon `amount_suffixes`: k, m, 万 …) may be glued to the
/// digits or separate. A leading `-` keeps its sign; absurd values resolve as
/// they are (the bot refuses them, not the parser).
struct AmountResolver: Sendable {
    let lexicon: LexiconTables
    var numbers: NumberResolver { NumberResolver(lexicon: lexicon) }

    func parse(_ w: Words, _ range: Range<Int>) -> Double? {
        var lo = range.lowerBound
        var hi = range.upperBound
        let ids = w.ids
        var sign = 1.0
        var stripped = true
        while stripped && lo < hi {
            stripped = false
            if let (_, len) = lexicon.currency.match(ids, at: lo, end: hi) {
                lo += len
                stripped = true
            }
            if lo < hi, w.texts[lo] == "-" || w.texts[lo] == "−" {
                // "settled the invoice - 18,000": a dash set apart by a space is punctuation, not a sign.
                let spaced = lo + 1 < w.spaceBefore.count && w.spaceBefore[lo + 1]
                if !spaced { sign = -sign }
                lo += 1
                stripped = true
            }
            // Currency at the end: the longest alias that ends the span.
            for len in stride(from: min(3, hi - lo), through: 1, by: -1) {
                if let m = lexicon.currency.match(ids, at: hi - len, end: hi), m.length == len {
                    hi -= len
                    stripped = true
                    break
                }
            }
        }
        guard lo < hi else { return nil }
        // "50|万" cut by a phrasing: scale words alone (万, 千, k, thousand: lexicon
        // amount_suffixes) are no amount.
        if (lo..<hi).allSatisfy({ lexicon.amountSuffixes.exact(ids, $0..<($0 + 1)) != nil }) { return nil }
        if hi - lo == 1 {
            let t = w.texts[lo]
            // "paid a 300k deposit": an article alone is never an amount.
            if t == "a" || t == "an" { return nil }
            // "R$ 72.500", "12.500 EUR": beside a currency, full stops before groups of three
            // digits part thousands (no amount of money is written to a thousandth).
            let besideCurrency = lo > range.lowerBound || hi < range.upperBound
            if besideCurrency, let v = Self.dotThousands(t) { return sign * v }
            if let v = NumberResolver.digits(t) { return sign * v }
            // Glued suffix: 120k, 1.2m, 5w.
            let bytes = Array(t.utf8)
            var split = 0
            while split < bytes.count, (0x30...0x39).contains(bytes[split]) || bytes[split] == 0x2E || bytes[split] == 0x2C {
                split += 1
            }
            guard split > 0, split < bytes.count else { return numbers.parse(w, lo..<hi).map { sign * $0 } }
            let head = String(decoding: bytes[..<split], as: UTF8.self)
            var tail = String(decoding: bytes[split...], as: UTF8.self)
            // 1w2 = 12,000, 3k5 = 3,500: one digit after the suffix counts in the next lower unit.
            var extra = 0.0
            if let last = tail.utf8.last, (0x30...0x39).contains(last), tail.utf8.count >= 2,
                !(0x30...0x39).contains(tail.utf8[tail.utf8.index(tail.utf8.endIndex, offsetBy: -2)])
            {
                extra = Double(last - 0x30)
                tail = String(tail.dropLast())
            }
            guard let v = NumberResolver.digits(head), let scale = lexicon.amountSuffixes.exact([lexicon.id(tail)], 0..<1)?.number
            else { return nil }
            return NumberResolver.bounded(sign * (v * scale + extra * scale / 10))
        }
        // Separate suffix: 120 k, 3 million (万 is also read by the number reader).
        if let scale = lexicon.amountSuffixes.exact(ids, (hi - 1)..<hi)?.number, let v = numbers.parse(w, lo..<(hi - 1)) {
            return sign * v * scale
        }
        return numbers.parse(w, lo..<hi).map { sign * $0 }
    }

    /// `72.500` → 72500, `1.250.000` → 1250000: one to three digits, then groups of a full
    /// stop and three digits; nil for anything else (`72.5`, `7.2500`).
    static func dotThousands(_ t: String) -> Double? {
        let groups = t.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } })
        else { return nil }
        return Double(groups.joined())
    }
}
