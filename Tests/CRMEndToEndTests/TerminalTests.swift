import CRMTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// The interactive mode, on a real pseudo-terminal: a prompt, the reply before
/// the next prompt, Chinese input through line editing, history kept private,
/// Ctrl-D to quit.
@Suite(.serialized, .offThePool)
struct TerminalTests {
    /// Bytes the terminal shows, collected by a reader thread.
    final class Screen: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        func append(_ chunk: ArraySlice<UInt8>) { bytes.withLock { $0 += chunk } }
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    /// Waits (bounded, only so that a hang fails instead of blocking) until `done` holds.
    func wait(_ screen: Screen, _ what: String, until done: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(CrmbotProcess.defaultTimeout)
        while !done(screen.text) {
            guard Date() < deadline else { throw E2EError("timed out waiting for \(what); the screen shows:\n\(screen.text)") }
            usleep(20_000)
        }
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The bot at a real pseudo-terminal: its process, the master end, and what it shows.
    struct Session {
        let process: ChildProcess
        let master: CInt
        let screen: Screen
        func type(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) } }
    }

    /// Starts crmbot on a new pseudo-terminal (history under `dir`); the caller closes
    /// `master` and kills the process.
    func start(in dir: TempDir) throws -> Session {
        // posix_openpt/grantpt/unlockpt are not in Swift's Glibc module: the
        // same through /dev/ptmx and its ioctls (unlock, then ask the number).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        var unlock: CInt = 0
        var number: CUnsignedInt = 0
        try #require(ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0)
        try #require(ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0)
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let process = try ChildProcess.spawn(
            try CrmbotLocation.binary().path, arguments: ["--now", "2026-11-22T09:00", "--as", "Li Ming"],
            environment: ["XDG_DATA_HOME": dir.url.path, "TERM": "dumb", "LANG": "C.UTF-8"],
            stdin: slave, stdout: slave, stderr: slave)
        close(slave)
        let screen = Screen()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                screen.append(buffer[0..<n])
            }
        }
        reader.start()
        return Session(process: process, master: master, screen: screen)
    }

    @Test func promptReplyOrderChineseInputHistoryAndCtrlD() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let session = try start(in: dir)
        defer { close(session.master) }
        defer { session.process.send(SIGKILL) }
        let (process, screen) = (session.process, session.screen)
        func type(_ text: String) { session.type(text) }

        try wait(screen, "the first prompt") { $0.contains("crmbot> ") }
        #expect(screen.text.contains("Type 'help'"))

        type("add customer Quanyu Hospital\r")
        try wait(screen, "the reply and the next prompt") { text in
            guard let reply = text.range(of: "Added company Quanyu Hospital") else { return false }
            return text[reply.upperBound...].contains("crmbot> ")
        }
        // The reply comes before the second prompt, never after it.
        let afterFirstLine = screen.text.components(separatedBy: "add customer Quanyu Hospital").last ?? ""
        let replyIndex = try #require(afterFirstLine.range(of: "Added company"))
        let promptIndex = try #require(afterFirstLine.range(of: "crmbot> "))
        #expect(replyIndex.lowerBound < promptIndex.lowerBound, "\(screen.text)")

        type("新建客户 全宇医院\r")
        try wait(screen, "the Chinese reply and the third prompt") { text in
            guard let reply = text.range(of: "全宇医院（#2）") else { return false }
            return text[reply.upperBound...].contains("crmbot> ")
        }

        type("\u{4}")  // Ctrl-D
        #expect(process.wait(seconds: CrmbotProcess.defaultTimeout) == .exited(0))

        let history = dir.url.appendingPathComponent("crmbot/history").path
        let text = try String(contentsOfFile: history, encoding: .utf8)
        // libedit encodes spaces as \040 in its history format.
        #expect(text.contains("add\\040customer\\040Quanyu\\040Hospital"), "\(text)")
        let mode = try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func ctrlCDropsTheLineBeingTypedAndTheBotGoesOn() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let session = try start(in: dir)
        defer { close(session.master) }
        defer { session.process.send(SIGKILL) }
        let (process, screen) = (session.process, session.screen)
        func type(_ text: String) { session.type(text) }

        try wait(screen, "the first prompt") { $0.contains("crmbot> ") }
        type("add customer Junk Co")
        try wait(screen, "the typed text") { $0.contains("Junk Co") }
        // The signal Ctrl-C makes the terminal send (this pty is not the child's
        // controlling terminal, so it is sent directly).
        process.send(SIGINT)
        try wait(screen, "a fresh prompt after Ctrl-C") { self.count("crmbot> ", in: $0) >= 2 }
        type("add customer Quanyu Hospital\r")
        try wait(screen, "the reply to the new line") { $0.contains("Added company Quanyu Hospital (#1)") }
        #expect(!screen.text.contains("Junk Co add customer"), "\(screen.text)")
        type("list customers\r")
        // The next prompt, as the first test does before Ctrl-D: a Ctrl-D typed while a
        // reply is still being worked out can be lost (the terminal is not in edit mode then).
        try wait(screen, "the list and the next prompt") { text in
            guard let list = text.range(of: "1 customer") else { return false }
            return text[list.upperBound...].contains("crmbot> ")
        }
        #expect(!screen.text.contains("Added company Junk Co"), "\(screen.text)")
        type("\u{4}")  // Ctrl-D still quits
        #expect(process.wait(seconds: CrmbotProcess.defaultTimeout) == .exited(0))
    }
}
