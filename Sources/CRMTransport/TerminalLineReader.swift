import CEditLine
import Foundation

/// Reads lines from a terminal with line editing and history (BSD libedit).
///
/// Not Sendable: used only by the one reader thread of ``StdioTransport``.
final class TerminalLineReader {
    let prompt: String
    let historyFile: String?

    init(prompt: String, historyFile: String?) {
        self.prompt = prompt
        self.historyFile = historyFile
        // libedit reads multibyte (Chinese) input only under a UTF-8 locale; a
        // container's default "C"/"POSIX" locale would drop it.
        let current = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? ""
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        using_history()
        stifle_history(1000)
        if let historyFile { _ = read_history(historyFile) }
    }

    /// The next line without its newline, or nil at end of input (Ctrl-D).
    func readLine() -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            _ = add_history(raw)
            if let historyFile {
                // History holds customer data: keep it private to the user.
                _ = write_history(historyFile)
                _ = chmod(historyFile, 0o600)
            }
        }
        return line
    }
}

@available(*, unavailable)
extension TerminalLineReader: Sendable {}
