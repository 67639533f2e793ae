import CRMDomain
import CRMRelay
import CRMStorage
import CRMSupport
import CRMTestSupport
import CRMTransport
import Testing

/// Issue 8, defect 11: least privilege for relays. A token may act as reps up to
/// its highest role (`role=` in the token file; reps and managers by default), so
/// acting as an admin needs a token that says `role=admin`.
@Suite struct RelayRoleTests {
    /// A fixture with Boss (admin), Meg (manager) and Li Ming (rep).
    func fixture() async throws -> RelayFixture {
        let f = try RelayFixture()
        _ = try await f.store.ensureRep(named: "Boss", role: .admin)
        _ = try await f.store.ensureRep(named: "Meg", role: .manager)
        _ = try await f.store.ensureRep(named: "Li Ming", role: .rep)
        return f
    }

    static func message(_ id: Int, _ user: String, _ text: String = "hi") -> String {
        JSONValue.object([("id", .int(Int64(id))), ("user", .string(user)), ("text", .string(text))]).serialized + "\n"
    }

    @Test func aTokenWithoutARoleMayNotActAsAnAdmin() async throws {
        let f = try await fixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(relayToken)\"}\n")
            try c.send(Self.message(1, "Boss"))
            try c.send("{\"id\":2,\"user\":\"Boss\",\"command\":\"audit\"}\n")
            try c.send("{\"id\":3,\"command\":\"present\",\"users\":[\"Boss\"]}\n")
            try c.send(Self.message(4, "Meg"))
            try c.send(Self.message(5, "Li Ming"))
            try c.send(Self.message(6, "New Rep"))
            return try c.readLines(7)
        }
        #expect(lines[0].contains(#""data":{"name":"slack-bridge","reps":null,"role":"manager"}"#))
        let refusal = #"{"ok":false,"error":{"code":"forbidden","message":"This connection may not speak for Boss, "#
            + #"who is an admin: its token allows roles up to manager."}}"#
        for (i, line) in lines[1...3].enumerated() {
            #expect(line == "{\"id\":\(i + 1)," + refusal.dropFirst(), "\(line)")
        }
        #expect(lines[4].contains("echo Meg: hi") && lines[5].contains("echo Li Ming: hi") && lines[6].contains("echo New Rep: hi"))
        let audit = try await f.store.auditLog(limit: 10)
        #expect(audit.filter { $0.kind == .refused }.map(\.detail) == Array(
            repeating: "token slack-bridge (up to manager) may not speak for Boss (admin)", count: 3))
        #expect(audit.last?.detail.hasSuffix(" for any rep up to manager") == true)
        await f.relay.shutdown()
    }

    @Test func anAdminTokenActsAsTheAdmin() async throws {
        let f = try await fixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(adminToken)\"}\n")
            try c.send(Self.message(1, "Boss"))
            try c.send("{\"id\":2,\"user\":\"Boss\",\"command\":\"audit\",\"limit\":1}\n")
            return try c.readLines(3)
        }
        #expect(lines[0].contains(#""role":"admin""#))
        #expect(lines[1].contains("echo Boss: hi"))
        #expect(lines[2].hasPrefix(#"{"id":2,"ok":true,"intent":"audit""#))
        await f.relay.shutdown()
    }

    @Test func aRepTokenMayNotActAsAManager() async throws {
        let f = try await fixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("AUTH \(repOnlyToken)\nUSER Meg\nUSER Li Ming\nhello\nQUIT\n")
            return try c.readToEnd()
        }
        let (blocks, _) = TextBlock.parse(lines)
        #expect(blocks.map(\.status) == ["OK auth", "ERR forbidden", "OK user", "OK echo", "OK quit"])
        #expect(blocks[1].text == "This connection may not speak for Meg, who is a manager: its token allows roles up to rep.")
        await f.relay.shutdown()
    }
}
