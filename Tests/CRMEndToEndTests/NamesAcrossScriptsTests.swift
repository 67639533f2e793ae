import Foundation
import Testing

/// Names across scripts through the real binary: the tables of Intents/names/ are loaded
/// beside the grammar and handed to the store.
@Suite(.serialized)
struct NamesAcrossScriptsTests {
    func chat(_ db: URL, _ lines: [String], extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        try CrmbotProcess.run(
            ["--db", db.path, "--now", fixedNow, "--as", defaultUser] + extra,
            input: Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test("陈磊医院 is shown for 'chenlei yiyuan' and for 陳磊醫院; Wang Tong for 王彤")
    func pinyinTraditionalAndCharacters() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let run = try chat(
            tmp.file("crm.sqlite"),
            [
                "add customer 陈磊医院", "show chenlei yiyuan", "show 陳磊醫院",
                "add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital", "show 王彤",
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let replies = run.stdout.components(separatedBy: "\n\n")
        #expect(replies.count == 6, "\(run.stdout)")
        guard replies.count == 6 else { return }
        #expect(replies[1].hasPrefix("陈磊医院 #1 — company"), "\(replies[1])")
        #expect(replies[2].hasPrefix("陈磊医院 #1——企业客户"), "\(replies[2])")
        #expect(replies[5].contains("Quanyu Hospital #2") && replies[5].contains("Wang Tong"), "\(replies[5])")
    }

    /// A copy of the grammar directory with these name tables (nil: none).
    func intents(_ tmp: TempDir, pinyin: String?) throws -> URL {
        let dir = tmp.url.appendingPathComponent("Intents")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for file in ["en.grammar", "zh.grammar"] {
            try FileManager.default.copyItem(
                at: CrmbotLocation.repoRoot.appendingPathComponent("Intents/" + file), to: dir.appendingPathComponent(file))
        }
        if let pinyin {
            let names = dir.appendingPathComponent("names")
            try FileManager.default.createDirectory(at: names, withIntermediateDirectories: true)
            try pinyin.write(to: names.appendingPathComponent("pinyin.tsv"), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test("a malformed name table stops start-up with its file and line (exit 3)")
    func malformedTable() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try intents(tmp, pinyin: "# a table\n陈\tchen\n磊 lei\n")
        let run = try chat(tmp.file("crm.sqlite"), ["show chenlei"], extra: ["--intents", dir.path, "--no-model"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("names/pinyin.tsv:3: expected two fields"), "\(run.stderr)")
    }

    @Test("missing name tables are no error: names then match within their script")
    func missingTables() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try intents(tmp, pinyin: nil)
        let run = try chat(
            tmp.file("crm.sqlite"), ["add customer 陈磊医院", "show chenleiyiyuan", "show 陈磊医院"],
            extra: ["--intents", dir.path, "--no-model"])
        #expect(run.status == 0, "\(run.stderr)")
        let replies = run.stdout.components(separatedBy: "\n\n")
        #expect(replies.count == 3, "\(run.stdout)")
        guard replies.count == 3 else { return }
        #expect(!replies[1].contains("陈磊医院 #1"), "\(replies[1])")
        #expect(replies[2].hasPrefix("陈磊医院 #1"), "\(replies[2])")
    }
}
