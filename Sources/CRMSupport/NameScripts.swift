/// Names across scripts: one key for a name written in Chinese characters (simplified or
/// traditional) or in toneless pinyin, so 陈磊, 陳磊, "Chen Lei" and "chenlei" all key to
/// "chenlei". Built from the tables in `Intents/names/` (generated from Unicode's Unihan
/// data by `Scripts/gen-name-tables.py`); pure, the caller reads the files.
///
/// The key is a fallback for name lookup, ranked below an exact match: it forgets tones,
/// spaces, case and punctuation, and a character with several readings is keyed by its
/// first (kMandarin) reading only.
public struct NameScripts: Sendable, Equatable {
    /// Han character → toneless pinyin (ü as v).
    public private(set) var pinyin: [Unicode.Scalar: String]
    /// Traditional character → simplified character.
    public private(set) var simplifiedForms: [Unicode.Scalar: Unicode.Scalar]

    /// No tables: keys keep Han characters as they are, latin names still match without spaces and case.
    public static let empty = NameScripts(pinyin: [:], simplified: [:])

    /// Identifies the tables' content (not their order): a store keeps it beside its keys and
    /// recomputes them when the tables change.
    public private(set) var fingerprint: String

    public init(pinyin: [Unicode.Scalar: String], simplified: [Unicode.Scalar: Unicode.Scalar]) {
        self.pinyin = pinyin
        self.simplifiedForms = simplified
        // FNV-1a of "p<char>\t<pinyin>" and "s<traditional>\t<simplified>", summed; hashed
        // a byte at a time without building the strings.
        func fnv(_ tag: UInt8, _ key: Unicode.Scalar, _ value: some Sequence<UInt8>) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            mix(tag)
            for b in key.utf8 { mix(b) }
            mix(0x09)
            for b in value { mix(b) }
            return h
        }
        var sum: UInt64 = 0
        for (k, v) in pinyin { sum &+= fnv(UInt8(ascii: "p"), k, v.utf8) }
        for (k, v) in simplified { sum &+= fnv(UInt8(ascii: "s"), k, v.utf8) }
        fingerprint = "\(pinyin.count)/\(simplified.count)/" + String(sum, radix: 16)
    }

    /// Every toneless syllable of the pinyin table ("li", "wei", "zhou").
    public var syllables: Set<String> { Set(pinyin.values) }

    /// Parses the two tables' text (`char<TAB>pinyin` and `traditional<TAB>simplified`, one
    /// per line; `#` comments and blank lines skipped). `pinyinPath` and `simplifiedPath`
    /// only name the tables in errors.
    public init(
        pinyinTable: String, simplifiedTable: String, pinyinPath: String = "pinyin.tsv",
        simplifiedPath: String = "simplified.tsv"
    ) throws(NameTableError) {
        var pinyin: [Unicode.Scalar: String] = [:]
        pinyin.reserveCapacity(pinyinTable.utf8.count / 8)
        try Self.parse(pinyinTable, path: pinyinPath) { (key, value) throws(NameTableLineError) in
            guard !value.isEmpty, value.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else {
                throw NameTableLineError("pinyin '\(value)' is not lowercase toneless latin letters")
            }
            guard pinyin.updateValue(value, forKey: key) == nil else { throw NameTableLineError("\(key) is listed twice") }
        }
        var simplified: [Unicode.Scalar: Unicode.Scalar] = [:]
        try Self.parse(simplifiedTable, path: simplifiedPath) { (key, value) throws(NameTableLineError) in
            guard value.unicodeScalars.count == 1, let s = value.unicodeScalars.first, s.isHan else {
                throw NameTableLineError("'\(value)' is not one Han character")
            }
            guard simplified.updateValue(s, forKey: key) == nil else { throw NameTableLineError("\(key) is listed twice") }
        }
        self.init(pinyin: pinyin, simplified: simplified)
    }

    private static func parse(
        _ text: String, path: String, _ add: (Unicode.Scalar, String) throws(NameTableLineError) -> Void
    ) throws(NameTableError) {
        // Byte by byte: the pinyin table has 26,000 lines and is read at every start.
        var failure: NameTableError?
        var text = text
        text.withUTF8 { bytes in
            var number = 0
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                number += 1
                let lineStart = start
                var lineEnd = end
                start = end + 1
                if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd == lineStart || bytes[lineStart] == UInt8(ascii: "#") { continue }
                var tab = -1
                var tabs = 0
                for i in lineStart..<lineEnd where bytes[i] == 0x09 {
                    if tabs == 0 { tab = i }
                    tabs += 1
                }
                guard tabs == 1 else {
                    failure = NameTableError(path: path, line: number, message: "expected two fields separated by one tab")
                    return
                }
                let keyText = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<tab]), as: UTF8.self)
                let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<lineEnd]), as: UTF8.self)
                let scalars = keyText.unicodeScalars
                guard let key = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex, key.isHan else {
                    failure = NameTableError(path: path, line: number, message: "'\(keyText)' is not one Han character")
                    return
                }
                do throws(NameTableLineError) {
                    try add(key, value)
                } catch {
                    failure = NameTableError(path: path, line: number, message: error.message)
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// `s` with every traditional character replaced by its simplified form.
    public func simplified(_ s: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(simplifiedForms[scalar] ?? scalar) }
        return String(out)
    }

    /// The name's script-free key: folded (``TextMatching/fold(_:)``), traditional to
    /// simplified, each Han character to its pinyin (one without a reading stays as it is),
    /// latin letters and digits kept (tone marks dropped, ü as v), everything else (spaces,
    /// punctuation) dropped. 陈磊, 陳磊, "Chen Lei", "chén lěi" → "chenlei".
    public func key(of name: some StringProtocol) -> String {
        var out = ""
        for scalar in TextMatching.fold(name).unicodeScalars {
            let s = simplifiedForms[scalar] ?? scalar
            if let p = pinyin[s] {
                out += p
            } else if s.isHan {
                out.unicodeScalars.append(s)
            } else if s.isASCII {
                if ("a"..."z").contains(s) || ("0"..."9").contains(s) { out.unicodeScalars.append(s) }
            } else if let base = Self.toneless[s] {
                out.unicodeScalars.append(base)
            }
        }
        return out
    }

    /// Pinyin vowels with tone marks (and ü) as typed, lower and upper case.
    private static let toneless: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        let rows: [(Unicode.Scalar, String)] = [
            ("a", "āáǎàĀÁǍÀ"), ("e", "ēéěèêĒÉĚÈÊ"), ("i", "īíǐìĪÍǏÌ"), ("o", "ōóǒòŌÓǑÒ"), ("u", "ūúǔùŪÚǓÙ"),
            ("v", "üǖǘǚǜÜǕǗǙǛ"),
        ]
        for (base, marked) in rows { for m in marked.unicodeScalars { map[m] = base } }
        return map
    }()
}

/// A malformed line in a name table.
public struct NameTableError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based; 0 for the whole file (unreadable).
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

/// One table line's problem, before its location is known.
struct NameTableLineError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
