import CRMTestSupport
import CRMDomain
import CRMRelay
import CRMStorage
import CRMSupport
import CRMTransport
import Testing

@Suite struct RelayProtocolTests {
    @Test func jsonClientsAuthenticateThenSpeakForReps() async throws {
        let f = try RelayFixture()
        let lines = try await onThread {
            let c = try TestClient(f.tcp)
            try c.send("{\"id\":1,\"user\":\"Li Ming\",\"text\":\"list my customers\"}\n")
            try c.send("{\"auth\":\"wrong-token-000000000\"}\n")
            try c.send("{\"id\":\"a\",\"auth\":\"\(relayToken)\"}\n")
            try c.send("{\"id\":2,\"user\":\"Li Ming\",\"text\":\"hello\"}\n")
            try c.send("{\"id\":3,\"user\":\"Wang Fang\",\"text\":\"hi\"}\n")
            try c.send("{\"id\":4,\"text\":\"no user\"}\n")
            return try c.readLines(6)
        }
        #expect(lines == [
            #"{"id":1,"ok":false,"error":{"code":"unauthenticated","message":"Authenticate first: send {\"auth\":\"TOKEN\"}."}}"#,
            #"{"ok":false,"error":{"code":"bad_token","message":"That token is not valid."}}"#,
            #"{"id":"a","ok":true,"intent":"auth","text":"Authenticated as slack-bridge.","data":{"name":"slack-bridge","reps":null,"role":"manager"}}"#,
            #"{"id":2,"ok":true,"intent":"echo","text":"echo Li Ming: hello","data":{"user":"Li Ming"}}"#,
            #"{"id":3,"ok":true,"intent":"echo","text":"echo Wang Fang: hi","data":{"user":"Wang Fang"}}"#,
            #"{"id":4,"ok":false,"error":{"code":"bad_request","message":"Say which rep this message is for: add \"user\":\"NAME\"."}}"#,
        ])
        await f.relay.shutdown()
    }

    @Test func aRestrictedTokenSpeaksOnlyForItsRepsAndRefusalsAreAudited() async throws {
        let f = try RelayFixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(liToken)\"}\n")
            try c.send("{\"id\":1,\"text\":\"mine\"}\n")
            try c.send("{\"id\":2,\"user\":\"li ming\",\"text\":\"case\"}\n")
            try c.send("{\"id\":3,\"user\":\"Zhao Lei\",\"text\":\"theirs\"}\n")
            try c.send("{\"id\":4,\"user\":\"Li Ming\",\"text\":\"forbid\"}\n")
            return try c.readLines(5)
        }
        #expect(lines[0].contains(#""text":"Authenticated as li-phone; speaking as Li Ming.""#))
        #expect(lines[1].contains(#""text":"echo Li Ming: mine""#))
        #expect(lines[2].contains(#""text":"echo li ming: case""#))
        #expect(lines[3] == #"{"id":3,"ok":false,"error":{"code":"forbidden","message":"This connection may not speak for Zhao Lei."}}"#)
        #expect(lines[4].contains(#""code":"forbidden""#))
        let audit = try await f.store.auditLog(limit: 10)
        #expect(audit.map(\.kind) == [.refused, .refused, .login])
        #expect(audit[1].detail == "token li-phone may not speak for Zhao Lei")
        #expect(audit[2].actor == "li-phone")
        #expect(!audit.contains { $0.detail.contains(liToken) })
        await f.relay.shutdown()
    }

    @Test func threeWrongTokensCloseTheConnection() async throws {
        let f = try RelayFixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("AUTH nope-nope-nope-nope\nAUTH nope-nope-nope-nope\nAUTH nope-nope-nope-nope\nAUTH \(relayToken)\n")
            return try c.readToEnd()
        }
        #expect(lines == Array(repeating: ["ERR bad_token", "That token is not valid.", "."], count: 3).flatMap { $0 })
        #expect(try await f.store.auditLog(limit: 10).map(\.kind) == [.loginFailed, .loginFailed, .loginFailed])
        await f.relay.shutdown()
    }

    @Test func textClientsGetDotTerminatedBlocks() async throws {
        let f = try RelayFixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("hello\nAUTH \(relayToken)\nhello\nUSER Li Ming\nhello there\ndots\nQUIT\nafter quit\n")
            return try c.readToEnd()
        }
        let (blocks, rest) = TextBlock.parse(lines)
        #expect(rest.isEmpty)
        #expect(blocks.map(\.status) == ["ERR unauthenticated", "OK auth", "ERR bad_request", "OK user", "OK echo", "OK echo", "OK quit"])
        #expect(blocks[0].text == "Authenticate first: send AUTH TOKEN.")
        #expect(blocks[4].text == "echo Li Ming: hello there")
        #expect(blocks[5].text == "first\n.hidden\n..two")
        #expect(lines.contains("..hidden") && lines.contains("...two"))
        await f.relay.shutdown()
    }

    @Test func overLongAndInvalidLinesAreAnsweredAndTheConnectionGoesOn() async throws {
        let f = try RelayFixture { $0.maximumLineBytes = 200 }
        let lines = try await onThread {
            let c = try TestClient(f.tcp)
            try c.send("{\"auth\":\"\(relayToken)\"}\n")
            try c.send("{\"id\":77,\"user\":\"Li Ming\",\"text\":\"" + String(repeating: "x", count: 1000) + "\"}\n")
            try c.send("{\"id\":78,\"user\":\n")
            try c.send("[1,2]\n")
            try c.send("{\"id\":79,\"user\":\"Li Ming\",\"text\":\"still here\"}\n")
            return try c.readLines(5)
        }
        #expect(lines[1].hasPrefix(#"{"id":77,"ok":false,"error":{"code":"too_long""#))
        #expect(lines[2].contains(#""code":"bad_json""#))
        #expect(lines[3].contains(#""code":"bad_json""#) == false)
        #expect(lines[4].contains("echo Li Ming: still here"))
        await f.relay.shutdown()
    }

    @Test func rateRefusalsSpeakTheConnectionsProtocol() async throws {
        let f = try RelayFixture {
            $0.requestsPerSecond = 0.001
            $0.burst = 2
        }
        let lines = try await onThread {
            let c = try TestClient(f.tcp)
            try c.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"user\":\"A\",\"text\":\"a\"}\n{\"id\":2,\"user\":\"A\",\"text\":\"b\"}\n")
            return try c.readLines(3)
        }
        #expect(lines[2].hasPrefix(#"{"id":2,"ok":false,"error":{"code":"rate_limited""#))
        await f.relay.shutdown()
    }

    @Test func onlyAdminsReadTheAuditLog() async throws {
        let f = try RelayFixture()
        _ = try await f.store.ensureRep(named: "Boss", role: .admin)
        _ = try await f.store.ensureRep(named: "Li Ming", role: .rep)
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(adminToken)\"}\n")
            try c.send("{\"id\":1,\"user\":\"Li Ming\",\"command\":\"audit\"}\n")
            try c.send("{\"id\":2,\"user\":\"Boss\",\"command\":\"audit\",\"limit\":5}\n")
            try c.send("{\"id\":3,\"command\":\"quit\"}\n")
            return try c.readToEnd()
        }
        #expect(lines.count == 4)
        #expect(lines[1] == #"{"id":1,"ok":false,"error":{"code":"forbidden","message":"Only an admin can read the audit log."}}"#)
        let audit = try JSONValue.parse(lines[2])
        let kinds = audit["data"]?["entries"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
        #expect(kinds == ["refused", "login"])
        #expect(lines[3] == #"{"id":3,"ok":true,"intent":"quit","text":"Bye.","data":{}}"#)
        await f.relay.shutdown()
    }

    @Test func aBulkListIsAuditedAsAnExport() async throws {
        let f = try RelayFixture()
        _ = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"user\":\"Li Ming\",\"text\":\"bulk\"}\n")
            return try c.readLines(2)
        }
        let audit = try await f.store.auditLog(limit: 5)
        #expect(audit.first?.kind == .export)
        #expect(audit.first?.actor == "Li Ming")
        #expect(audit.first?.detail == "customer.list: 30 customers via slack-bridge")
        await f.relay.shutdown()
    }

    @Test func aFullServerRefusesInJSONBeforeTheFirstLine() async throws {
        let f = try RelayFixture { $0.maximumConnections = 1 }
        let refusal = try await onThread { () -> [String] in
            let first = try TestClient(f.unix)
            try first.send("{\"auth\":\"\(relayToken)\"}\n")
            _ = try first.readLine()
            let second = try TestClient(f.tcp)
            return try second.readToEnd()
        }
        #expect(refusal.count == 1)
        #expect(refusal.first?.hasPrefix(#"{"ok":false,"error":{"code":"too_many_connections""#) == true)
        await f.relay.shutdown()
    }
}
