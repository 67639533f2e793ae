import CRMSupport

/// The syntax of one phrasing (`say:` line), parsed into a tree that
/// ``CompiledGrammar`` turns into a matching graph.
///
/// - `word` — a literal (han characters are matched one by one, no spaces needed)
/// - `{slot}` — a slot of the declared type; `{slot:type}` also names the type,
///   which must match the declaration; `{slot=value}` sets a vocabulary slot
///   to a fixed value without consuming text
/// - `[a b]` — optional; `[a|b]` — optionally one of several
/// - `(a|b)` — exactly one of several
/// - `<slot: a b>` — a span: matches `a b` and also captures the words it
///   covered as the (name or text) slot, so a slot may contain other slots
///   (`<what: call {who}>`); `|` inside gives alternatives
/// - punctuation literals (`:` `,`) may be left out by the writer
enum PhraseSyntax {
    indirect enum Node: Sendable {
        case literal(String)
        case slot(name: String, type: String?, fixed: String?)
        case group(alternatives: [[Node]], optional: Bool)
        case span(name: String, nodes: [Node])
    }

    struct SyntaxError: Error {
        var message: String
    }

    static func parse(_ text: String) throws(SyntaxError) -> [Node] {
        let chars = Array(text.unicodeScalars)
        var i = 0
        let nodes = try parseSequence(chars, &i, closing: nil)
        guard i == chars.count else { throw SyntaxError(message: "unexpected '\(chars[i])' in phrasing") }
        guard !nodes.isEmpty else { throw SyntaxError(message: "empty phrasing") }
        return nodes
    }

    /// Parses alternatives up to `closing` (or the end), returning them as one group
    /// node when `closing` is set, else the plain sequence.
    private static func parseSequence(
        _ c: [Unicode.Scalar], _ i: inout Int, closing: Unicode.Scalar?
    ) throws(SyntaxError) -> [Node] {
        var alternatives: [[Node]] = []
        var seq: [Node] = []
        var literal = String.UnicodeScalarView()
        func flushLiteral() {
            if !literal.isEmpty {
                seq.append(.literal(String(literal)))
                literal = String.UnicodeScalarView()
            }
        }
        while i < c.count {
            let ch = c[i]
            switch ch {
            case "{":
                flushLiteral()
                guard let close = c[i...].firstIndex(of: "}") else {
                    throw SyntaxError(message: "unbalanced '{' in phrasing")
                }
                let inner = String(String.UnicodeScalarView(c[(i + 1)..<close]))
                    .trimmingSpaces()
                if inner.isEmpty || inner.contains("{") {
                    throw SyntaxError(message: inner.isEmpty ? "empty slot '{}' in phrasing" : "unbalanced '{' in phrasing")
                }
                if let eq = inner.firstIndex(of: "=") {
                    let name = String(inner[..<eq]).trimmingSpaces()
                    let value = String(inner[inner.index(after: eq)...]).trimmingSpaces()
                    seq.append(.slot(name: name, type: nil, fixed: value))
                } else if let colon = inner.firstIndex(of: ":") {
                    let name = String(inner[..<colon]).trimmingSpaces()
                    let type = String(inner[inner.index(after: colon)...]).trimmingSpaces()
                    seq.append(.slot(name: name, type: type, fixed: nil))
                } else {
                    seq.append(.slot(name: inner, type: nil, fixed: nil))
                }
                i = close + 1
            case "}":
                throw SyntaxError(message: "unbalanced '}' in phrasing")
            case "<" where spanName(c, i) != nil:
                flushLiteral()
                guard let (name, next) = spanName(c, i) else { break }
                i = next
                let group = try parseSequence(c, &i, closing: ">")
                seq.append(.span(name: name, nodes: group))
            case ">" where closing == ">":
                flushLiteral()
                alternatives.append(seq)
                i += 1
                return [.group(alternatives: alternatives, optional: false)]
            case "[", "(":
                flushLiteral()
                i += 1
                let group = try parseSequence(c, &i, closing: ch == "[" ? "]" : ")")
                seq.append(contentsOf: group)
            case "]", ")":
                guard let closing else { throw SyntaxError(message: "unbalanced '\(ch)' in phrasing") }
                guard ch == closing else {
                    throw SyntaxError(message: "unbalanced '\(closing == "]" ? "[" : "(")' in phrasing")
                }
                flushLiteral()
                alternatives.append(seq)
                i += 1
                return [.group(alternatives: alternatives, optional: closing == "]")]
            case "|":
                guard closing != nil else { throw SyntaxError(message: "'|' outside brackets in phrasing") }
                flushLiteral()
                alternatives.append(seq)
                seq = []
                i += 1
            case " ", "\t":
                flushLiteral()
                i += 1
            default:
                literal.append(ch)
                i += 1
            }
        }
        if let closing {
            throw SyntaxError(message: "unbalanced '\(closing == "]" ? "[" : closing == ">" ? "<" : "(")' in phrasing")
        }
        flushLiteral()
        return seq
    }

    /// `<name:` at `i`: the span's slot name and the index after the colon.
    private static func spanName(_ c: [Unicode.Scalar], _ i: Int) -> (String, Int)? {
        var j = i + 1
        var name = String.UnicodeScalarView()
        while j < c.count, c[j] == "_" || (c[j].value < 0x80 && c[j].properties.isAlphabetic) {
            name.append(c[j])
            j += 1
        }
        guard !name.isEmpty, j < c.count, c[j] == ":" else { return nil }
        return (String(name), j + 1)
    }

    /// Every slot node in a phrasing (for validation).
    static func slots(in nodes: [Node]) -> [(name: String, type: String?, fixed: String?)] {
        var out: [(String, String?, String?)] = []
        for node in nodes {
            switch node {
            case .literal: break
            case .slot(let n, let t, let f): out.append((n, t, f))
            case .group(let alternatives, _):
                for a in alternatives { out.append(contentsOf: slots(in: a)) }
            case .span(let n, let inner):
                out.append((n, nil, nil))
                out.append(contentsOf: slots(in: inner))
            }
        }
        return out
    }
}

extension StringProtocol {
    /// Trims ASCII/ideographic spaces and tabs at both ends.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.unicodeScalars.first, f == " " || f == "\t" || f == "\u{3000}" || f == "\r" {
            s = Substring(s.unicodeScalars.dropFirst())
        }
        while let l = s.unicodeScalars.last, l == " " || l == "\t" || l == "\u{3000}" || l == "\r" {
            s = Substring(s.unicodeScalars.dropLast())
        }
        return String(s)
    }
}
