import CRMSupport
import Foundation
import Testing

/// The months-long hospital demo (`Scripts/demo/hospital-months-<lang>.txt`, also played by
/// `Scripts/demo-months.sh`): one `crmbot --json` run per "@ <time>" block with that `--now`,
/// all on one database. After three months, "who is at risk" and the briefing must name the
/// right customers for the right reasons, in English and in Chinese.
@Suite(.serialized, .offThePool)
struct HospitalMonthsTests {
    struct Block {
        var now: String
        var messages: [String]
    }

    static func blocks(_ lang: String) throws -> [Block] {
        let url = CrmbotLocation.repoRoot.appendingPathComponent("Scripts/demo/hospital-months-\(lang).txt")
        var blocks: [Block] = []
        for raw in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("@ ") {
                blocks.append(Block(now: String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces), messages: []))
            } else if !blocks.isEmpty {
                blocks[blocks.count - 1].messages.append(line)
            }
        }
        return blocks
    }

    struct Names {
        let hospital: String, clinic: String, mall: String, wangTong: String
    }

    static func names(_ lang: String) -> Names {
        lang == "zh"
            ? Names(hospital: "全宇医院", clinic: "市诊所", mall: "星光商场", wangTong: "王彤")
            : Names(hospital: "Quanyu Hospital", clinic: "City Clinic", mall: "Star Mall", wangTong: "Wang Tong")
    }

    /// customer name → the warning reasons of a risk.list reply's rows, in order.
    static func reasons(_ reply: Reply) -> [(String, [String])] {
        (reply.data?["rows"]?.arrayValue ?? []).map { row in
            (row["customer"]?.stringValue ?? "?",
                (row["warnings"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue })
        }
    }

    @Test("three months with the hospital", arguments: ["en", "zh"])
    func months(lang: String) throws {
        let blocks = try Self.blocks(lang)
        try #require(blocks.count == 5, "Scripts/demo/hospital-months-\(lang).txt: expected 5 '@' blocks")
        let tmp = try TempDir()
        defer { tmp.remove() }
        var replies: [(now: String, reply: Reply)] = []
        for block in blocks {
            let bot = try BotSession(db: tmp.file("crm.sqlite"), now: block.now)
            for m in block.messages {
                let r = try bot.say(m)
                #expect(r.ok, "\(lang) \(block.now): \(m) → \(r)")
                #expect(Language.detect(r.message) == (lang == "zh" ? .zh : .en),
                    "\(lang): \(m) answered in the other language → \(r)")
                replies.append((block.now, r))
            }
            #expect(try bot.finish() == 0)
        }
        let n = Self.names(lang)
        let risks = replies.filter { $0.reply.intent == "risk.list" }
        try #require(risks.count == 2, "two risk checks in the script")

        // 2026-10-31: only City Clinic — over its credit limit, and no order since its only one.
        #expect(Self.reasons(risks[0].reply).map(\.0) == [n.clinic])
        #expect(Self.reasons(risks[0].reply).first?.1 == ["credit_over_limit", "stopped_ordering"])

        // 2026-11-25: the key account first (55 days without a visit), then Star Mall (complaint
        // open 25 days), then City Clinic (still owes, 85 days without an order).
        let final = Self.reasons(risks[1].reply)
        #expect(final.map(\.0) == [n.hospital, n.mall, n.clinic], "\(risks[1].reply)")
        #expect(final.map(\.1) == [["key_account_no_contact"], ["complaint_open"], ["credit_over_limit", "stopped_ordering"]])
        #expect(risks[1].reply.dataContainsNumber(55))  // days without contact
        #expect(risks[1].reply.dataContainsNumber(85))  // days without an order
        #expect(risks[1].reply.dataContainsNumber(40_000))  // outstanding
        #expect(risks[1].reply.text.contains(lang == "zh" ? "重点客户已55天没有联系" : "key account with no contact for 55 days"))

        let briefing = try #require(replies.first { $0.reply.intent == "briefing" }?.reply)
        let atRisk = (briefing.data?["at_risk"]?.arrayValue ?? []).compactMap { $0["customer"]?.stringValue }
        #expect(atRisk == [n.hospital, n.mall, n.clinic], "\(briefing)")
        let reorders = (briefing.data?["reorders"]?.arrayValue ?? []).compactMap { $0["customer"]?.stringValue }
        #expect(reorders.contains(n.hospital), "\(briefing)")
        let birthdays = (briefing.data?["birthdays"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(birthdays == [n.wangTong])
        #expect(briefing.data?["due_tasks"]?.arrayValue?.count == 1)
        #expect(briefing.data?["open_complaints"]?.arrayValue?.first?["days_open"]?.intValue == 25)

        let reorder = try #require(replies.first { $0.reply.intent == "reorder.due" }?.reply)
        #expect(reorder.data?["rows"]?.arrayValue?.first?["run_out"]?.stringValue == "2026-11-30")
    }
}
