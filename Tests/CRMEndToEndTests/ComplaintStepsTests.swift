import CRMSupport
import Foundation
import Testing

/// The four steps of a complaint through the real binary (domain §8, issue 9): open,
/// acknowledge, resolve, follow up, in English and Chinese; each step undone; steps out
/// of order refused; an overdue step is a warning in risk.list; another rep refused.
@Suite(.serialized, .offThePool)
struct ComplaintStepsEndToEndTests {
    @Test("complaint.acknowledge and complaint.followup: in order, undone, overdue steps warned, scope")
    func fourStepsThroughTheBinary() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        func warnings(on day: String) throws -> [String] {
            let s = try BotSession(db: db, now: day + "T09:00")
            let r = try s.say("who is at risk")
            #expect(try s.finish() == 0)
            return (r.data?["rows"]?.arrayValue ?? []).flatMap { c in
                (c["warnings"]?.arrayValue ?? []).compactMap { $0["reason"]?.stringValue }
            }
        }
        let li = try BotSession(db: db, now: "2026-11-20T09:00")
        #expect(try li.say("add customer Quanyu Hospital").ok)
        let open = try li.say("complaint from Quanyu Hospital: handsets keep dropping calls")
        #expect(open.ok && open.data?["complaint_id"]?.intValue == 1, "\(open)")
        #expect(try li.finish() == 0)
        // Two days later, still not acknowledged: a warning that says what to do.
        #expect(try warnings(on: "2026-11-22") == ["complaint_not_acknowledged"])

        let s = try BotSession(db: db)
        let early = try s.say("followed up complaint 1: all fine")
        #expect(!early.ok && early.errorCode == "not_resolved", "\(early)")
        let ack = try s.say("acknowledge complaint 1: called them, replacements on the way")
        #expect(ack.ok && ack.intent == "complaint.acknowledge", "\(ack)")
        #expect(ack.text.hasPrefix("Complaint #1 (Quanyu Hospital) acknowledged: called them, replacements on the way."), "\(ack)")
        #expect(try s.say("undo").text.contains("acknowledgement of a complaint from Quanyu Hospital"))
        let zhAck = try s.say("投诉1已确认：已经跟客户道歉")
        #expect(zhAck.ok && zhAck.intent == "complaint.acknowledge" && zhAck.text.hasPrefix("投诉#1（Quanyu Hospital）已确认：已经跟客户道歉"), "\(zhAck)")
        let twice = try s.say("acknowledge complaint 1")
        #expect(!twice.ok && twice.errorCode == "already_acknowledged", "\(twice)")
        #expect(try s.say("resolve complaint 1: replaced the handsets").ok)
        #expect(try s.finish() == 0)
        #expect(try warnings(on: "2026-11-22") == [])

        // A week after the fix, no follow-up yet: a warning; the follow-up clears it.
        #expect(try warnings(on: "2026-11-30") == ["complaint_follow_up_due"])
        let later = try BotSession(db: db, now: "2026-11-30T10:00")
        let bob = try BotSession(db: db, user: "Bob", now: "2026-11-30T10:00")
        for m in ["followed up complaint 1", "投诉1已确认", "acknowledge complaint 1"] {
            let r = try bob.say(m)
            #expect(!r.ok && r.errorCode == "not_found" && !r.message.contains("Quanyu"), "\(m) → \(r)")
        }
        #expect(try bob.finish() == 0)
        let follow = try later.say("投诉1已回访：客户很满意")
        #expect(follow.ok && follow.intent == "complaint.followup" && follow.text.contains("四个步骤都完成了"), "\(follow)")
        #expect(follow.data?["follow_up"]?.stringValue == "客户很满意")
        #expect(try later.finish() == 0)
        #expect(try warnings(on: "2026-11-30") == [])
    }
}
