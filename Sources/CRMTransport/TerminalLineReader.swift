import CEditLine
import Foundation
import Synchronization

/// Set by the SIGINT handler while the terminal reader is installed.
private let interrupted = Atomic<Bool>(false)
/// The write end of the pipe the SIGINT handler wakes the reader thread through (any
/// thread may receive the signal, so an interrupted `poll` cannot be relied on); -1 before.
private let wakeWriteEnd = Atomic<Int32>(-1)

/// Reads lines from a terminal with line editing and history (BSD libedit).
///
/// As at a shell prompt, Ctrl-C drops the line being typed and shows a fresh prompt;
/// Ctrl-D on an empty line is the end of input. libedit's own signal handling (which
/// restores the terminal and re-raises the signal, so Ctrl-C quit) is turned off, and
/// lines are read through its callback interface while the reader waits on the
/// terminal and on a pipe the SIGINT handler writes to, so a Ctrl-C can clear the line.
///
/// Not Sendable: used only by the one reader thread of ``StdioTransport``.
final class TerminalLineReader {
    let prompt: String
    let historyFile: String?

    /// The line the callback delivered: `.some(nil)` at end of input. Touched only on the
    /// reader thread (libedit calls back from inside `rl_callback_read_char`).
    nonisolated(unsafe) private static var delivered: String?? = nil
    /// The read end of the wake-up pipe (-1 when it could not be made: Ctrl-C then only
    /// takes effect with the next key).
    private let wakeReadEnd: Int32

    init(prompt: String, historyFile: String?) {
        self.prompt = prompt
        self.historyFile = historyFile
        // libedit reads multibyte (Chinese) input only under a UTF-8 locale; a
        // container's default "C"/"POSIX" locale would drop it.
        let current = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? ""
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        crmbot_rl_leave_signals_alone()
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for fd in ends {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            wakeWriteEnd.store(ends[1], ordering: .relaxed)
        }
        wakeReadEnd = ends[0]
        Self.catchInterrupts()
        using_history()
        stifle_history(1000)
        if let historyFile { _ = read_history(historyFile) }
    }

    /// SIGINT sets a flag instead of ending the process, and interrupts a blocked wait
    /// for input (no SA_RESTART).
    private static func catchInterrupts() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interrupted.store(true, ordering: .relaxed)
            let fd = wakeWriteEnd.load(ordering: .relaxed)
            if fd >= 0 {
                var byte: UInt8 = 1
                _ = write(fd, &byte, 1)  // async-signal-safe; a full pipe already wakes the reader
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        _ = sigaction(SIGINT, &action, nil)
    }

    /// The next line without its newline, or nil at end of input (Ctrl-D).
    func readLine() -> String? {
        // A Ctrl-C typed while the previous message was being answered has no line to clear.
        drainWakeUps()
        interrupted.store(false, ordering: .relaxed)
        Self.delivered = nil
        install()
        defer { rl_callback_handler_remove() }
        while Self.delivered == nil {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeReadEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, wakeReadEnd >= 0 ? 2 : 1, -1)
            if wakeReadEnd >= 0 && fds[1].revents != 0 { drainWakeUps() }
            if interrupted.exchange(false, ordering: .relaxed) {
                // Drop what was typed and start a fresh line, as a shell does.
                rl_replace_line("", 0)
                rl_callback_handler_remove()
                _ = "\n".withCString { write(1, $0, 1) }
                install()
                continue
            }
            if ready < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) == 0 { continue }
            // Readable with nothing to read is the end of input: a Ctrl-D the terminal took
            // as end-of-file while the line was not being edited (between two messages), or
            // a terminal that went away. libedit would not call back for it.
            var pending: CInt = 0
            if ioctl(0, UInt(FIONREAD), &pending) == 0 && pending == 0 { return nil }
            rl_callback_read_char()
        }
        guard let line = Self.delivered ?? nil else { return nil }
        remember(line)
        return line
    }

    private func drainWakeUps() {
        guard wakeReadEnd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(wakeReadEnd, $0.baseAddress, $0.count) }) > 0 {}
    }

    private func install() {
        rl_callback_handler_install(prompt) { raw in
            guard let raw else {
                TerminalLineReader.delivered = .some(nil)
                return
            }
            TerminalLineReader.delivered = .some(
                String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self))
            free(raw)
        }
    }

    private func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        _ = add_history(line)
        if let historyFile {
            // History holds customer data: keep it private to the user.
            _ = write_history(historyFile)
            _ = chmod(historyFile, 0o600)
        }
    }
}

@available(*, unavailable)
extension TerminalLineReader: Sendable {}
