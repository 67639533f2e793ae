import CRMDomain
import CRMSupport

/// Date columns decoded straight from the bytes (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`), for
/// bulk reads: the same formats ``Row``'s accessors accept through `CivilDate(iso:)`,
/// without allocating. Anything else is a ``RowDecodingError``.
extension Statement {
    func optionalCivilDate(_ i: Int32) throws -> CivilDate? {
        try withTextBytes(i) { b in
            guard b.count == 10, let d = Self.parseDate(b) else { throw columnError(i, "not a date") }
            return d
        }
    }

    func optionalLocalDateTime(_ i: Int32) throws -> LocalDateTime? {
        try withTextBytes(i) { b in
            guard let d = Self.parseDate(b) else { throw columnError(i, "not a date-time") }
            if b.count == 10 { return LocalDateTime(date: d) }
            guard b.count == 16 || b.count == 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
                b[13] == UInt8(ascii: ":"), let h = Self.digits(b, 11, 2), let m = Self.digits(b, 14, 2),
                let t = LocalDateTime(date: d, hour: h, minute: m)
            else { throw columnError(i, "not a date-time") }
            return t
        }
    }

    /// `--MM-DD` or `MM-DD` (no year) or `YYYY-MM-DD`, as `MonthDay(iso:)` reads them.
    func optionalMonthDay(_ i: Int32) throws -> MonthDay? {
        try withTextBytes(i) { b in
            if b.count == 7, b[0] == UInt8(ascii: "-"), b[1] == UInt8(ascii: "-"), b[4] == UInt8(ascii: "-"),
                let m = Self.digits(b, 2, 2), let d = Self.digits(b, 5, 2), let md = MonthDay(month: m, day: d)
            {
                return md
            }
            if b.count == 5, b[2] == UInt8(ascii: "-"), let m = Self.digits(b, 0, 2), let d = Self.digits(b, 3, 2),
                let md = MonthDay(month: m, day: d)
            {
                return md
            }
            if b.count == 10, let date = Self.parseDate(b), let md = MonthDay(month: date.month, day: date.day, year: date.year) {
                return md
            }
            throw columnError(i, "not a month-day")
        }
    }

    /// A text column matched against a small table of enumeration values (the byte forms of
    /// their raw values), without making a String; nil for NULL, an error for anything else.
    func enumeration<E>(_ i: Int32, _ table: ByteTable<E>) throws -> E? {
        try withTextBytes(i) { b in
            for (bytes, value) in table.entries where bytes.count == b.count && bytes.elementsEqual(b) { return value }
            throw columnError(i, "unknown value")
        }
    }

    private static func parseDate(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2)
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for k in start..<(start + count) {
            let c = b[k]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
}

/// The UTF-8 bytes of each raw value of a string enumeration, for ``Statement/enumeration(_:_:)``.
struct ByteTable<E>: Sendable where E: Sendable {
    let entries: [([UInt8], E)]
}

extension ByteTable where E: CaseIterable & RawRepresentable, E.RawValue == String {
    init() { entries = E.allCases.map { (Array($0.rawValue.utf8), $0) } }
}
