import CRMSupport
import Foundation
import Testing

/// Deleting, restoring and merging customers, moving a contact and removing an alias,
/// through the real binary (issue 9): each shows what it would do and writes only after
/// a yes (delete, merge), each is undone, and another rep can neither do it nor learn
/// anything from trying.
@Suite(.serialized, .offThePool)
struct TrashEndToEndTests {
    @Test("customer.delete and customer.restore: confirmed, everything goes and comes back with its ids, undone, owner only")
    func deleteAndRestore() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in [
            "add customer City Clinic", "add contact Li Na at City Clinic", "visited Li Na yesterday: demo of the new pump",
            "City Clinic ordered 12k", "remind me to call Li Na on friday", "add customer Quanyu Hospital",
        ] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        // Another rep: an unknown name, and the customer is untouched.
        let bob = try BotSession(db: db, user: "Bob")
        let peek = try bob.say("delete customer City Clinic")
        #expect(!peek.ok && peek.errorCode == "not_found" && peek.message.hasPrefix("I don't know the customer 'City Clinic'") && !peek.message.contains("Li Na"), "\(peek)")
        // Bob adding a customer of the same name is told only that it is in another book.
        let twin = try bob.say("add customer City Clinic")
        #expect(twin.data?["question"] != nil && twin.text.hasPrefix("A customer called City Clinic is already in another rep's book."), "\(twin)")
        #expect(!twin.text.contains("Li Ming") && !twin.text.contains("#1"), "\(twin)")
        let twinYes = try bob.say("yes")
        #expect(twinYes.ok && twinYes.data?["also_elsewhere"]?.boolValue == true && twinYes.data?["customer_id"]?.intValue == 3, "\(twinYes)")
        let zhTwin = try bob.say("新建客户 Quanyu Hospital")
        #expect(zhTwin.text.hasPrefix("另一位销售的客户里已经有“Quanyu Hospital”了。"), "\(zhTwin)")
        #expect(try bob.say("否").text == "好的，没有添加。")
        let peekRestore = try bob.say("show deleted customers")
        #expect(peekRestore.ok && peekRestore.text == "There are no deleted customers for you to restore.", "\(peekRestore)")

        // The question shows what goes; "no" writes nothing.
        let ask = try li.say("delete customer City Clinic")
        #expect(ask.intent == "customer.delete" && ask.data?["question"] != nil, "\(ask)")
        #expect(ask.text.hasPrefix("Delete City Clinic (#1) with 1 contact, 1 activity, 1 order and 1 task?"), "\(ask.text)")
        let no = try li.say("no")
        #expect(no.ok && no.text == "OK, I didn't change anything.", "\(no)")
        #expect(try li.say("show City Clinic").ok)

        _ = try li.say("delete customer City Clinic")
        let yes = try li.say("yes")
        #expect(yes.ok && yes.data?["deleted"]?.boolValue == true && yes.data?["records"]?.intValue == 4, "\(yes)")
        #expect(yes.text.contains("\"restore City Clinic\" brings it back"), "\(yes)")
        // Another rep cannot restore it, nor learn it was deleted.
        let bobRestore = try bob.say("restore City Clinic")
        #expect(!bobRestore.ok && bobRestore.errorCode == "not_found" && !bobRestore.message.contains("#1"), "\(bobRestore)")
        #expect(try bob.say("show deleted customers").text == "There are no deleted customers for you to restore.")
        // Gone from the card, the contact, the task list and search.
        let card = try li.say("show City Clinic")
        #expect(!card.ok && card.errorCode == "not_found", "\(card)")
        let contact = try li.say("show Li Na")
        #expect(!contact.ok && contact.errorCode == "not_found", "\(contact)")
        let tasks = try li.say("my tasks this week")
        #expect(tasks.ok && !tasks.text.contains("Li Na"), "\(tasks)")
        let search = try li.say("search pump")
        #expect(search.ok && !search.text.contains("City Clinic"), "\(search)")

        // The list, then restore: everything back with its ids.
        let list = try li.say("show deleted customers")
        #expect(list.ok && list.intent == "customer.restore" && list.text.contains("City Clinic (#1), deleted 2026-11-22, 4 records"), "\(list)")
        let restore = try li.say("restore City Clinic")
        #expect(restore.ok && restore.data?["customer_id"]?.intValue == 1 && restore.data?["restored"]?.boolValue == true, "\(restore)")
        let back = try li.say("show City Clinic")
        #expect(back.ok && back.text.contains("Li Na") && back.text.contains("12,000"), "\(back.text)")
        #expect(try li.say("search pump").text.contains("City Clinic"))
        let again = try li.say("restore City Clinic")
        #expect(!again.ok && again.errorCode == "not_found", "\(again)")

        // Undo of the restore deletes it again; undo of the delete brings it back.
        let undoRestore = try li.say("undo")
        #expect(undoRestore.ok && undoRestore.intent == "undo", "\(undoRestore)")
        #expect(!(try li.say("show City Clinic").ok))
        #expect(try li.say("show deleted customers").text.contains("City Clinic"))
        let undoDelete = try li.say("undo")
        #expect(undoDelete.ok, "\(undoDelete)")
        #expect(try li.say("show City Clinic").ok)
        #expect(try li.say("show deleted customers").text == "There are no deleted customers for you to restore.")

        // Chinese, confirmed with 是.
        let zh = try li.say("删除客户Quanyu Hospital")
        #expect(zh.intent == "customer.delete" && zh.text.hasPrefix("删除Quanyu Hospital（#2）吗？"), "\(zh)")
        let zhYes = try li.say("是")
        #expect(zhYes.ok && zhYes.text.hasPrefix("已删除Quanyu Hospital（#2）"), "\(zhYes)")
        let zhRestore = try li.say("恢复Quanyu Hospital")
        #expect(zhRestore.ok && zhRestore.text.hasPrefix("已恢复Quanyu Hospital（#2）"), "\(zhRestore)")

        #expect(try bob.finish() == 0)
        #expect(try li.finish() == 0)
    }

    @Test("customer.merge: confirmed, records, contacts and blanks move, the old name becomes an alias, undo separates them")
    func merge() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in [
            "add customer Quanyu Hospital", "add customer Quanyu Hosp", "add contact Wang Tong at Quanyu Hosp",
            "Quanyu Hosp ordered 30k", "Quanyu Hosp's phone is 010-5555-1234", "called Wang Tong yesterday about the trial",
        ] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        let bob = try BotSession(db: db, user: "Bob")
        let peek = try bob.say("merge Quanyu Hosp into Quanyu Hospital")
        #expect(!peek.ok && peek.errorCode == "not_found" && !peek.message.contains("Wang Tong"), "\(peek)")
        #expect(try bob.finish() == 0)

        let ask = try li.say("merge Quanyu Hosp into Quanyu Hospital")
        #expect(ask.intent == "customer.merge" && ask.data?["question"] != nil, "\(ask)")
        #expect(ask.text.hasPrefix("Merge Quanyu Hosp (#2) into Quanyu Hospital (#1)? Its 1 contact, 1 activity and 1 order move"), "\(ask.text)")
        let yes = try li.say("yes")
        #expect(yes.ok && yes.data?["customer_id"]?.intValue == 1 && yes.data?["merged_id"]?.intValue == 2, "\(yes)")
        #expect(yes.text.contains("Filled in from Quanyu Hosp: phone."), "\(yes.text)")
        let card = try li.say("show Quanyu Hospital")
        #expect(card.ok && card.text.contains("Wang Tong") && card.text.contains("30,000") && card.text.contains("010-5555-1234"), "\(card.text)")
        // The old name now finds the kept customer.
        let byOldName = try li.say("show Quanyu Hosp")
        #expect(byOldName.ok && byOldName.data?["customer_id"]?.intValue == 1, "\(byOldName)")
        let same = try li.say("merge Quanyu Hosp into Quanyu Hospital")
        #expect(!same.ok && same.errorCode == "invalid", "\(same)")

        let undo = try li.say("undo")
        #expect(undo.ok && undo.intent == "undo", "\(undo)")
        let apart = try li.say("show Quanyu Hosp")
        #expect(apart.ok && apart.data?["customer_id"]?.intValue == 2 && apart.text.contains("Wang Tong"), "\(apart)")
        let kept = try li.say("show Quanyu Hospital")
        #expect(kept.ok && !kept.text.contains("Wang Tong") && !kept.text.contains("010-5555-1234"), "\(kept.text)")

        // Chinese.
        let zh = try li.say("把Quanyu Hosp合并到Quanyu Hospital")
        #expect(zh.intent == "customer.merge" && zh.text.hasPrefix("把Quanyu Hosp（#2）合并到Quanyu Hospital（#1）吗？"), "\(zh)")
        let zhYes = try li.say("好")
        #expect(zhYes.ok && zhYes.text.hasPrefix("已把Quanyu Hosp合并到Quanyu Hospital（#1）"), "\(zhYes)")
        #expect(try li.finish() == 0)
    }

    @Test("contact.move and alias.remove: one change each, undone, in both languages; another rep learns nothing")
    func moveAndAliases() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db, user: "Li Ming")
        for m in [
            "add customer Quanyu Hospital", "add customer City Clinic", "add contact Wang Tong at Quanyu Hospital",
            "Quanyu Hospital's alias is QH", "Quanyu Hospital's alias is 全宇",
        ] {
            let r = try li.say(m)
            try #require(r.ok && r.data?["question"] == nil, "\(m) → \(r)")
        }
        let move = try li.say("Wang Tong now works at City Clinic")
        #expect(move.ok && move.intent == "contact.move" && move.data?["customer_id"]?.intValue == 2, "\(move)")
        #expect(move.text == "Moved Wang Tong from Quanyu Hospital to City Clinic. What was logged with them stays at Quanyu Hospital.", "\(move.text)")
        let contacts = try li.say("contacts at City Clinic")
        #expect(contacts.ok && contacts.text.contains("Wang Tong"), "\(contacts)")
        #expect(try li.say("undo").ok)
        #expect(try li.say("contacts at Quanyu Hospital").text.contains("Wang Tong"))
        let zhMove = try li.say("把Wang Tong调到City Clinic")
        #expect(zhMove.ok && zhMove.text.hasPrefix("已把Wang Tong从Quanyu Hospital调到City Clinic"), "\(zhMove)")

        let remove = try li.say("remove alias QH from Quanyu Hospital")
        #expect(remove.ok && remove.intent == "alias.remove", "\(remove)")
        #expect(remove.text == "Quanyu Hospital is no longer known as QH (still known as 全宇).", "\(remove.text)")
        let byAlias = try li.say("show QH")
        #expect(!byAlias.ok && byAlias.errorCode == "not_found", "\(byAlias)")
        let missing = try li.say("remove alias XYZ from Quanyu Hospital")
        #expect(!missing.ok && missing.message == "Quanyu Hospital has no alias 'XYZ'. Its aliases: 全宇.", "\(missing)")
        #expect(try li.say("undo").ok)
        #expect(try li.say("show QH").ok)
        let zhRemove = try li.say("删除Quanyu Hospital的别名全宇")
        #expect(zhRemove.ok && zhRemove.text == "已删除Quanyu Hospital的别名“全宇”（其他别名：QH）。", "\(zhRemove)")

        let bob = try BotSession(db: db, user: "Bob")
        for m in ["remove alias QH from Quanyu Hospital", "move Wang Tong to City Clinic", "删除客户City Clinic"] {
            let r = try bob.say(m)
            #expect(!r.ok && r.errorCode == "not_found" && !r.message.contains("Li Ming") && !r.message.contains("全宇"), "\(m) → \(r)")
        }
        #expect(try bob.finish() == 0)
        #expect(try li.say("show QH").ok)
        #expect(try li.finish() == 0)
    }
}
