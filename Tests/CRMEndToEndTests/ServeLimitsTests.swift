import CRMTestSupport
import Foundation
import Testing

/// `crmbot serve --login-timeout` and `--max-per-address` (issue 8, defect 2).
@Suite(.serialized, .offThePool) struct ServeLimitsTests {
    @Test func aClientThatNeverLogsInIsClosedAtTheLoginDeadline() async throws {
        let s = try ServeHarness(extra: ["--login-timeout", "1"])
        let tcp = s.tcp
        let lines = try await onThread { () -> [String] in
            let c = try SocketClient(tcp)
            try c.send("{")
            return try c.readToEnd()
        }
        #expect(lines == [
            #"{"ok":false,"error":{"code":"login_timeout","message":"Closing the connection: no login within 1 second."}}"#
        ])
        #expect(try s.terminate() == 0)
        #expect(s.process.stderrText().contains("closed: no login in time"))
    }

    @Test func oneAddressHoldsAtMostItsConnections() async throws {
        let s = try ServeHarness(extra: ["--max-per-address", "2"])
        let (unix, tcp) = (s.unix, s.tcp)
        let (third, local) = try await onThread { () -> ([String], String?) in
            let a = try ServeHarness.login(tcp)
            let b = try ServeHarness.login(tcp)
            let third = try SocketClient(tcp).readToEnd()
            let u = try ServeHarness.login(unix)
            try u.send(request(1, "Ann", "help"))
            let local = try u.readLine()
            _ = (a, b)
            return (third, local)
        }
        #expect(third == [
            #"{"ok":false,"error":{"code":"too_many_from_address","message":"Your address already holds the maximum of 2 connections; close one or try again later."}}"#
        ])
        #expect(local?.hasPrefix(#"{"id":1,"ok":true"#) == true)
        #expect(try s.terminate() == 0)
    }
}
