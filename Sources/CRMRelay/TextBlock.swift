/// The framing of the text protocol: a status line, the text, and a line
/// holding only `.`; a text line starting with `.` gets one more `.` in front
/// (dot-stuffing, as in SMTP), so `.` alone always ends a block.
///
/// A reply whose text is `Quanyu Hospital — lead` and `.net domain` goes out as:
/// ```
/// OK customer.show
/// Quanyu Hospital — lead
/// ..net domain
/// .
/// ```
public enum TextBlock {
    /// A whole block, ending in a newline.
    public static func render(status: String, text: String) -> String {
        var out = status.replacingNewlines + "\n"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(line)
            if line.last == "\r" { line = line.dropLast() }
            if line.first == "." { out += "." }
            out += line + "\n"
        }
        return out + ".\n"
    }

    /// Splits received lines into blocks (status, text), undoing the
    /// stuffing; lines after the last terminator are returned as `rest`.
    public static func parse(_ lines: [String]) -> (blocks: [(status: String, text: String)], rest: [String]) {
        var blocks: [(String, String)] = []
        var current: [String] = []
        for line in lines {
            if line == "." {
                let status = current.first ?? ""
                blocks.append((status, current.dropFirst().joined(separator: "\n")))
                current = []
            } else {
                current.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            }
        }
        return (blocks, current)
    }
}

extension String {
    fileprivate var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
