#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CRMSupport

/// Reads and validates grammar files.
///
/// File format (also in `docs/grammar.md` and the header of every grammar file):
///
/// ```
/// # comment
/// language en
///
/// vocab activity_type            # an enumeration: value: surface words
///   visit: visit, visited, site visit
///
/// lexicon relative_days          # words for the resolvers
///   1: tomorrow, tmrw
///
/// intent activity.log
///   slots: type:activity_type*, who:name*, date:date, note:text
///   summary: Log a visit, call or other contact
///   example: log visit to Wang Tong: discussed the trial
///   say: log [a|an] {type} [(to|with) {who}] [{date}] [: {note}]
/// ```
///
/// Validation refuses, with file and line: unknown slot types, slots used but
/// not declared, unbalanced brackets, duplicate intents within a language,
/// intent names outside ``IntentCatalog``, fixed values outside their
/// vocabulary, empty phrasings, aliases mapped to two values in one table, and
/// unknown lexicon tables.
enum GrammarLoader {
    /// Reads every `*.grammar` file in `directory` (sorted by name).
    static func readDirectory(_ directory: String) throws(GrammarError) -> [(path: String, text: String)] {
        guard let names = fileNames(in: directory, where: { $0.hasSuffix(".grammar") }) else {
            throw GrammarError(path: directory, line: 0, message: "cannot open grammar directory (errno \(errno))")
        }
        guard !names.isEmpty else {
            throw GrammarError(path: directory, line: 0, message: "no .grammar files in directory")
        }
        var out: [(path: String, text: String)] = []
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            out.append((path, try readFile(path)))
        }
        return out
    }

    /// The names of the files in `directory` that `matches` accepts (never hidden
    /// ones), sorted; nil when the directory cannot be opened.
    static func fileNames(in directory: String, where matches: (String) -> Bool) -> [String]? {
        guard let dir = opendir(directory) else { return nil }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if !name.hasPrefix(".") && matches(name) { names.append(name) }
        }
        closedir(dir)
        return names.sorted()
    }

    static func readFile(_ path: String) throws(GrammarError) -> String {
        guard let text = String(validating: try readBytes(path), as: UTF8.self) else {
            throw GrammarError(path: path, line: 0, message: "file is not valid UTF-8")
        }
        return text
    }

    static func readBytes(_ path: String) throws(GrammarError) -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw GrammarError(path: path, line: 0, message: "cannot open file (errno \(errno))")
        }
        defer { fclose(f) }
        // Read straight into one buffer of the file's size (a 13 MB model file was copied
        // chunk by chunk before), growing it if the file grew meanwhile.
        var size = 65536
        if fseek(f, 0, SEEK_END) == 0 {
            let end = ftell(f)
            // (A directory reports a huge size: it fails at the first read instead.)
            if end > 0, end < Int(Int32.max) { size = end + 1 }
            rewind(f)
        }
        // Not zeroed first: zeroing a model file's megabytes only to overwrite them cost
        // page faults at every start.
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { raw, initialized in
            initialized = fread(raw.baseAddress, 1, raw.count, f)
        }
        // The file may have grown since it was measured: read what is left.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while ferror(f) == 0 {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        guard ferror(f) == 0 else { throw GrammarError(path: path, line: 0, message: "read error (errno \(errno))") }
        return bytes
    }

    /// Parses and validates all sources together.
    static func load(_ sources: [(path: String, text: String)]) throws(GrammarError) -> Grammar {
        var grammar = Grammar()
        var pendingVocab: [(path: String, line: Int, table: String, key: String, aliases: [String])] = []
        // Pass 1: structure.
        for source in sources {
            try parseFile(source.path, source.text, into: &grammar, vocab: &pendingVocab)
        }
        // Vocabularies and lexicon tables, checking alias collisions.
        for entry in pendingVocab {
            let isLexicon = entry.table.hasPrefix("lexicon:")
            let name = isLexicon ? String(entry.table.dropFirst(8)) : entry.table
            var table = isLexicon ? grammar.lexicon.tables[name] ?? WordTable(name: name)
                : grammar.vocabularies[name] ?? WordTable(name: name)
            table.addKey(entry.key)
            for alias in entry.aliases {
                let toks = Tokenizer.words(alias)
                if let other = table.add(key: entry.key, alias: toks) {
                    throw GrammarError(
                        path: entry.path, line: entry.line,
                        message: "alias '\(alias)' maps to both '\(other)' and '\(entry.key)' in \(isLexicon ? "lexicon" : "vocabulary") '\(name)'")
                }
            }
            if isLexicon { grammar.lexicon.tables[name] = table } else { grammar.vocabularies[name] = table }
        }
        try validate(&grammar)
        return grammar
    }

    private static func parseFile(
        _ path: String, _ text: String, into grammar: inout Grammar,
        vocab: inout [(path: String, line: Int, table: String, key: String, aliases: [String])]
    ) throws(GrammarError) {
        enum Block {
            case none
            case table(String)  // vocab name or "lexicon:NAME"
            case intent(Int)
        }
        var language: Language?
        var block = Block.none
        var seenIntents: [String: Int] = [:]
        var lineNo = 0
        // Lines split on the byte, not the Character: faster (no grapheme breaking), and a
        // file saved with CRLF line ends splits too ("\r\n" is one Character).
        for rawBytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let rawLine = Substring(rawBytes)
            lineNo += 1
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ message: String) -> GrammarError { GrammarError(path: path, line: lineNo, message: message) }
            let (head, rest) = splitHead(line)
            switch head {
            case "language":
                guard let l = Language(rawValue: rest) else { throw fail("unknown language '\(rest)' (use en or zh)") }
                guard language == nil else { throw fail("language declared twice") }
                language = l
                block = .none
                continue
            case "vocab", "lexicon":
                guard language != nil else { throw fail("'language' must come before any block") }
                guard isIdentifier(rest) else { throw fail("bad \(head) name '\(rest)'") }
                if head == "lexicon" && Lexicon.knownTables[rest] == nil {
                    throw fail("unknown lexicon '\(rest)'")
                }
                block = .table(head == "lexicon" ? "lexicon:" + rest : rest)
                continue
            case "intent":
                guard let language else { throw fail("'language' must come before any block") }
                guard IntentCatalog.nameSet.contains(rest) else {
                    throw fail("unknown intent '\(rest)' (not in the catalog)")
                }
                if let first = seenIntents[rest] {
                    throw fail("duplicate intent '\(rest)' in language \(language.rawValue) (first at line \(first))")
                }
                seenIntents[rest] = lineNo
                grammar.intents.append(IntentDecl(name: rest, language: language, path: path, line: lineNo))
                block = .intent(grammar.intents.count - 1)
                continue
            default:
                break
            }
            guard let colon = line.firstIndex(of: ":") else { throw fail("expected 'key: value' but found '\(line)'") }
            let key = String(line[..<colon]).trimmingSpaces()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            switch block {
            case .none:
                throw fail("line outside any intent, vocab or lexicon block")
            case .table(let table):
                guard !key.isEmpty else { throw fail("empty value name") }
                let aliases = value.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
                vocab.append((path, lineNo, table, key, aliases))
            case .intent(let index):
                switch key {
                case "slots":
                    guard grammar.intents[index].slotsLine == 0 else { throw fail("slots declared twice") }
                    grammar.intents[index].slotsLine = lineNo
                    grammar.intents[index].slots = try parseSlotList(value, fail)
                case "summary":
                    grammar.intents[index].summary = value
                case "example":
                    guard !value.isEmpty else { throw fail("empty example") }
                    grammar.intents[index].examples.append(value)
                case "say":
                    let nodes: [PhraseSyntax.Node]
                    do { nodes = try PhraseSyntax.parse(value) } catch { throw fail(error.message) }
                    grammar.intents[index].phrasings.append(PhrasingDecl(nodes: nodes, line: lineNo))
                case "whole":
                    guard isIdentifier(value) else { throw fail("bad slot name '\(value)' in whole") }
                    grammar.intents[index].whole = value
                case "coerce":
                    grammar.intents[index].coercions.append(try parseCoerce(value, fail))
                case "cue":
                    let name = grammar.intents[index].name
                    guard IntentCatalog.readOnly.contains(name) else {
                        throw fail("cue: is only allowed on intents that change nothing, not on '\(name)'")
                    }
                    let cues = value.split(separator: ",").map { TextMatching.fold($0) }.filter { !$0.isEmpty }
                    guard !cues.isEmpty else { throw fail("empty cue list") }
                    grammar.intents[index].cues.append(contentsOf: cues)
                default:
                    throw fail("unknown directive '\(key)' (use slots, summary, example, say, coerce, whole or cue)")
                }
            }
        }
        if language == nil {
            throw GrammarError(path: path, line: 0, message: "missing 'language en' or 'language zh' line")
        }
    }

    /// `type:activity_type*, who:name*, needs:need+`; types are checked later.
    private static func parseSlotList(
        _ text: String, _ fail: (String) -> GrammarError
    ) throws(GrammarError) -> [SlotDecl] {
        var out: [SlotDecl] = []
        for part in text.split(separator: ",") {
            var item = part.trimmingSpaces()
            if item.isEmpty { continue }
            var required = false
            if item.hasSuffix("*") {
                required = true
                item.removeLast()
            }
            let pieces = item.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw fail("bad slot declaration '\(item)' (use name:type)") }
            let name = pieces[0].trimmingSpaces()
            var typeName = pieces[1].trimmingSpaces()
            let list = typeName.hasSuffix("+")
            if list { typeName.removeLast() }
            guard isIdentifier(name) else { throw fail("bad slot name '\(name)'") }
            if out.contains(where: { $0.name == name }) { throw fail("slot '\(name)' declared twice") }
            // Placeholder vocab type; resolved in validate().
            out.append(SlotDecl(name: name, type: list ? .vocabList(typeName) : .vocab(typeName), required: required))
        }
        return out
    }

    /// `value as amount if field in credit_limit, cost`
    private static func parseCoerce(_ text: String, _ fail: (String) -> GrammarError) throws(GrammarError) -> CoerceRule {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard words.count >= 7, words[1] == "as", words[3] == "if", words[5] == "in" else {
            throw fail("bad coerce rule (use: coerce: SLOT as TYPE if SLOT in VALUE, VALUE)")
        }
        return CoerceRule(slot: words[0], type: .vocab(words[2]), whenSlot: words[4], values: Array(words[6...]))
    }

    private static func validate(_ grammar: inout Grammar) throws(GrammarError) {
        let vocabNames = Set(grammar.vocabularies.keys)
        var declarations: [String: (slots: [SlotDecl], path: String, line: Int)] = [:]
        for index in grammar.intents.indices {
            var intent = grammar.intents[index]
            func fail(_ line: Int, _ message: String) -> GrammarError {
                GrammarError(path: intent.path, line: line, message: message)
            }
            // Resolve slot types.
            for k in intent.slots.indices {
                let (raw, list): (String, Bool) = {
                    switch intent.slots[k].type {
                    case .vocabList(let n): return (n, true)
                    case .vocab(let n): return (n, false)
                    default: return ("", false)
                    }
                }()
                guard let t = SlotType(name: raw, list: list, vocabularies: vocabNames) else {
                    throw fail(intent.slotsLine, "unknown slot type '\(raw)' for slot '\(intent.slots[k].name)'")
                }
                intent.slots[k].type = t
            }
            for c in intent.coercions.indices {
                guard case .vocab(let raw) = intent.coercions[c].type,
                    let t = SlotType(name: raw, list: false, vocabularies: vocabNames)
                else { throw fail(intent.line, "unknown slot type in coerce rule") }
                intent.coercions[c].type = t
                guard intent.slots.contains(where: { $0.name == intent.coercions[c].slot }),
                    intent.slots.contains(where: { $0.name == intent.coercions[c].whenSlot })
                else { throw fail(intent.line, "coerce rule names a slot that is not declared") }
            }
            if let previous = declarations[intent.name] {
                if previous.slots != intent.slots {
                    throw fail(
                        intent.slotsLine,
                        "slots of '\(intent.name)' differ from the declaration at \(previous.path):\(previous.line)")
                }
            } else {
                declarations[intent.name] = (intent.slots, intent.path, intent.slotsLine)
            }
            for phrasing in intent.phrasings {
                for used in PhraseSyntax.slots(in: phrasing.nodes) {
                    guard let decl = intent.slots.first(where: { $0.name == used.name }) else {
                        if let t = used.type, SlotType(name: t, list: false, vocabularies: vocabNames) == nil,
                            !t.hasSuffix("+")
                        {
                            throw fail(phrasing.line, "unknown slot type '\(t)' in phrasing")
                        }
                        throw fail(phrasing.line, "slot '\(used.name)' used in a phrasing but not declared")
                    }
                    if let t = used.type {
                        let list = t.hasSuffix("+")
                        guard let ut = SlotType(name: list ? String(t.dropLast()) : t, list: list, vocabularies: vocabNames)
                        else { throw fail(phrasing.line, "unknown slot type '\(t)' in phrasing") }
                        guard ut == decl.type else {
                            throw fail(phrasing.line, "slot '\(used.name)' is declared as \(decl.type) but used as \(t)")
                        }
                    }
                    if let value = used.fixed {
                        guard let v = decl.type.vocabularyName, let table = grammar.vocabularies[v] else {
                            throw fail(phrasing.line, "fixed value for slot '\(used.name)' which is not a vocabulary slot")
                        }
                        guard table.contains(key: value) else {
                            throw fail(phrasing.line, "value '\(value)' is not in vocabulary '\(v)'")
                        }
                    }
                }
            }
            if let w = intent.whole, !intent.slots.contains(where: { $0.name == w }) {
                throw fail(intent.line, "slot '\(w)' named in 'whole' is not declared")
            }
            for rule in intent.coercions {
                if let v = intent.slots.first(where: { $0.name == rule.whenSlot })?.type.vocabularyName,
                    let table = grammar.vocabularies[v]
                {
                    for value in rule.values where !table.contains(key: value) {
                        throw fail(intent.line, "value '\(value)' is not in vocabulary '\(v)'")
                    }
                }
            }
            grammar.intents[index] = intent
        }
    }

    private static func splitHead(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), String(line[space...]).trimmingSpaces())
    }

    private static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ($0.value < 0x80 && ($0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39))) || $0 == "_" || $0 == "." }
    }
}
