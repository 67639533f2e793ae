import CRMSupport

/// Reads numbers written with digits, English words or Chinese numerals.
///
/// `3`, `12,000`, `1.5`, `three`, `twenty five`, `a hundred`, `two hundred thousand`,
/// `十二`, `二十三`, `一百零五`, `一百二十万`, `三亿五千万`, `两千五` (= 2500, the
/// colloquial trailing digit), `8千`, `1.5万`. Words come from the lexicon tables
/// `number_words` (digits and English tens), `number_units` (十 百 千 hundred:
/// multiply the digit before) and `number_scales` (万 亿 thousand million:
/// multiply everything before when larger than any scale seen, else the group
/// since the last scale).
///
/// A number larger than ``largest`` (about 300 digits) is no number: nil, never
/// infinity, so no slot ever holds a value JSON cannot write.
struct NumberResolver: Sendable {
    let lexicon: LexiconTables

    /// The largest magnitude read: Double's finite range less 10^18, so that a scale
    /// word or amount suffix applied to it (10^9 at most today) stays finite.
    static let largest = Double.greatestFiniteMagnitude / 1e18

    /// `v` when its magnitude is at most ``largest`` (nil for infinity and NaN too).
    static func bounded(_ v: Double) -> Double? { v.magnitude <= largest ? v : nil }

    /// The value when all of `w[range]` form one number.
    func parse(_ w: Words, _ range: Range<Int>) -> Double? {
        guard !range.isEmpty else { return nil }
        if range.count == 1, let v = Self.digits(w.texts[range.lowerBound]) { return v }
        let ids = w.ids
        let end = range.upperBound
        var total = 0.0
        var section = 0.0
        var number: Double? = nil
        var largestScale = 0.0
        var lastUnit = 0.0  // the unit or scale right before the current digit, for 两千五
        var lastWasUnit = false
        var lastDigitWasZero = false
        var i = range.lowerBound
        while i < end {
            // twenty-five
            if w.texts[i] == "-", i > range.lowerBound, i + 1 < end, number != nil {
                i += 1
                continue
            }
            if let d = Self.digits(w.texts[i]) {
                guard number == nil || lastDigitWasZero else { return nil }
                number = d
                lastDigitWasZero = d == 0
                if !lastWasUnit { lastUnit = 0 }
                lastWasUnit = false
                i += 1
                continue
            }
            if let (entry, len) = lexicon.numberWords.match(ids, at: i, end: end), let v = entry.number {
                if let n = number, !lastDigitWasZero {
                    // English tens + ones: twenty five.
                    guard n >= 20, n < 100, n.truncatingRemainder(dividingBy: 10) == 0, v < 10 else { return nil }
                    number = n + v
                } else {
                    number = v
                    if !lastWasUnit { lastUnit = 0 }
                }
                lastDigitWasZero = v == 0
                lastWasUnit = false
                i += len
                continue
            }
            if let (entry, len) = lexicon.numberUnits.match(ids, at: i, end: end), let u = entry.number {
                section += (number ?? 1) * u
                number = nil
                lastUnit = u
                lastWasUnit = true
                lastDigitWasZero = false
                i += len
                continue
            }
            if let (entry, len) = lexicon.numberScales.match(ids, at: i, end: end), let s = entry.number {
                let group = section + (number ?? (section == 0 ? 1 : 0))
                if s > largestScale {
                    total = (total + group) * s
                    largestScale = s
                } else {
                    total += group * s
                }
                section = 0
                number = nil
                lastUnit = s
                lastWasUnit = true
                lastDigitWasZero = false
                i += len
                continue
            }
            return nil
        }
        if var n = number {
            // 两千五 = 2500, 一万二 = 12000, 2万4 = 24000, 5千5 = 5500: a bare single digit (han or
            // ASCII) right after a unit of 100 or more counts in the next lower unit.
            let last = w.texts[end - 1]
            let bareDigit = last.unicodeScalars.first?.isHan == true
                || (last.unicodeScalars.count == 1 && last.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
            if lastUnit >= 100, !lastWasUnit, bareDigit, n < 10 {
                n *= lastUnit / 10
            }
            section += n
        }
        return Self.bounded(total + section)
    }

    /// `3`, `12,000`, `1.5`, `-2` as a number; nil for anything else.
    static func digits(_ s: String) -> Double? {
        var sawDigit = false
        var negative = false
        var integer = 0.0
        var fraction = 0.0
        var scale = 1.0
        var inFraction = false
        var first = true
        var lastWasDot = false
        for c in s.utf8 {
            defer { first = false }
            switch c {
            case 0x30...0x39:
                sawDigit = true
                lastWasDot = false
                if inFraction {
                    scale /= 10
                    fraction += Double(c - 0x30) * scale
                } else {
                    integer = integer * 10 + Double(c - 0x30)
                }
            case 0x2C:  // ,
                guard sawDigit, !inFraction else { return nil }
            case 0x2E:  // .
                guard sawDigit, !inFraction else { return nil }
                inFraction = true
                lastWasDot = true
            case 0x2D:  // -
                guard first else { return nil }
                negative = true
            default:
                return nil
            }
        }
        guard sawDigit, !lastWasDot else { return nil }
        return Self.bounded(negative ? -(integer + fraction) : integer + fraction)
    }
}
