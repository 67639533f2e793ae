import CRMSupport
import Foundation
import Testing

/// Referrals through the real binary (issue 9): a person at a company becomes that
/// company's contact (the company a new lead when unknown), the same referral said
/// twice is one referral, undo takes it back, and another rep learns nothing.
@Suite(.serialized, .offThePool)
struct ReferralEndToEndTests {
    @Test("a referral of a person at a company, in English and Chinese: contact at the company, kept once, undone")
    func referralsThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in ["add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital", "新建客户 全宇医院二部"] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        func contacts(_ company: String) throws -> [String] {
            let r = try li.say("contacts at \(company)")
            #expect(r.ok && r.intent == "contact.list", "\(r)")
            return (r.data?["contacts"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        }

        // English: the company is new, so it is a lead with the person as its contact.
        let first = try li.say("Wang Tong referred Kevin Wu of Sunrise Dental")
        #expect(first.ok && first.intent == "referral.log", "\(first)")
        #expect(first.data?["new_lead"]?.boolValue == true && first.data?["repeated"]?.boolValue == false, "\(first)")
        #expect(first.text.contains("Sunrise Dental is new") && first.text.contains("Kevin Wu as its contact"), "\(first)")
        #expect(try contacts("Sunrise Dental") == ["Kevin Wu"])
        let card = try li.say("show Sunrise Dental")
        #expect(card.ok && card.data?["stage"]?.stringValue == "lead", "\(card)")

        // Said again: one referral, nothing written, the reply says so.
        let again = try li.say("Wang Tong referred Kevin Wu of Sunrise Dental")
        #expect(again.ok && again.data?["repeated"]?.boolValue == true, "\(again)")
        #expect(again.text.contains("already on record") && again.data?["referral_id"] == first.data?["referral_id"], "\(again)")
        #expect(try contacts("Sunrise Dental") == ["Kevin Wu"])
        // Undo takes back the first (the repeat wrote nothing): company, contact and referral go.
        let undo = try li.say("undo")
        #expect(undo.ok && undo.intent == "undo", "\(undo)")
        let gone = try li.say("show Sunrise Dental")
        #expect(undo.text.contains("referral of Sunrise Dental"), "\(undo)")
        #expect(!gone.ok && gone.errorCode == "not_found", "\(gone)")

        // Chinese, at a company on record: the person joins its contacts.
        let zh = try li.say("王彤介绍了全宇医院二部的吴凯")
        #expect(zh.ok && zh.intent == "referral.log" && zh.data?["new_lead"]?.boolValue == false, "\(zh)")
        #expect(zh.text.contains("吴凯已作为联系人记在客户卡上"), "\(zh)")
        #expect(try contacts("全宇医院二部") == ["吴凯"])
        let zhAgain = try li.say("王彤介绍了全宇医院二部的吴凯")
        #expect(zhAgain.ok && zhAgain.text.contains("这条转介绍已经记过了"), "\(zhAgain)")

        // Another rep: Li Ming's referrer is not found, and nothing of it shows.
        let bob = try BotSession(db: db, user: "Bob")
        let peek = try bob.say("Wang Tong referred Amy Lin of Quanyu Hospital")
        #expect(!peek.ok && !peek.text.contains("Li Ming") && !peek.text.contains("全宇"), "\(peek)")
        #expect(try bob.finish() == 0)
        #expect(try contacts("Quanyu Hospital") == ["Wang Tong"])
        #expect(try li.finish() == 0)
    }
}
