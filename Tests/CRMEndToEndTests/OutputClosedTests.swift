import CRMTestSupport
import Foundation
import Glibc
import Testing

/// When the reader of crmbot's output goes away (`crmbot … | head -1`), crmbot
/// stops with a clear message and exit status 1: no crash, no hang.
@Suite(.serialized, .offThePool)
struct OutputClosedTests {
    @Test func aClosedOutputEndsWithStatusOneAndAMessage() throws {
        // Our own writes to crmbot's input must fail politely if it has gone.
        signal(SIGPIPE, SIG_IGN)
        let dir = try TempDir()
        defer { dir.remove() }
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else { throw E2EError("pipe: errno \(errno)") }
        for fd in input + output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let process = try ChildProcess.spawn(
            try CrmbotLocation.binary().path,
            arguments: ["--db", dir.file("db.sqlite").path, "--now", "2026-11-22T09:00", "--as", "Li Ming"],
            environment: ProcessInfo.processInfo.environment.filter { $0.key != "CRMBOT_NOW" },
            stdin: input[0], stdout: output[1], stderr: errors[1])
        for fd in [input[0], output[1], errors[1]] { close(fd) }
        defer {
            process.send(SIGKILL)
            close(errors[0])
        }

        // One reply, then the reader goes away.
        write(input[1], "add customer Quanyu Hospital\n")
        var first: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !first.contains(0x0A) {
            let n = chunk.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            try #require(n > 0, "crmbot closed its output before the first reply")
            first += chunk[0..<n]
        }
        #expect(String(decoding: first, as: UTF8.self).contains("Quanyu Hospital"))
        close(output[0])

        // More messages: the next reply cannot be written.
        write(input[1], String(repeating: "show Quanyu Hospital\n", count: 200))
        close(input[1])

        let ended = try #require(process.wait(seconds: CrmbotProcess.defaultTimeout), "crmbot did not stop after its output closed")
        #expect(ended == .exited(1), "crmbot ended \(ended)")
        var stderr: [UInt8] = []
        while true {
            let n = chunk.withUnsafeMutableBytes { read(errors[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            stderr += chunk[0..<n]
        }
        let text = String(decoding: stderr, as: UTF8.self)
        #expect(text.contains("Broken pipe"), "\(text)")
    }

    /// Writes all of `text`, ignoring a reader that has gone (EPIPE).
    private func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
