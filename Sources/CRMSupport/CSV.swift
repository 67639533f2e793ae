/// Comma-separated values as RFC 4180 writes them: fields separated by commas, records by
/// CRLF or LF; a field in double quotes may hold commas, line breaks and doubled quotes.
///
/// Reading is tolerant where spreadsheets are sloppy (LF or CRLF, a missing final line
/// break, blank lines skipped, spaces around a quoted field) and strict where data would be
/// lost: an unterminated quote or text after a closing quote is an error naming the line.
public enum CSV {
    /// One record and the line of the file it starts on (1-based).
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    /// A malformed record, with the line it starts on.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The records of `text`, or the first malformed one.
    public static func parse(_ text: String) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var quoted = false      // inside quotes
        var wasQuoted = false   // the current field was quoted (and closed)
        var fieldStarted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 2
                        continue
                    }
                    quoted = false
                    wasQuoted = true
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField()
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break  // the LF ends the record
            case UInt8(ascii: "\""):
                guard !wasQuoted, field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else {
                    throw ParseError(line: line, reason: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                field.removeAll()
                quoted = true
                fieldStarted = true
            case 0x20 where wasQuoted, 0x09 where wasQuoted:
                break  // spaces after a closing quote
            default:
                if wasQuoted {
                    throw ParseError(line: line, reason: "text after a closing quote")
                }
                field.append(b)
                fieldStarted = true
            }
            i += 1
        }
        if quoted { throw ParseError(line: recordLine, reason: "a quoted field is never closed") }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// `value` as one field: quoted when it holds a comma, quote, line break or leading or
    /// trailing space, or when it starts with `=`, `+`, `-` or `@` (a spreadsheet would
    /// run it as a formula: a tab is put in front, as OWASP advises for CSV injection).
    public static func field(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Double(v) == nil {
            v = "\t" + v
        }
        let needsQuotes = v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            || v.hasPrefix(" ") || v.hasSuffix(" ") || v.hasPrefix("\t")
        return needsQuotes ? "\"" + v.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\"" : v
    }

    /// One record, fields joined with commas, ending in CRLF (RFC 4180).
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
