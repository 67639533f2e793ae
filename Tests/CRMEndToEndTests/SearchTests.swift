import CRMSupport
import Foundation
import Testing

/// search through the real binary: English and Chinese, names and notes, undo, and
/// another rep's records never found.
@Suite(.serialized, .offThePool)
struct SearchEndToEndTests {
    @Test("search finds names and notes in both languages; undo takes a note out; another rep finds nothing of it")
    func searchThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        do {
            let li = try BotSession(db: db, user: "Li Ming")
            for m in [
                "add customer Sunrise Dental", "log visit to Sunrise Dental: they asked about the warranty terms",
                "新建客户 阳光牙科诊所", "添加联系人 王彤 阳光牙科诊所 采购经理", "拜访了阳光牙科诊所，王彤说要先试用三个月",
            ] {
                let r = try li.say(m)
                try #require(r.ok && r.raw["data"]?["question"] == nil, "\(m) → \(r)")
            }
            let en = try li.say("search notes for warranty")
            #expect(en.ok && en.intent == "search", "\(en)")
            #expect(en.text.contains("visit Sunrise Dental: they asked about the warranty terms"), "\(en)")
            let name = try li.say("search dental")
            #expect(name.raw["data"]?["hits"]?.arrayValue?.map { $0["customer"]?.stringValue ?? "" } == ["Sunrise Dental"], "\(name)")
            let zh = try li.say("搜一下王彤")
            #expect(zh.intent == "search" && zh.text.hasPrefix("“王彤”的搜索结果："), "\(zh)")
            #expect(zh.text.contains("联系人 王彤（阳光牙科诊所，采购经理）") && zh.text.contains("王彤说要先试用三个月"), "\(zh)")
            let pair = try li.say("哪些记录提到了试用")
            #expect(pair.text.contains("拜访 阳光牙科诊所：王彤说要先试用三个月"), "\(pair)")
            // Undo the last note: it is no longer found.
            #expect(try li.say("undo").ok)
            let gone = try li.say("哪些记录提到了试用")
            #expect(gone.ok && gone.text == "你能查看的记录里没有找到“试用”。", "\(gone)")
            #expect(try li.finish() == 0)
        }
        // Another rep: none of Li Ming's records, in either language, and no hint they exist.
        let bob = try BotSession(db: db, user: "Bob")
        for q in ["search warranty", "search dental", "搜索王彤", "搜索牙科"] {
            let r = try bob.say(q)
            #expect(r.ok && r.intent == "search", "\(q) → \(r)")
            #expect(r.raw["data"]?["hits"]?.arrayValue?.isEmpty == true, "\(q) → \(r)")
            #expect(!r.text.contains("Sunrise") && !r.text.contains("阳光") && !r.text.contains("采购"), "\(q) → \(r)")
        }
        #expect(try bob.finish() == 0)
    }
}
