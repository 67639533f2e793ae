import CRMTransport
import Foundation
import Glibc
import Synchronization

/// Where `crmbot serve` writes its log: standard error (for systemd's journal or
/// a terminal), or with `--log FILE` that file, each line stamped with the UTC
/// time. SIGHUP reopens the file, so logrotate can move it away.
final class ServeLog: Sendable {
    let path: String?
    private let fd = Mutex<Int32>(-1)

    /// Opens `path` for appending (created mode 0640); nil logs to standard error.
    init(path: String?) throws(UsageError) {
        self.path = path
        if path != nil { try reopen() }
    }

    /// Opens the file again (after it was moved away); the old descriptor is closed.
    func reopen() throws(UsageError) {
        guard let path else { return }
        let new = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard new >= 0 else {
            throw UsageError("--log \(path): cannot open for appending: \(String(cString: strerror(errno)))")
        }
        let old = fd.withLock { current in
            defer { current = new }
            return current
        }
        if old >= 0 { close(old) }
    }

    /// Writes one line (`crmbot: …`).
    func write(_ message: String) {
        guard path != nil else {
            printError("crmbot: " + message)
            return
        }
        let line = "\(Self.stamp()) crmbot: \(message)\n"
        fd.withLock { fd in
            if fd < 0 || (try? FileDescriptorIO.writeAll(fd, Array(line.utf8))) == nil {
                printError("crmbot: " + message)
            }
        }
    }

    private static func stamp() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
