import CRMSupport
import Foundation
import CRMTransport
import Glibc

/// The command-line options of `crmbot serve`.
struct ServeOptions {
    var unix: [String] = []
    var tcp: [String] = []
    var http: [String] = []
    var requestSeconds: Double?
    var logFile: String?
    var slackSecretFile: String?
    var tokensFile: String?
    var maximumConnections: Int?
    var rate: Double?
    var burst: Int?
    var idleSeconds: Double?
    var loginSeconds: Double?
    var maximumPerAddress: Int?
    var reminderSeconds: Double?
    var socketMode: mode_t?
    var socketGroup: String?

    mutating func set(_ name: String, _ value: String) throws(UsageError) {
        func number(_ low: Double, _ high: Double) throws(UsageError) -> Double {
            guard let n = Double(value), n.isFinite, n >= low, n <= high else {
                throw UsageError("\(name) needs a number from \(Int(low)) to \(Int(high)), not '\(value)'")
            }
            return n
        }
        switch name {
        case "--unix": unix.append(value)
        case "--tcp": tcp.append(value)
        case "--http": http.append(value)
        case "--request-timeout": requestSeconds = try number(0, 86_400)
        case "--tokens": tokensFile = value
        case "--log": logFile = value
        case "--slack-secret": slackSecretFile = value
        case "--max-connections": maximumConnections = Int(try number(1, 1_000_000))
        case "--rate": rate = try number(0, 1_000_000)
        case "--burst": burst = Int(try number(1, 1_000_000))
        case "--idle-timeout": idleSeconds = try number(0, 31_536_000)
        case "--login-timeout": loginSeconds = try number(0, 86_400)
        case "--max-per-address": maximumPerAddress = Int(try number(0, 1_000_000))
        case "--reminder-interval": reminderSeconds = try number(0, 86_400)
        case "--socket-mode":
            guard let mode = mode_t(value, radix: 8), mode == 0o600 || mode == 0o660 else {
                throw UsageError("--socket-mode is 600 or 660, not '\(value)'")
            }
            socketMode = mode
        case "--socket-group": socketGroup = value
        default: throw UsageError(unknownOption: name)
        }
    }

    /// The socket server's configuration; throws on a bad address or group.
    /// `inherited`: sockets systemd passed in (socket activation), served beside the others.
    func configuration(inherited: [InheritedListener] = []) throws(UsageError) -> SocketServerConfiguration {
        var listeners = unix.map { ListenAddress.unix(path: $0) }
        for spec in tcp {
            do throws(ListenError) {
                listeners.append(try ListenAddress(tcp: spec))
            } catch {
                throw UsageError(error.message)
            }
        }
        for spec in http {
            do throws(ListenError) {
                listeners.append(try ListenAddress(http: spec))
            } catch {
                throw UsageError(error.message.replacingOccurrences(of: "TCP address", with: "HTTP address"))
            }
        }
        guard !listeners.isEmpty || !inherited.isEmpty else {
            throw UsageError("serve needs somewhere to listen: --unix PATH, --tcp HOST:PORT and/or --http HOST:PORT (or sockets from systemd)")
        }
        var c = SocketServerConfiguration(listeners: listeners)
        c.inherited = inherited
        // Requests run where blocking database calls may wait (the store runs them on the
        // calling thread), never on Swift's cooperative pool, which they would starve.
        c.taskExecutor = BlockingWorkExecutor.shared
        if let maximumConnections { c.maximumConnections = maximumConnections }
        if let rate { c.requestsPerSecond = rate > 0 ? rate : nil }
        if let burst { c.burst = burst }
        if let requestSeconds { c.requestTimeout = requestSeconds > 0 ? .milliseconds(Int64(requestSeconds * 1000)) : nil }
        if let idleSeconds { c.idleTimeout = idleSeconds > 0 ? .milliseconds(Int64(idleSeconds * 1000)) : nil }
        var login = LoginLimits()
        if let loginSeconds { login.timeout = loginSeconds > 0 ? .milliseconds(Int64(loginSeconds * 1000)) : nil }
        c.login = login
        if let maximumPerAddress { c.maximumConnectionsPerAddress = maximumPerAddress > 0 ? maximumPerAddress : nil }
        if let socketMode { c.unixSocketMode = socketMode }
        if let socketGroup {
            guard let group = getgrnam(socketGroup) else { throw UsageError("--socket-group: no group '\(socketGroup)'") }
            c.unixSocketGroup = group.pointee.gr_gid
            if socketMode == nil { c.unixSocketMode = 0o660 }
        }
        return c
    }

    /// Nil: no periodic sweep.
    var reminderInterval: Duration? {
        let seconds = reminderSeconds ?? 30
        return seconds > 0 ? .milliseconds(Int64(seconds * 1000)) : nil
    }
}
