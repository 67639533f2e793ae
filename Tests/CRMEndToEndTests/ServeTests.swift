import CRMSupport
import CRMTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `crmbot serve` driven over real sockets by concurrent clients.
@Suite(.serialized, .offThePool) struct ServeTests {
    @Test func repliesKeepTheirOrderOnEachOfManyConcurrentConnections() async throws {
        let s = try ServeHarness()
        let (unix, tcp) = (s.unix, s.tcp)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for k in 0..<24 {
                group.addTask {
                    try await onThread {
                        let c = try ServeHarness.login(k % 2 == 0 ? unix : tcp)
                        var batch = ""
                        for i in 0..<8 { batch += request(i, "Rep \(k % 6)", "add customer Order Test \(k)-\(i)") }
                        try c.send(batch)  // pipelined
                        let ids = try c.readLines(8).map { line -> Int in
                            guard line.contains("\"ok\":true"), let r = line.range(of: "\"id\":") else { return -1 }
                            return Int(line[r.upperBound...].prefix { $0.isNumber }) ?? -1
                        }
                        return ids == Array(0..<8)
                    }
                }
            }
            var all: [Bool] = []
            for try await ok in group { all.append(ok) }
            return all
        }
        #expect(results.count == 24 && results.allSatisfy { $0 })
        #expect(try s.terminate() == 0)
    }

    @Test func repsSeeOnlyTheirOwnAccounts() async throws {
        let s = try ServeHarness()
        let unix = s.unix
        let lines = try await onThread {
            let c = try ServeHarness.login(unix)
            try c.send(request(1, "Ann Lee", "add customer Alpha Trading"))
            try c.send(request(2, "Bo Chen", "show Alpha Trading"))
            try c.send(request(3, "Ann Lee", "show Alpha Trading"))
            return try c.readLines(3)
        }
        #expect(lines[0].contains("\"ok\":true") && lines[0].contains("\"intent\":\"customer.add\""))
        #expect(lines[1].contains("\"id\":2,\"ok\":false"))
        #expect(lines[2].contains("\"id\":3,\"ok\":true"))
        #expect(try s.terminate() == 0)
    }

    @Test func tokensAndPermissionsAreEnforcedAndAudited() async throws {
        let s = try ServeHarness()
        let tcp = s.tcp
        let database = URL(fileURLWithPath: s.database)
        let lines = try await onThread { () -> [String] in
            let c = try SocketClient(tcp)
            try c.send(request(1, "Li Ming", "list my customers"))
            try c.send("{\"id\":2,\"auth\":\"not-the-token-000000000\"}\n")
            try c.send("{\"id\":3,\"auth\":\"\(ServeHarness.liToken)\"}\n")
            try c.send(request(4, "Wang Fang", "list my customers"))
            try c.send(request(5, "Li Ming", "add rep Boss as admin"))
            try c.send(request(6, "Li Ming", "add rep Zhang Wei"))
            try c.send("{\"id\":7,\"command\":\"audit\"}\n")  // Li Ming is no admin
            let first = try c.readLines(7)
            // Boss, made admin on the server (`crmbot admin`, beside the running server), may
            // not act through the relay's token,
            // which goes up to manager, but reads the audit log through an admin token.
            try BotSession.makeAdmin("Boss", db: database)
            let relay = try ServeHarness.login(tcp)
            try relay.send("{\"id\":9,\"user\":\"Boss\",\"command\":\"audit\"}\n")
            let refused = try relay.readLines(1)  // audited before it is answered
            let ops = try ServeHarness.login(tcp, token: ServeHarness.adminToken)
            try ops.send("{\"id\":8,\"user\":\"Boss\",\"command\":\"audit\"}\n")
            return first + (try ops.readLines(1)) + refused
        }
        #expect(lines[0].hasPrefix("{\"id\":1,\"ok\":false,\"error\":{\"code\":\"unauthenticated\""))
        #expect(lines[1].hasPrefix("{\"id\":2,\"ok\":false,\"error\":{\"code\":\"bad_token\""))
        #expect(lines[2].hasPrefix("{\"id\":3,\"ok\":true,\"intent\":\"auth\""))
        #expect(lines[3] == "{\"id\":4,\"ok\":false,\"error\":{\"code\":\"forbidden\",\"message\":\"This connection may not speak for Wang Fang.\"}}")
        #expect(lines[4].hasPrefix("{\"id\":5,\"ok\":false,\"error\":{\"code\":\"forbidden\""))  // no first-typer admin
        #expect(lines[5].hasPrefix("{\"id\":6,\"ok\":false,\"error\":{\"code\":\"forbidden\""))
        #expect(lines[6] == "{\"id\":7,\"ok\":false,\"error\":{\"code\":\"forbidden\",\"message\":\"Only an admin can read the audit log.\"}}")
        #expect(lines[7].hasPrefix("{\"id\":8,\"ok\":true,\"intent\":\"audit\""))
        for kind in ["refused", "login", "login_failed"] { #expect(lines[7].contains("\"kind\":\"\(kind)\"")) }
        #expect(lines[7].contains("audit log read by a non-admin"))
        #expect(lines[7].contains("token li-phone may not speak for Wang Fang"))
        #expect(lines[7].contains("token relay (up to manager) may not speak for Boss (admin)"))
        #expect(lines[8].hasPrefix("{\"id\":9,\"ok\":false,\"error\":{\"code\":\"forbidden\""))
        #expect(!lines[7].contains(ServeHarness.liToken))
        #expect(try s.terminate() == 0)
    }

    @Test func badLinesGetErrorsWhileTheConnectionAndOthersGoOn() async throws {
        let s = try ServeHarness()
        let (unix, tcp) = (s.unix, s.tcp)
        let (mine, other) = try await onThread { () -> ([String], String?) in
            let c = try ServeHarness.login(unix)
            try c.send("{\"id\":1,\"user\":\"Ann\",\"text\":\"" + String(repeating: "x", count: 70_000) + "\"}\n")
            try c.send("{\"id\":2,\"user\":\n")
            try c.send(request(3, "Ann", "help"))
            let d = try ServeHarness.login(tcp)
            try d.send(request(9, "Bo", "help"))
            return (try c.readLines(3), try d.readLine())
        }
        #expect(mine[0].hasPrefix("{\"id\":1,\"ok\":false,\"error\":{\"code\":\"too_long\""))
        #expect(mine[1].contains("\"code\":\"bad_json\""))
        #expect(mine[2].hasPrefix("{\"id\":3,\"ok\":true"))
        #expect(other?.hasPrefix("{\"id\":9,\"ok\":true") == true)
        #expect(try s.terminate() == 0)
    }

    @Test func textClientsReadDotTerminatedBlocksAndHalfCloseWorks() async throws {
        let s = try ServeHarness()
        let unix = s.unix
        let lines = try await onThread { () -> [String] in
            let c = try SocketClient(unix)
            try c.send("AUTH \(ServeHarness.liToken)\nadd customer Text Mode Co\nhelp\n")
            c.shutdownWrite()
            return try c.readToEnd()
        }
        var blocks: [[String]] = [[]]
        for line in lines {
            if line == "." { blocks.append([]) } else { blocks[blocks.count - 1].append(line) }
        }
        #expect(blocks.last == [])
        #expect(blocks.count == 4)
        #expect(blocks[0].first == "OK auth")
        #expect(blocks[1].first == "OK customer.add")
        #expect(blocks[2].first == "OK help")
        #expect(try s.terminate() == 0)
    }

    @Test func aDueReminderIsPushedOnce() async throws {
        let s = try ServeHarness(extra: ["--reminder-interval", "1"])
        let unix = s.unix
        let (first, again) = try await onThread { () -> ([String], [String]) in
            let c = try ServeHarness.login(unix, token: ServeHarness.liToken)
            try c.send(request(1, "Li Ming", "remind me to call the hospital today"))
            let lines = try c.readUntil { $0.contains("\"event\":\"reminder\"") }
            // A new connection for the same rep: the reminder is not pushed again.
            let d = try ServeHarness.login(unix, token: ServeHarness.liToken)
            try d.send(request(2, "Li Ming", "help"))
            var more = try d.readLines(1)
            // A second task falls due. Its reminder comes with a later check, which
            // would push a wrongly unclaimed first reminder before it (same due day,
            // older task): waiting for it is waiting for that check.
            try d.send(request(3, "Li Ming", "remind me to call the clinic today"))
            more += try d.readUntil { $0.contains("\"event\":\"reminder\"") && $0.contains("call the clinic") }
            return (lines, more)
        }
        #expect(first.filter { $0.contains("\"event\":\"reminder\"") }.count == 1)
        #expect(first.first?.contains("\"intent\":\"task.add\"") == true)
        #expect(again.filter { $0.contains("\"event\"") && $0.contains("call the hospital") }.isEmpty, "\(again)")
        #expect(again.filter { $0.contains("\"event\"") }.count == 1)
        #expect(try s.terminate() == 0)
    }

    @Test func sigtermUnderLoadLosesNoAcknowledgedWrite() async throws {
        let s = try ServeHarness()
        let (unix, tcp) = (s.unix, s.tcp)
        let pid = s.process.pid
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for k in 0..<12 {
                group.addTask {
                    try await onThread { () -> [String] in
                        // A client that comes after the listeners closed has nothing acknowledged.
                        guard let c = try? ServeHarness.login(k % 2 == 0 ? unix : tcp) else { return [] }
                        var names: [String] = []
                        for i in 0..<400 {
                            let name = "Load \(k)-\(i)"
                            if k == 0 && i == 20 { kill(pid, SIGTERM) }
                            do { try c.send(request(i, "Rep \(k)", "add customer \(name)")) } catch { break }
                            guard let reply = try? c.readLine() else { break }
                            if reply.contains("\"ok\":true") { names.append("Rep \(k)|\(name)") } else { break }
                        }
                        return names
                    }
                }
            }
            var all: [String] = []
            for try await names in group { all += names }
            return all
        }
        #expect(try s.process.waitForExit(timeout: 60) == 0)
        #expect(access(s.socketPath, F_OK) != 0)
        #expect(s.process.stderrText().contains("shutting down"))  // all of it: the reader may lag the exit
        #expect(!acknowledged.isEmpty)
        // Every acknowledged customer is in the database.
        var input = ""
        for pair in acknowledged {
            let parts = pair.split(separator: "|").map(String.init)
            input += "{\"user\":\"\(parts[0])\",\"text\":\"show \(parts[1])\"}\n"
        }
        let run = try CrmbotProcess.run(["--db", s.database, "--json"], input: Array(input.utf8), timeout: 120)
        let replies = run.stdout.split(separator: "\n")
        #expect(replies.count == acknowledged.count)
        #expect(replies.allSatisfy { $0.contains("\"ok\":true") })
    }

    @Test func startupErrorsAreClear() async throws {
        let s = try ServeHarness()
        // A live socket is not taken over; a busy port is named.
        let again = try CrmbotProcess.run(
            ["serve", "--db", s.dir.file("other.sqlite").path, "--unix", s.socketPath, "--tokens", s.dir.file("tokens").path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("another crmbot is listening on \(s.socketPath)"))
        let port = String(s.tcp.split(separator: ":").last ?? "")
        let busy = try CrmbotProcess.run(
            ["serve", "--db", s.dir.file("other.sqlite").path, "--tcp", "127.0.0.1:\(port)", "--tokens", s.dir.file("tokens").path])
        #expect(busy.status != 0)
        #expect(busy.stderr.contains("is in use (EADDRINUSE)"))
        #expect(try s.terminate() == 0)
        // No tokens: refused. A readable token file: refused.
        let none = try CrmbotProcess.run(["serve", "--db", s.dir.file("x.sqlite").path, "--unix", s.dir.file("x.sock").path])
        #expect(none.status != 0 && none.stderr.contains("token"))
        chmod(s.dir.file("tokens").path, 0o644)
        let open = try CrmbotProcess.run(
            ["serve", "--db", s.dir.file("x.sqlite").path, "--unix", s.dir.file("x.sock").path, "--tokens", s.dir.file("tokens").path])
        #expect(open.status != 0 && open.stderr.contains("must be 0600"))
    }

    @Test func aStaleSocketFileIsReplacedAndTheSocketIsPrivate() async throws {
        let dir = try TempDir()
        let path = dir.file("s.sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        let s = try ServeHarness(dir: dir)
        var st = stat()
        #expect(lstat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(s.process.stderrSoFar.contains("stale socket file"))
        #expect(try s.terminate() == 0)
    }

    @Test func aClientThatStopsReadingDelaysNobody() async throws {
        let s = try ServeHarness()
        let (unix, tcp) = (s.unix, s.tcp)
        let replies = try await onThread { () -> [String] in
            let stuck = try ServeHarness.login(tcp)
            // Far more replies than the socket buffers hold, never read.
            var flood = ""
            for i in 0..<1000 { flood += request(i, "Slow Rep", "help") }
            try stuck.send(flood)
            var answers: [String] = []
            for k in 0..<5 {
                let c = try ServeHarness.login(unix)
                try c.send(request(k, "Rep \(k)", "help"))
                answers += try c.readLines(1)
            }
            _ = stuck
            return answers
        }
        #expect(replies.count == 5)
        #expect(replies.allSatisfy { $0.contains("\"ok\":true") })
        #expect(try s.terminate() == 0)
    }

    @Test("a relay's retry with the request's key is answered from the first reply and writes nothing again")
    func aRetriedRequestOverASocketWritesOnce() async throws {
        let s = try ServeHarness()
        let (unix, tcp) = (s.unix, s.tcp)
        let lines = try await onThread { () -> [String] in
            let c = try ServeHarness.login(tcp)
            try c.send(request(1, "Li Ming", "add customer Quanyu Hospital"))
            try c.send(request(2, "Li Ming", "Quanyu Hospital ordered 50 phones for 120k"))
            try c.send(#"{"id":3,"user":"Li Ming","key":"wecom-77","text":"Quanyu Hospital paid 60k"}"# + "\n")
            var lines = try c.readLines(3)
            // The relay lost the connection before the reply and sends again, elsewhere.
            let again = try ServeHarness.login(unix)
            try again.send(#"{"id":4,"user":"Li Ming","key":"wecom-77","text":"Quanyu Hospital paid 60k"}"# + "\n")
            try again.send(request(5, "Li Ming", "show Quanyu Hospital"))
            lines += try again.readLines(2)
            return lines
        }
        #expect(lines[2].contains("\"intent\":\"payment.record\""), "\(lines[2])")
        #expect(lines[3].contains("\"id\":4,\"ok\":true") && lines[3].contains("\"intent\":\"payment.record\""), "\(lines[3])")
        #expect(lines[4].contains("\"outstanding\":60000"), "\(lines[4])")
        #expect(try s.terminate() == 0)
    }

    @Test("a relay killed mid-stream and started again gets every reminder at least once and no request twice")
    func aRelayRestartedMidStreamLosesNoReminderAndRepeatsNoWrite() async throws {
        let s = try ServeHarness(extra: ["--reminder-interval", "1"])
        let tcp = s.tcp
        let todo = ["call Zhou Hua", "send the quote", "book the demo", "check the invoice", "visit the ward"]
        let (seen, acks, shown) = try await onThread { () -> (Set<String>, [String], String) in
            // The first relay: records, reminders set for today, then a payment sent with its
            // key — and the relay dies before reading anything more.
            do {
                let first = try ServeHarness.login(tcp, acks: true)
                var batch = request(1, "Li Ming", "add customer Quanyu Hospital")
                    + request(2, "Li Ming", "Quanyu Hospital ordered 50 phones for 120k")
                for (i, what) in todo.enumerated() {
                    batch += request(10 + i, i % 2 == 0 ? "Li Ming" : "Wang Fang", "remind me to \(what) today")
                }
                try first.send(batch)
                _ = try first.readUntil { $0.hasPrefix(#"{"id":14,"#) }
                try first.send(#"{"id":50,"user":"Li Ming","key":"wecom-pay-7","text":"Quanyu Hospital paid 60k"}"# + "\n")
                _ = try first.readUntil { $0.hasPrefix(#"{"event""#) }  // some reminders reached it, unacknowledged
            }  // the first relay's socket is closed here, as by kill -9

            // Started again: it logs in, says whom it serves, sends its unanswered request
            // again with the same key, and acknowledges every reminder it gets.
            let second = try ServeHarness.login(tcp, acks: true)
            try second.send(#"{"id":1,"command":"present","users":["Li Ming","Wang Fang"]}"# + "\n")
            try second.send(#"{"id":51,"user":"Li Ming","key":"wecom-pay-7","text":"Quanyu Hospital paid 60k"}"# + "\n")
            var seen: Set<String> = []
            var acks: [String] = []
            var answered = false
            let deadline = Date().addingTimeInterval(120)  // a hang detector
            while (seen.count < todo.count || !answered), Date() < deadline, let line = try second.readLine() {
                let value = try JSONValue.parse(line)
                if value["event"] == "reminder", let event = value["event_id"]?.intValue {
                    if let what = value["task"]?["what"]?.stringValue { seen.insert(what) }
                    try second.send("{\"id\":\(1000 + event),\"command\":\"ack\",\"event_id\":\(event)}\n")
                } else if value["intent"] == "ack" {
                    acks.append(line)
                } else if value["id"] == 51 {
                    answered = true
                }
            }
            try second.send(request(52, "Li Ming", "show Quanyu Hospital"))
            let shown = try second.readUntil { $0.hasPrefix(#"{"id":52,"#) }.last ?? ""
            return (seen, acks, shown)
        }
        #expect(seen == Set(todo), "\(seen)")
        #expect(acks.allSatisfy { $0.contains("\"ok\":true") })
        #expect(try JSONValue.parse(shown)["data"]?["outstanding"]?.intValue == 60_000, "\(shown)")
        #expect(try s.terminate() == 0)
    }
}
