import Foundation
import CLinuxSockets
import Glibc
import Synchronization

/// Serves line-based connections on Unix sockets and TCP addresses at once.
///
/// One I/O thread runs an epoll loop over non-blocking sockets; the
/// delegate's calls run as tasks, concurrently across connections and one at
/// a time per connection, so replies keep the order of requests. Each
/// connection has its own input framing (``LineFramer``), its own bounded
/// output buffer and its own limits, so a slow, stuck or abusive client
/// affects nobody else. The server knows nothing of the protocol: the
/// delegate turns frames into replies and renders the server's refusals.
///
/// Usage:
/// ```swift
/// let server = try SocketServer(
///     configuration: .init(listeners: [.unix(path: "/run/crmbot.sock"), try .init(tcp: "127.0.0.1:0")]),
///     delegate: handler, log: { print($0) })
/// let bound = try server.start()            // the real TCP port is in `bound`
/// let signals = ShutdownSignals.install { _ in server.beginShutdown() }
/// await server.waitUntilStopped()
/// ```
public final class SocketServer: Sendable {
    public let configuration: SocketServerConfiguration
    private let delegate: any SocketServerDelegate
    private let log: @Sendable (String) -> Void
    private let mailbox: Mailbox
    private enum Phase { case idle, running([ListenAddress]) }
    private let phase = Mutex(Phase.idle)

    /// - Parameters:
    ///   - log: receives one line per notable event (refusals, disconnections
    ///     of clients that do not read, stale socket files removed).
    public init(
        configuration: SocketServerConfiguration, delegate: any SocketServerDelegate,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(TransportError) {
        self.configuration = configuration
        self.delegate = delegate
        self.log = log
        self.mailbox = try Mailbox()
    }

    /// Binds every listener and starts the I/O thread; returns the bound
    /// addresses (TCP port 0 replaced by the real port).
    ///
    /// - Throws: ``ListenError`` when an address cannot be bound (nothing is
    ///   left listening then), or ``TransportError`` when epoll fails.
    @discardableResult
    public func start() throws -> [ListenAddress] {
        let isIdle = phase.withLock { if case .idle = $0 { return true } else { return false } }
        precondition(isIdle && !mailbox.isStopped, "SocketServer.start() called twice")
        var sockets = configuration.inherited.map { ListenerSocket(fd: $0.fd, address: $0.address, unixFileIdentity: nil) }
        do {
            for address in configuration.listeners {
                sockets.append(
                    try ListenerSocket.open(
                        address, unixMode: configuration.unixSocketMode, unixGroup: configuration.unixSocketGroup,
                        note: log))
            }
        } catch {
            for s in sockets { s.close() }
            throw error
        }
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else {
            let e = errno
            for s in sockets { s.close() }
            throw TransportError(errno: e, operation: "epoll_create1")
        }
        let listeners = sockets
        let bound = sockets.map(\.address)
        phase.withLock { $0 = .running(bound) }
        let (mailbox, configuration, delegate, log) = (self.mailbox, self.configuration, self.delegate, self.log)
        let thread = Thread {
            let loop = EventLoop(
                epfd: epfd, mailbox: mailbox, configuration: configuration, delegate: delegate, listeners: listeners,
                log: log)
            loop.run()
            mailbox.stop()
        }
        thread.name = "crmbot-sockets"
        thread.start()
        return bound
    }

    /// The bound addresses (empty before ``start()``).
    public var listeningAddresses: [ListenAddress] {
        phase.withLock { if case .running(let a) = $0 { return a } else { return [] } }
    }

    /// Started and not yet stopped.
    public var isRunning: Bool { !listeningAddresses.isEmpty && !mailbox.isStopped }

    /// Connections open now.
    public var connectionCount: Int { mailbox.openCount }

    /// Whether a connection is open.
    public func isOpen(_ connection: ConnectionID) -> Bool { mailbox.isOpen(connection) }

    /// Queues an unsolicited line (already framed) for a connection;
    /// thread-safe. While the delegate is handling a request of the
    /// connection, the line waits for that reply and follows it, so a push
    /// caused by a request never overtakes the request's reply. False when the connection is not
    /// open. A line that would overflow the connection's output buffer
    /// disconnects the client instead.
    @discardableResult
    public func push(_ line: String, to connection: ConnectionID) -> Bool {
        guard mailbox.isOpen(connection) else { return false }
        return mailbox.post(.push(connection, line, done: nil))
    }

    /// Like ``push(_:to:)`` but returns once the line was handed to the
    /// kernel (true) or the connection closed first (false).
    public func deliver(_ line: String, to connection: ConnectionID) async -> Bool {
        guard mailbox.isOpen(connection) else { return false }
        return await withCheckedContinuation { done in
            mailbox.post(.push(connection, line, done: done))
        }
    }

    /// Closes one connection once the reply being prepared for it (if any)
    /// is written; requests read but not started are dropped. Thread-safe;
    /// meant for the delegate (`QUIT`, repeated failed logins).
    public func disconnect(_ connection: ConnectionID) {
        mailbox.post(.close(connection))
    }

    /// Marks a connection as logged in, for a protocol with a login
    /// (``SocketServerConfiguration/login``): from now on the login deadline
    /// does not apply to it, it no longer counts against the share of slots
    /// for connections not logged in, and it is never crowded out.
    /// Thread-safe; call it before returning the login's reply.
    public func authenticated(_ connection: ConnectionID) {
        mailbox.post(.authenticated(connection))
    }

    /// Starts a graceful shutdown; returns at once. The server stops
    /// accepting and reading, removes its Unix socket files, answers queued
    /// requests with ``Refusal/shuttingDown``, lets in-flight requests finish
    /// and their replies flush, then closes. After `grace` (default
    /// ``SocketServerConfiguration/shutdownGrace``) remaining connections
    /// are closed anyway. Idempotent.
    public func beginShutdown(grace: Duration? = nil) {
        let running = phase.withLock { if case .running = $0 { return true } else { return false } }
        if running {
            mailbox.post(.shutdown(grace: grace ?? configuration.shutdownGrace))
        } else {
            mailbox.stop()
        }
    }

    /// Returns once the server has stopped.
    public func waitUntilStopped() async {
        await mailbox.waitUntilStopped()
    }

    /// ``beginShutdown(grace:)`` then ``waitUntilStopped()``.
    public func shutdown(grace: Duration? = nil) async {
        beginShutdown(grace: grace)
        await waitUntilStopped()
    }
}
