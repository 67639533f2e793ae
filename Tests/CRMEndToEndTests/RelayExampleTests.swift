import CRMTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `Scripts/relay-example.py` against the real server: it answers reps, shows each
/// reminder once (and acknowledges it), and after crmbot is killed and started again it
/// reconnects, declares its reps again and sends what was not answered, with its key.
@Suite(.serialized, .offThePool) struct RelayExampleTests {
    static let script = CrmbotLocation.repoRoot.appendingPathComponent("Scripts/relay-example.py").path

    /// Lines of the relay's output until one `stop` accepts (included).
    static func read(_ relay: CrmbotProcess, until stop: (String) -> Bool) throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try relay.readLine()  // a hang detector's deadline inside
            lines.append(line)
            if stop(line) { return lines }
        }
    }

    @Test func theExampleRelayAnswersRemindsOnceAndComesBackAfterCrmbotIsKilled() async throws {
        let dir = try TempDir()
        let first = try ServeHarness(extra: ["--reminder-interval", "1"], dir: dir)
        guard let port = first.tcp.split(separator: ":").last.map(String.init) else { throw E2EError("no port") }
        let relay = try CrmbotProcess(
            arguments: ["python3", Self.script, "--tcp", "127.0.0.1:\(port)", "--reps", "Li Ming"],
            environment: ["CRMBOT_TOKEN": ServeHarness.relayToken], executable: URL(fileURLWithPath: "/usr/bin/env"))
        try relay.sendLine("Li Ming: add customer Quanyu Hospital")
        let added = try Self.read(relay) { $0.hasPrefix("[Li Ming]") }
        #expect(added.last?.contains("Quanyu Hospital") == true, "\(added)")
        try relay.sendLine("Li Ming: remind me to call Zhou Hua today")
        let reminded = try Self.read(relay) { $0.contains("⏰") }
        #expect(reminded.last?.contains("call Zhou Hua") == true, "\(reminded)")

        // crmbot dies; a message typed meanwhile waits in the relay, with its key.
        first.process.kill9()
        _ = try first.process.waitForExit(timeout: 60)
        try relay.sendLine("Li Ming: Quanyu Hospital ordered 50 phones for 120k")
        let second = try ServeHarness(extra: ["--reminder-interval", "1", "--tcp", "127.0.0.1:\(port)"], dir: dir)
        let ordered = try Self.read(relay) { $0.hasPrefix("[Li Ming]") }
        #expect(ordered.last?.contains("120") == true, "\(ordered) \(relay.stderrSoFar)")
        try relay.sendLine("Li Ming: show Quanyu Hospital")
        let card = try Self.read(relay) { $0.hasPrefix("[Li Ming] Quanyu Hospital") }
        // The reminder was shown once: not again after the reconnect (the relay shows each event once).
        #expect(!(ordered + card).contains { $0.contains("⏰") }, "\(ordered + card)")
        #expect(relay.stderrSoFar.contains("connected as relay"), "\(relay.stderrSoFar)")
        relay.closeStdin()
        #expect(try relay.waitForExit(timeout: 60) == 0, "\(relay.stderrSoFar)")
        #expect(try second.terminate() == 0)
        _ = first
    }

    /// A token the server refuses ends the relay with the server's reason, instead of
    /// retrying for ever (the server says `bad_token`).
    @Test func theExampleRelayStopsOnARefusedToken() async throws {
        let dir = try TempDir()
        let server = try ServeHarness(dir: dir)
        guard let port = server.tcp.split(separator: ":").last.map(String.init) else { throw E2EError("no port") }
        let relay = try CrmbotProcess(
            arguments: ["python3", Self.script, "--tcp", "127.0.0.1:\(port)", "--reps", "Li Ming"],
            environment: ["CRMBOT_TOKEN": "not-the-token"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        let status = try relay.waitForExit(timeout: 60)
        #expect(status != 0)
        let stderr = relay.stderrText(timeout: 60)  // all of it: the reader may lag behind the exit
        #expect(stderr.contains("login refused: That token is not valid."), "\(stderr)")
        #expect(!stderr.contains("retrying"), "\(stderr)")
        #expect(try server.terminate() == 0)
    }
}
