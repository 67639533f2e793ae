import CRMDomain
import CRMRelay
import CRMStorage
import CRMSupport
import CRMTestSupport
import CRMTransport
import Testing

/// Issue 8, defect 3: a `user` with a line break forged a separate entry in the
/// audit view. Rep names are checked before anything is written or answered, and
/// the audit view shows every stored character visibly.
@Suite struct RelayUserNameTests {
    static let forged = "Bob\n2026-11-22T09:05  login  boss-phone 10.0.0.9 for any rep"

    @Test func aForgedUserIsRefusedAndNeverReachesTheAuditLog() async throws {
        let f = try RelayFixture()
        let request = JSONValue.object([("id", .int(1)), ("user", .string(Self.forged)), ("text", .string("hi"))])
        let present = JSONValue.object([("id", .int(2)), ("command", .string("present")), ("users", .array([.string("Li\u{200B}Ming")]))])
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("{\"auth\":\"\(liToken)\"}\n")  // a token for Li Ming only: a refusal would be audited
            try c.send(request.serialized + "\n")
            try c.send(present.serialized + "\n")
            try c.send("{\"id\":3,\"user\":\"Li Ming \",\"text\":\"hi\"}\n")
            return try c.readLines(4)
        }
        for line in lines.dropFirst() {
            #expect(line.contains(#""ok":false,"error":{"code":"invalid_user","message":"The rep name \""#), "\(line)")
        }
        #expect(lines[1].contains(#"Bob\\n2026-11-22T09:05"#))
        // Each attempt is audited as a refusal, the name escaped: nothing forged, nothing hidden.
        let audit = try await f.store.auditLog(limit: 10)
        #expect(audit.map(\.kind) == [.refused, .refused, .refused, .login])
        #expect(audit[2].detail.hasPrefix(#"invalid rep name "Bob\n2026-11-22T09:05  login  boss-phone"#))
        #expect(!audit.contains { ($0.actor + $0.detail).unicodeScalars.contains(where: VisibleText.isInvisible) })
        await f.relay.shutdown()
    }

    @Test func aTextClientCannotSwitchToAnInvisibleName() async throws {
        let f = try RelayFixture()
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("AUTH \(relayToken)\nUSER Li\u{200B}Ming\nhello\nQUIT\n")
            return try c.readToEnd()
        }
        let (blocks, _) = TextBlock.parse(lines)
        #expect(blocks.map(\.status) == ["OK auth", "ERR invalid_user", "ERR bad_request", "OK quit"])
        #expect(blocks[1].text.contains("Li\\u{200B}Ming"))
        await f.relay.shutdown()
    }

    @Test func theAuditViewShowsControlCharactersVisibly() async throws {
        let f = try RelayFixture()
        _ = try await f.store.ensureRep(named: "Boss", role: .admin)
        guard let at = LocalDateTime(iso: "2026-11-22T09:01") else { throw TestFailure("bad date") }
        // Written before names were checked, or through a detail that quotes a customer's name.
        _ = try await f.store.appendAudit(NewAuditEntry(
            at: at, kind: .refused, actor: "Bob\n2026-11-22T09:05  login  boss-phone",
            detail: "zero\u{200B}width\ttab\0nul \u{202E}bidi"))
        let lines = try await onThread {
            let c = try TestClient(f.unix)
            try c.send("AUTH \(adminToken)\nUSER Boss\nAUDIT 5\nQUIT\n")
            return try c.readToEnd()
        }
        let (blocks, _) = TextBlock.parse(lines)
        #expect(blocks.map(\.status) == ["OK auth", "OK user", "OK audit", "OK quit"])
        let entries = blocks[2].text.split(separator: "\n")
        #expect(entries.count == 2, "one line per entry (the forged one, the login): \(blocks[2].text)")
        #expect(entries.last == #"#1 2026-11-22T09:01 refused Bob\n2026-11-22T09:05  login  boss-phone: zero\u{200B}width\ttab\0nul \u{202E}bidi"#)
        #expect(!blocks[2].text.unicodeScalars.contains { VisibleText.isInvisible($0) && $0 != "\n" })
        await f.relay.shutdown()
    }
}
