import CRMSupport
import Foundation
import Testing

/// contact.list through the real binary: a rep's contacts and one customer's, in both
/// languages; another rep sees none of them.
@Suite(.serialized, .offThePool)
struct ContactListEndToEndTests {
    @Test("show my contacts / 全宇医院的联系人: the rep's contacts by name; another rep sees none")
    func contactsThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in [
            "add customer Quanyu Hospital", "add contact Zhou Hua at Quanyu Hospital",
            "add contact Wang Tong at Quanyu Hospital, head of purchasing", "add customer City Clinic",
            "add contact Anna Kowalski at City Clinic",
        ] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        let mine = try li.say("show my contacts")
        #expect(mine.ok && mine.intent == "contact.list", "\(mine)")
        #expect(mine.text == """
            Your contacts (3):
            - Anna Kowalski — City Clinic
            - Wang Tong — Quanyu Hospital, head of purchasing
            - Zhou Hua — Quanyu Hospital
            """, "\(mine)")
        let one = try li.say("Quanyu Hospital的联系人")
        #expect(one.ok && one.intent == "contact.list", "\(one)")
        #expect(one.text == "Quanyu Hospital的联系人（2位）：\n- Wang Tong，head of purchasing\n- Zhou Hua", "\(one)")
        #expect(try li.finish() == 0)

        let bob = try BotSession(db: db, user: "Bob")
        let none = try bob.say("我的联系人")
        #expect(none.ok && none.intent == "contact.list" && none.data?["total"]?.intValue == 0, "\(none)")
        #expect(!none.text.contains("Wang") && !none.text.contains("Quanyu"), "\(none)")
        let other = try bob.say("contacts at Quanyu Hospital")
        #expect(!other.text.contains("Wang") && !other.text.contains("Zhou"), "\(other)")
        #expect(try bob.finish() == 0)
    }
}
