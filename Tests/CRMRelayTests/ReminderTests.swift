import CRMTestSupport
import CRMDomain
import CRMRelay
import CRMSupport
import CRMTransport
import Glibc
import Testing

@testable import CRMStorage

@Suite struct ReminderTests {
    @Test func aDueReminderIsPushedOnceToEveryConnectionOfItsRep() async throws {
        let f = try RelayFixture()
        let li = try await f.store.ensureRep(named: "Li Ming", role: .rep)
        let ctx = WriteContext(repID: li.id, at: try #require(LocalDateTime(iso: "2026-11-20T10:00")), action: "test")
        let customer = try await f.store.addCustomer(NewCustomer(name: "Quanyu Hospital"), ctx)
        _ = try await f.store.logActivity(
            NewActivity(customerID: customer.id, type: .visit, at: try #require(LocalDateTime(iso: "2026-11-20")), note: "discussed the trial"), ctx)
        // Two connections where Li Ming is present: a relay (after a message) and Li's phone (from login).
        // The event may arrive at any point between replies, so every line read is kept.
        let (relayFD, phoneFD, relayStart, phoneStart) = try await onThread { () -> (Int32, Int32, [String], [String]) in
            let relay = try TestClient(f.tcp)
            try relay.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"user\":\"Li Ming\",\"text\":\"hi\"}\n")
            var relayLines: [String] = []
            while !relayLines.contains(where: { $0.hasPrefix(#"{"id":1,"#) }), let line = try relay.readLine() {
                relayLines.append(line)
            }
            let phone = try TestClient(f.unix)
            try phone.send("AUTH \(liToken)\n")
            let phoneLines = try phone.readLines(3)  // OK auth, the sentence, "."
            return (dup(relay.fd), dup(phone.fd), relayLines, phoneLines)
        }
        defer {
            close(relayFD)
            close(phoneFD)
        }
        // The task falls due while Li Ming is present on both.
        let task = try await f.store.addTask(
            NewTask(repID: li.id, what: "call Zhou Hua", customerID: customer.id, due: LocalDateTime(iso: "2026-11-22")), ctx)
        await f.relay.sweepReminders()
        await f.relay.sweepReminders()
        let (relayRest, phoneRest) = try await onThread { () -> ([String], [String]) in
            let r = try TestClient.reading(relayFD)
            let p = try TestClient.reading(phoneFD)
            try r.send("{\"id\":2,\"user\":\"Li Ming\",\"text\":\"after\"}\n")
            try p.send("after\n")
            var rl: [String] = []
            while !rl.contains(where: { $0.hasPrefix(#"{"id":2,"#) }), let line = try r.readLine() { rl.append(line) }
            var pl: [String] = []
            while !pl.contains("echo Li Ming: after"), let line = try p.readLine() { pl.append(line) }
            return (rl, pl + (try p.readLines(1)))
        }
        let relayLines = relayStart + relayRest
        let phoneLines = phoneStart + phoneRest
        let events = relayLines.filter { $0.hasPrefix(#"{"event""#) }
        #expect(events.count == 1)
        let event = try JSONValue.parse(events.first ?? "")
        #expect(event["event"] == "reminder")
        #expect(event["user"] == "Li Ming")
        #expect(event["task"]?["id"]?.intValue == task.id.rawValue)
        #expect(event["customer"]?["name"] == "Quanyu Hospital")
        #expect(event["last_visit"]?["note"] == "discussed the trial")
        #expect(event["text"] == "Reminder: call Zhou Hua (due 2026-11-22) — Quanyu Hospital. Last visit 2026-11-20: discussed the trial.")
        let (blocks, rest) = TextBlock.parse(phoneLines)
        #expect(rest.isEmpty)
        #expect(blocks.filter { $0.status == "EVENT reminder Li Ming" }.count == 1)
        #expect(blocks.filter { $0.status == "OK echo" }.count == 1)
        await f.relay.shutdown()
    }

    @Test func aReminderDueWhileNobodyWasConnectedComesWhenTheRepAppears() async throws {
        let f = try RelayFixture()
        let wang = try await f.store.ensureRep(named: "Wang Fang", role: .rep)
        let ctx = WriteContext(repID: wang.id, at: try #require(LocalDateTime(iso: "2026-11-20T10:00")), action: "test")
        _ = try await f.store.addTask(NewTask(repID: wang.id, what: "send quote", due: LocalDateTime(iso: "2026-11-21T15:00")), ctx)
        await f.relay.sweepReminders()  // nobody present: nothing claimed
        #expect(try await f.store.dueReminders(for: wang.id, asOf: try #require(LocalDateTime(iso: "2026-11-22T09:00"))).count == 1)
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"user\":\"Wang Fang\",\"text\":\"morning\"}\n")
            var lines = try c.readLines(2)
            // The event follows the first message (it is pushed when the rep appears).
            if !lines.contains(where: { $0.contains("\"event\":\"reminder\"") }) { lines += try c.readLines(1) }
            return lines
        }
        #expect(lines.filter { $0.contains(#""event":"reminder""#) && $0.contains("send quote") }.count == 1)
        #expect(try await f.store.dueReminders(for: wang.id, asOf: try #require(LocalDateTime(iso: "2026-11-22T09:00"))).isEmpty)
        await f.relay.shutdown()
    }

    @Test func aRelayAnnouncesTheRepsItServesAndGetsTheirReminders() async throws {
        let f = try RelayFixture()
        let zhao = try await f.store.ensureRep(named: "Zhao Lei", role: .rep)
        let ctx = WriteContext(repID: zhao.id, at: try #require(LocalDateTime(iso: "2026-11-20T10:00")), action: "test")
        _ = try await f.store.addTask(NewTask(repID: zhao.id, what: "visit the clinic", due: LocalDateTime(iso: "2026-11-22")), ctx)
        let lines = try await onThread {
            let c = try TestClient(f.tcp)
            try c.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"command\":\"present\",\"users\":[\"Zhao Lei\",\"Qian Yu\"]}\n")
            var lines = try c.readLines(2)
            while !lines.contains(where: { $0.contains("\"event\":\"reminder\"") }), let line = try c.readLine() {
                lines.append(line)
            }
            return lines
        }
        #expect(lines[1] == #"{"id":1,"ok":true,"intent":"present","text":"Reminders for 2 reps will come here.","data":{"users":["Zhao Lei","Qian Yu"]}}"#)
        #expect(lines.contains { $0.contains("visit the clinic") && $0.contains(#""user":"Zhao Lei""#) })
        await f.relay.shutdown()
    }

    /// Issue 8, defect 9: a task undone between the sweep's query and its claim
    /// failed the whole sweep ("FOREIGN KEY constraint failed"), holding back
    /// the rep's later reminders until the next sweep.
    @Test func aTaskUndoneBetweenTheQueryAndItsClaimHoldsBackNoOtherReminder() async throws {
        let log = LogBook()
        let f = try RelayFixture(log: log.sink)
        let li = try await f.store.ensureRep(named: "Li Ming", role: .rep)
        let ctx = WriteContext(repID: li.id, at: try #require(LocalDateTime(iso: "2026-11-21T10:00")), action: "test")
        var tasks: [TaskItem] = []
        for (what, due) in [("first", "2026-11-22T08:00"), ("undone", "2026-11-22T08:30"), ("last", "2026-11-22T08:45")] {
            tasks.append(try await f.store.addTask(NewTask(repID: li.id, what: what, due: LocalDateTime(iso: due)), ctx))
        }
        // The moment between the query and the claims, made certain: claiming
        // the first reminder deletes the second task, as an undo would.
        let (first, undone) = (tasks[0].id.rawValue, tasks[1].id.rawValue)
        try await f.store.writing { db in
            try db.execute(
                """
                CREATE TRIGGER undo_between AFTER INSERT ON reminders_sent WHEN NEW.task_id = \(first)
                BEGIN DELETE FROM tasks WHERE id = \(undone); END
                """)
        }
        // Li's phone logs in: Li is present, and Li's due reminders go out at once
        // (there is no periodic sweep here, so a reminder held back would not come).
        let lines = try await onThread { () -> [String] in
            let phone = try TestClient(f.unix)
            try phone.send("{\"auth\":\"\(liToken)\"}\n")
            var lines = try phone.readLines(1)
            var events = 0
            while events < 2, let line = try phone.readLine() {
                lines.append(line)
                if line.hasPrefix(#"{"event""#) { events += 1 }
            }
            try phone.send("{\"id\":1,\"text\":\"after\"}\n")
            while !lines.contains(where: { $0.hasPrefix(#"{"id":1,"#) }), let line = try phone.readLine() { lines.append(line) }
            return lines
        }
        let events = try lines.filter { $0.hasPrefix(#"{"event""#) }.map { try JSONValue.parse($0) }
        #expect(events.compactMap { $0["task"]?["what"]?.stringValue } == ["first", "last"])
        #expect(try await f.store.task(id: tasks[1].id) == nil)
        #expect(try await f.store.dueReminders(for: li.id, asOf: try #require(LocalDateTime(iso: "2026-11-22T09:00"))).isEmpty)
        #expect(!log.all.contains { $0.contains("not sent") }, "\(log.all)")
        await f.relay.shutdown()
    }

    /// Issue 11: a reminder is delivered at least once. One the relay did not acknowledge
    /// before its connection dropped comes again (marked a redelivery) when the relay is
    /// back; one acknowledged never comes again; only a connection that may speak for the
    /// reminder's rep may acknowledge it.
    @Test func aReminderNotAcknowledgedComesAgainAfterTheRelayReconnects() async throws {
        let log = LogBook()
        let f = try RelayFixture(log: log.sink)
        let li = try await f.store.ensureRep(named: "Li Ming", role: .rep)
        let wang = try await f.store.ensureRep(named: "Wang Fang", role: .rep)
        let at = try #require(LocalDateTime(iso: "2026-11-20T10:00"))
        _ = try await f.store.addTask(
            NewTask(repID: li.id, what: "call Zhou Hua", due: LocalDateTime(iso: "2026-11-22")),
            WriteContext(repID: li.id, at: at, action: "test"))
        let wangTask = try await f.store.addTask(
            NewTask(repID: wang.id, what: "send the quote", due: LocalDateTime(iso: "2026-11-22")),
            WriteContext(repID: wang.id, at: at, action: "test"))
        let wangEvent = try #require(try await f.store.claimReminder(wangTask, at: at))
        let present = "{\"auth\":\"\(relayToken)\",\"acks\":true}\n{\"id\":1,\"command\":\"present\",\"users\":[\"Li Ming\"]}\n"

        // The relay gets the reminder, then dies before acknowledging it.
        let first = try await onThread { () -> JSONValue in
            let c = try TestClient(f.tcp)
            try c.send(present)
            let line = try c.readUntil { $0.hasPrefix(#"{"event""#) }.last ?? ""
            return try JSONValue.parse(line)
        }
        let event = try #require(first["event_id"]?.intValue)
        #expect(first["redelivery"] == nil && first["task"]?["what"] == "call Zhou Hua")

        // Back again: the same event comes, marked a redelivery (the sweep also runs here,
        // in case the server noticed the first connection close only after the second came).
        let againBox = try SequentialClient(TestClient(f.tcp))
        try await onThread { try againBox.client.send(present) }
        var lines: [String] = []
        let deadline = ContinuousClock.now + .seconds(60)  // a hang detector
        while !lines.contains(where: { $0.hasPrefix(#"{"event""#) }), ContinuousClock.now < deadline {
            await f.relay.sweepReminders()
            lines += try await onThread { () -> [String] in
                let again = againBox.client
                var got: [String] = []
                while again.isReadable(withinMilliseconds: 100), let line = try again.readLine() { got.append(line) }
                return got
            }
        }
        let eventLine = try #require(lines.first { $0.hasPrefix(#"{"event""#) }, "\(lines) \(log.all)")
        let second = try JSONValue.parse(eventLine)
        #expect(second["event_id"]?.intValue == event && second["redelivery"] == true)

        // Acknowledged, it is done: twice is harmless; an unknown event or another rep's is not found.
        let replies = try await onThread { () -> [JSONValue] in
            let again = againBox.client
            try again.send("{\"id\":2,\"command\":\"ack\",\"event_id\":\(event)}\n{\"id\":3,\"command\":\"ack\",\"event_id\":\(event)}\n"
                + "{\"id\":4,\"command\":\"ack\",\"event_id\":99999}\n{\"id\":5,\"command\":\"ack\"}\n")
            let phone = try TestClient(f.unix)
            try phone.send("{\"auth\":\"\(liToken)\"}\n{\"id\":6,\"command\":\"ack\",\"event_id\":\(wangEvent)}\n")
            let mine = try again.readUntil { $0.hasPrefix(#"{"id":5,"#) }.filter { $0.hasPrefix(#"{"id""#) }
            let phones = try phone.readUntil { $0.hasPrefix(#"{"id":6,"#) }.filter { $0.hasPrefix(#"{"id":6,"#) }
            return try (mine + phones).map { try JSONValue.parse($0) }
        }
        try #require(replies.count == 5, "\(replies)")
        #expect(replies.map { $0["ok"] } == [true, true, false, false, false], "\(replies)")
        #expect(replies[0]["intent"] == "ack" && replies[1]["text"]?.stringValue?.contains("already") == true)
        #expect(replies[2]["error"]?["code"] == "not_found" && replies[3]["error"]?["code"] == "bad_request")
        #expect(replies[4]["error"]?["code"] == "not_found")
        #expect(try await f.store.reminderEvent(wangEvent)?.acknowledged == false)
        againBox.client.shutdownWrite()

        // A third connection after the acknowledgement: no reminder.
        let thirdBox = try SequentialClient(TestClient(f.tcp))
        _ = try await onThread { try thirdBox.client.send(present); return try thirdBox.client.readLines(2) }
        await f.relay.sweepReminders()
        let after = try await onThread { () -> [String] in
            let third = thirdBox.client
            try third.send("{\"id\":7,\"user\":\"Li Ming\",\"text\":\"hi\"}\n")
            return try third.readUntil { $0.hasPrefix(#"{"id":7,"#) }
        }
        #expect(!after.contains { $0.hasPrefix(#"{"event""#) }, "\(after)")
        #expect(try await f.store.unacknowledgedReminders(for: li.id).isEmpty)
        await f.relay.shutdown()
    }

    /// A text-protocol connection is a person at a terminal, and a JSON relay that did not
    /// say it acknowledges is one written before acks: what was written to either counts
    /// as delivered, and is not pushed again when they reconnect.
    @Test(arguments: ["AUTH \(liToken)\n", "{\"auth\":\"\(liToken)\"}\n"])
    func aReminderWrittenToAConnectionThatDoesNotAcknowledgeCountsAsDelivered(login: String) async throws {
        let f = try RelayFixture()
        let li = try await f.store.ensureRep(named: "Li Ming", role: .rep)
        _ = try await f.store.addTask(
            NewTask(repID: li.id, what: "call Zhou Hua", due: LocalDateTime(iso: "2026-11-22")),
            WriteContext(repID: li.id, at: try #require(LocalDateTime(iso: "2026-11-20T10:00")), action: "test"))
        let lines = try await onThread { () -> [String] in
            let phone = try TestClient(f.unix)
            try phone.send(login)
            return try phone.readUntil { $0.hasPrefix("EVENT reminder") || $0.hasPrefix(#"{"event""#) }
        }
        #expect(lines.last == "EVENT reminder Li Ming" || lines.last?.contains("call Zhou Hua") == true, "\(lines)")
        let deadline = ContinuousClock.now + .seconds(60)  // a hang detector
        while try await !f.store.unacknowledgedReminders(for: li.id).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await f.store.unacknowledgedReminders(for: li.id).isEmpty)
        await f.relay.shutdown()
    }
}

/// A client used by one task at a time, handed between the test's thread hops.
private final class SequentialClient: @unchecked Sendable {
    let client: TestClient
    init(_ client: TestClient) { self.client = client }
}
