import CRMSupport
import Foundation
import Testing

/// The committed tables (Intents/names/), read from the source tree.
enum NameTables {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Intents/names")

    static let scripts: NameScripts = {
        let pinyin = try! String(contentsOf: directory.appendingPathComponent("pinyin.tsv"), encoding: .utf8)
        let simplified = try! String(contentsOf: directory.appendingPathComponent("simplified.tsv"), encoding: .utf8)
        return try! NameScripts(pinyinTable: pinyin, simplifiedTable: simplified)
    }()
}

@Suite struct NameScriptsTests {
    let scripts = NameTables.scripts

    @Test func simplifiedCharactersKeyToTheirPinyin() {
        #expect(scripts.key(of: "陈磊") == "chenlei")
        #expect(scripts.key(of: "王彤") == "wangtong")
        #expect(scripts.key(of: "全宇医院") == "quanyuyiyuan")
        #expect(scripts.key(of: "吕") == "lv")
    }

    @Test func traditionalCharactersKeyLikeSimplifiedOnes() {
        #expect(scripts.simplified("陳磊") == "陈磊")
        #expect(scripts.simplified("醫院 Wang") == "医院 Wang")
        #expect(scripts.key(of: "陳磊") == "chenlei")
        #expect(scripts.key(of: "陳磊醫院") == scripts.key(of: "陈磊医院"))
    }

    @Test func pinyinIgnoresSpacesCaseTonesAndPunctuation() {
        for typed in ["chenlei", "Chen Lei", "CHEN  LEI", "chen-lei", "Chén Lěi", "ｃｈｅｎ　ｌｅｉ"] {
            #expect(scripts.key(of: typed) == "chenlei", "\(typed)")
        }
        #expect(scripts.key(of: "Lü Wei") == "lvwei")
        #expect(scripts.key(of: "Lv Wei") == "lvwei")
    }

    @Test func mixedScriptsAndDigits() {
        #expect(scripts.key(of: "陈磊 Hospital 2") == "chenleihospital2")
        #expect(scripts.key(of: "Wang 彤") == "wangtong")
        #expect(scripts.key(of: "…!") == "")
    }

    @Test func withoutTablesLatinStillKeysAndHanStaysAsItIs() {
        #expect(NameScripts.empty.key(of: "Chen Lei") == "chenlei")
        #expect(NameScripts.empty.key(of: "陈磊") == "陈磊")
        #expect(NameScripts.empty.simplified("陳") == "陳")
    }

    @Test func tablesAreSizedAsGenerated() {
        #expect(scripts.pinyin.count > 20_000)
        #expect(scripts.simplifiedForms.count > 2_000)
    }

    @Test func malformedLinesNameTheirFileAndLine() {
        func error(_ pinyin: String, _ simplified: String = "") -> String? {
            do {
                _ = try NameScripts(pinyinTable: pinyin, simplifiedTable: simplified, pinyinPath: "p.tsv", simplifiedPath: "s.tsv")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error("# header\n陈\tchen\n") == nil)
        #expect(error("# header\n陈 chen\n") == "p.tsv:2: expected two fields separated by one tab")
        #expect(error("陈\tChén\n")?.hasPrefix("p.tsv:1: pinyin") == true)
        #expect(error("ab\tchen\n") == "p.tsv:1: 'ab' is not one Han character")
        #expect(error("陈\tchen\n陈\tchen\n") == "p.tsv:2: 陈 is listed twice")
        #expect(error("", "\n陳\tchen\n") == "s.tsv:2: 'chen' is not one Han character")
    }

    /// Stores keep the fingerprint beside their keys and re-key every name when it changes,
    /// so its value must never move for the same tables (pinned: FNV-1a over
    /// "p<char>\t<pinyin>" and "s<traditional>\t<simplified>", summed).
    @Test func fingerprintIsStableAndLineEndingsDoNotMatter() throws {
        let lf = try NameScripts(pinyinTable: "# c\n王\twang\n陈\tchen\n", simplifiedTable: "陳\t陈\n")
        #expect(lf.fingerprint == "2/1/b7c495c412c44b9")
        let crlf = try NameScripts(pinyinTable: "# c\r\n王\twang\r\n\r\n陈\tchen", simplifiedTable: "陳\t陈\r\n")
        #expect(crlf == lf)
        #expect(crlf.key(of: "陳王") == "chenwang")
    }
}
