import CRMSupport
import Foundation
import Testing

/// Repeating tasks through the real binary (issue 9): every two weeks, on the month's
/// last day, and until a day, in both languages.
@Suite(.serialized, .offThePool)
struct RecurrenceEndToEndTests {
    @Test("every two weeks until a day: each done task brings the next, the last says so")
    func everyTwoWeeksUntil() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let li = try BotSession(db: tmp.file("crm.sqlite"), user: "Li Ming")
        let add = try li.say("remind me every 2 weeks to check the stock until dec 20")
        #expect(add.ok && add.data?["repeat"]?.stringValue == "biweekly" && add.data?["repeat_until"]?.stringValue == "2026-12-20", "\(add)")
        #expect(add.text.contains("(repeats every two weeks until 2026-12-20)"), "\(add.text)")
        var dues: [String] = []
        var ref = try #require(add.data?["task_id"]?.intValue)
        while true {
            let done = try li.say("done task \(ref)")
            try #require(done.ok, "\(done)")
            guard let next = done.data?["next_task_id"]?.intValue else {
                #expect(done.data?["repeat_ended"]?.boolValue == true && done.text.contains("That was the last one"), "\(done)")
                break
            }
            dues.append(done.data?["next_due"]?.stringValue ?? "")
            ref = next
            try #require(dues.count < 5, "the task never stopped repeating: \(dues)")
        }
        #expect(dues == ["2026-12-06", "2026-12-20"])
        // Stopping before the first time it is due is refused, not written.
        let tooEarly = try li.say("every friday call Wang Tong until tomorrow")
        #expect(!tooEarly.ok && tooEarly.errorCode == "invalid" && tooEarly.message.hasPrefix("It would stop repeating (2026-11-23) before it is first due (2026-11-27)."), "\(tooEarly)")
        #expect(try li.finish() == 0)
    }

    @Test("the month's last day, in Chinese, until a day: Nov 30, Dec 31, Jan 31, Feb 28, then no more")
    func monthEnd() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let li = try BotSession(db: tmp.file("crm.sqlite"), user: "Li Ming")
        let add = try li.say("每月底提醒我寄对账单，到2月28日为止")
        #expect(add.ok && add.data?["repeat"]?.stringValue == "month_end" && add.data?["due"]?.stringValue == "2026-11-30", "\(add)")
        #expect(add.text.contains("每月底重复，到2027-02-28为止"), "\(add.text)")
        var dues: [String] = []
        var ref = try #require(add.data?["task_id"]?.intValue)
        while true {
            let done = try li.say("完成任务\(ref)")
            try #require(done.ok, "\(done)")
            guard let next = done.data?["next_task_id"]?.intValue else {
                #expect(done.text.contains("这是最后一次（重复到2027-02-28为止）"), "\(done)")
                break
            }
            dues.append(done.data?["next_due"]?.stringValue ?? "")
            ref = next
            try #require(dues.count < 6, "never stopped: \(dues)")
        }
        #expect(dues == ["2026-12-31", "2027-01-31", "2027-02-28"])
        let en = try li.say("remind me at the end of every month to send the usage report")
        #expect(en.ok && en.data?["repeat"]?.stringValue == "month_end" && en.data?["due"]?.stringValue == "2026-11-30", "\(en)")
        #expect(try li.finish() == 0)
    }
}
