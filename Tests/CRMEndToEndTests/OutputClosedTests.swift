import Foundation
import Glibc
import Testing

/// When the reader of crmbot's output goes away (`crmbot … | head -1`), crmbot
/// stops with a clear message and exit status 1: no crash, no hang.
@Suite(.serialized)
struct OutputClosedTests {
    @Test func aClosedOutputEndsWithStatusOneAndAMessage() throws {
        // Our own writes to crmbot's input must fail politely if it has gone.
        signal(SIGPIPE, SIG_IGN)
        let dir = try TempDir()
        defer { dir.remove() }
        let process = Process()
        process.executableURL = try CrmbotLocation.binary()
        process.arguments = ["--db", dir.file("db.sqlite").path, "--now", "2026-11-22T09:00", "--as", "Li Ming"]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // One reply, then the reader goes away.
        try input.fileHandleForWriting.write(contentsOf: Data("add customer Quanyu Hospital\n".utf8))
        var first = Data()
        while !first.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "crmbot closed its output before the first reply")
            first.append(chunk)
        }
        #expect(String(decoding: first, as: UTF8.self).contains("Quanyu Hospital"))
        try output.fileHandleForReading.close()

        // More messages: the next reply cannot be written.
        let more = String(repeating: "show Quanyu Hospital\n", count: 200)
        try? input.fileHandleForWriting.write(contentsOf: Data(more.utf8))
        try? input.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        try #require(!process.isRunning, "crmbot did not stop after its output closed")
        #expect(process.terminationReason == .exit, "crmbot was killed by a signal (\(process.terminationStatus))")
        #expect(process.terminationStatus == 1)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("Broken pipe"), "\(stderr)")
    }
}
