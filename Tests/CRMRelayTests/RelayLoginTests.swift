import CRMTestSupport
import CRMRelay
import CRMTransport
import Testing

/// Clients that never log in cannot lock a relay out (issue 8, defect 2).
@Suite struct RelayLoginTests {
    @Test func clientsThatNeverLogInCannotLockOutARelay() async throws {
        let f = try RelayFixture { $0.maximumConnections = 10 }
        let (member, oldest) = try await onThread { () -> ([String], [String]) in
            // As many connections as the server holds, each sending half a line
            // and never a token (after one round trip, so the server is done with it).
            var flood: [TestClient] = []
            for i in 0..<10 {
                let c = try TestClient(f.tcp)
                try c.send("{\"id\":\(i),\"text\":\"hi\"}\n")
                _ = try c.readLine()
                try c.send("{")
                flood.append(c)
            }
            let relay = try TestClient(f.unix)
            try relay.send("{\"auth\":\"\(relayToken)\"}\n{\"id\":1,\"user\":\"Li Ming\",\"text\":\"hello\"}\n")
            return (try relay.readLines(2), try flood[0].readToEnd())
        }
        #expect(member.first?.contains(#""ok":true,"intent":"auth""#) == true)
        #expect(member.last == #"{"id":1,"ok":true,"intent":"echo","text":"echo Li Ming: hello","data":{"user":"Li Ming"}}"#)
        // The oldest of them made room (or, on a machine too slow to open ten
        // connections in 10 s, ran out of time to log in).
        #expect(oldest.count == 1)
        #expect(oldest.first.map { $0.contains(#""code":"crowded_out""#) || $0.contains(#""code":"login_timeout""#) } == true)
        await f.relay.shutdown()
    }
}
