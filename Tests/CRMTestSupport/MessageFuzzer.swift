import Foundation

/// Seeded mutations of real rep messages, shared by the parser's, the bot's and the
/// line framer's fuzz tests: characters of every script inserted, runs dropped, doubled
/// and swapped, two messages spliced. Deterministic for a seed (SplitMix64), so a
/// failing input is reproduced by re-running.
public struct MessageFuzzer: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// How many times the fuzz tests multiply their input counts: 1 in a normal `swift test`
    /// (the short, seeded mode CI runs); `CRMBOT_FUZZ_SCALE=100` for the long mode.
    public static let scale: Int = max(1, Int(ProcessInfo.processInfo.environment["CRMBOT_FUZZ_SCALE"] ?? "") ?? 1)

    /// In the long mode, prints how many inputs a fuzz test tried (the figures the README
    /// reports); silent in the short mode.
    public static func report(_ test: String, seed: UInt64, inputs: Int) {
        // Failures are the test's own recorded issues, reported by the test runner.
        if scale > 1 { print("fuzz \(test) seed \(seed): \(inputs) inputs") }
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (0 when n < 1).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

    /// Pieces a mutation inserts: scripts, amounts and dates in reps' forms, separators,
    /// grammar syntax, zero-width and combining marks, emoji, the last code point.
    public static let pieces: [String] = [
        "王", "彤", "了", "的", "万", "亿", "号", "点", "半", "下午", "明天", "上周五", "2万4", "1w2", "3k5", "¥", "$",
        "120k", "1.5m", "-", " - ", ",", "，", "。", ":", "：", "'s", "\"", "(", ")", "[[", "]]", "{who}", "|", "#", "9",
        "12/31", "2026-02-30", "3pm", "at the", "with", "w/", "inc", "有限公司", "公司", "采购", "小", "老", "总",
        "\u{0301}", "\u{200B}", "\u{FEFF}", "\u{3000}", "😀", "🇨🇳", "\u{10FFFF}", "\t", "ʼ", "ｆｕｌｌ", "Ⅻ", "٣",
        "next", "tomorrow", "yesterday", "every", "cancel", "task", "undo", "撤销", "取消", "任务", "推迟到",
    ]

    /// `base` changed one to four times (with `other` to splice from).
    public mutating func mutate(_ base: String, _ other: String) -> String {
        var scalars = Array(base.unicodeScalars)
        for _ in 0..<(1 + below(4)) {
            switch below(7) {
            case 0, 1:
                let piece = Array(Self.pieces[below(Self.pieces.count)].unicodeScalars)
                scalars.insert(contentsOf: piece, at: below(scalars.count + 1))
            case 2:
                if !scalars.isEmpty {
                    let at = below(scalars.count)
                    scalars.removeSubrange(at..<min(scalars.count, at + 1 + below(6)))
                }
            case 3:
                if !scalars.isEmpty {
                    let at = below(scalars.count)
                    let piece = scalars[at..<min(scalars.count, at + 1 + below(8))]
                    scalars.insert(contentsOf: piece, at: below(scalars.count + 1))
                }
            case 4:
                let o = Array(other.unicodeScalars)
                scalars = Array(scalars.prefix(below(scalars.count + 1))) + Array(o.suffix(below(o.count + 1)))
            case 5:
                if scalars.count > 1 { scalars.swapAt(below(scalars.count), below(scalars.count)) }
            default:
                let piece = Self.pieces[below(Self.pieces.count)] + " "
                scalars.append(contentsOf: Array(String(repeating: piece, count: 1 + below(3)).unicodeScalars))
            }
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// The messages of the repository's labelled corpora (`Tests/Corpus/intents.tsv`, `tuning.tsv`).
    public static func corpusMessages(file: StaticString = #filePath) throws -> [String] {
        let root = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var out: [String] = []
        for name in ["Tests/Corpus/intents.tsv", "Tests/Corpus/tuning.tsv"] {
            let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                if parts.count >= 3 { out.append(String(parts[2])) }
            }
        }
        return out
    }
}
