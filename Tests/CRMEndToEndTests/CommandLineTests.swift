import CRMSupport
import Foundation
import Testing

@Suite(.serialized, .offThePool)
struct CommandLineTests {
    static func parseOutput(_ line: String) throws -> JSONValue {
        let value = try JSONValue.parse(line)
        try #require(value["intent"]?.stringValue != nil, "no intent: \(line)")
        try #require(value["slots"]?.objectValue != nil, "no slots object: \(line)")
        return value
    }

    @Test("crmbot parse TEXT prints one JSON object")
    func parseSingle() throws {
        let run = try CrmbotProcess.run(["parse", "--now", fixedNow, "called Zhou Hua yesterday about pricing"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 1, "expected one line: \(run.stdout)")
        let value = try Self.parseOutput(lines[0])
        #expect(value["intent"] == "activity.log")
        let slots = try #require(value["slots"])
        #expect(slots["type"] == "call")
        #expect(slots["who"] == "Zhou Hua")
        #expect(slots["date"] == "2026-11-21")
        // Slots that were not given are absent, never null or "".
        for (name, value) in slots.objectValue ?? [] {
            #expect(value != JSONValue.null && value != JSONValue.string(""), "slot \(name) is empty")
        }

        let zh = try CrmbotProcess.run(["parse", "--now", fixedNow, "全宇医院订了50部手机，12万"])
        #expect(zh.status == 0, "stderr: \(zh.stderr)")
        let z = try Self.parseOutput(zh.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(z["intent"] == "order.record")
        #expect(z["slots"]?["who"] == "全宇医院")
        #expect(z["slots"]?["amount"]?.intValue == 120000)
        #expect(z["slots"]?["quantity"]?.intValue == 50)
    }

    @Test("crmbot parse with no TEXT reads stdin: one JSON line per input line, in order")
    func parseBatch() throws {
        let inputs = [
            "remind me to call Zhou Hua next Tuesday",
            "全宇医院回款6万",
            "undo",
            "lol",
            "Quanyu Hospital paid 60k",
        ]
        let run = try CrmbotProcess.run(
            ["parse", "--now", fixedNow], input: Array((inputs.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == inputs.count, "\(run.stdout)")
        let intents = try lines.map { try Self.parseOutput($0)["intent"]?.stringValue }
        #expect(intents == ["task.add", "payment.record", "undo", "none", "payment.record"])
        let last = try Self.parseOutput(lines[4])
        #expect(last["slots"]?["amount"]?.intValue == 60000)
        #expect(last["slots"]?["who"] == "Quanyu Hospital")
    }

    @Test("crmbot parse over the whole corpus: one well-formed line per message")
    func parseCorpusShape() throws {
        let url = CrmbotLocation.repoRoot.appendingPathComponent("Tests/Corpus/intents.tsv")
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count >= 420)
        let known = Set(rows.map { $0[1] })
        let input = rows.map { $0[2] }.joined(separator: "\n") + "\n"
        let run = try CrmbotProcess.run(["parse", "--now", fixedNow], input: Array(input.utf8), timeout: 120)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.isEmpty }
        try #require(lines.count == rows.count, "\(lines.count) outputs for \(rows.count) messages")
        for (row, line) in zip(rows, lines) {
            let value = try Self.parseOutput(line)
            let intent = value["intent"]?.stringValue ?? ""
            #expect(known.contains(intent), "unknown intent \(intent) for \(row[2])")
        }
    }

    @Test("plain piped mode: one reply per message, separated by a blank line, exit 0 at EOF")
    func plainMode() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let args = ["--db", tmp.file("crm.sqlite").path, "--now", fixedNow, "--as", defaultUser]
        let run = try CrmbotProcess.run(
            args, input: Array("add customer Quanyu Hospital\nshow Quanyu Hospital\n帮助\n".utf8))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let blocks = run.stdout.components(separatedBy: "\n\n")
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(blocks.count == 3, "expected 3 replies: \(run.stdout)")
        #expect(run.stdout.contains("Quanyu Hospital"))
    }

    @Test("CRMBOT_NOW fixes the clock like --now")
    func envClock() throws {
        let run = try CrmbotProcess.run(
            ["parse", "called Zhou Hua yesterday"], environment: ["CRMBOT_NOW": fixedNow])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let value = try Self.parseOutput(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(value["slots"]?["date"] == "2026-11-21")
    }
}
