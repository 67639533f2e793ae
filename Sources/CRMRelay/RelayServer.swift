import CRMDomain
import CRMSupport
import CRMTransport
import Synchronization

/// `crmbot serve`: the relay protocols on Unix sockets and TCP, one bot and
/// one store for every client, and reminders pushed when tasks fall due.
///
/// Usage:
/// ```swift
/// let relay = try RelayServer(
///     configuration: SocketServerConfiguration(listeners: [.unix(path: path)]), tokens: tokens,
///     store: store, responder: BotResponder(bot: bot), clock: SystemClock(), log: { print($0) })
/// for address in try relay.start() { print("listening on \(address)") }
/// let signals = ShutdownSignals.install { _ in relay.beginShutdown() }
/// await relay.waitUntilStopped()
/// ```
public final class RelayServer: Sendable {
    public let server: SocketServer
    private let delegate: RelayDelegate
    private let dispatcher: ReminderDispatcher
    private let reminderInterval: Duration

    /// - Parameters:
    ///   - configuration: the listeners and limits. Clients log in here, so a
    ///     configuration without ``SocketServerConfiguration/login`` gets the
    ///     default ``LoginLimits`` (a 10 s login deadline, 90% of the slots at
    ///     most for clients not logged in).
    ///   - slackSigningSecret: Slack's signing secret; when set, `POST /v1/slash`
    ///     requests must carry a valid `X-Slack-Signature` made within 5 minutes.
    ///   - reminderInterval: how often due reminders are looked for; nil for
    ///     no periodic sweep. A rep's reminders are also looked for at once
    ///     whenever the rep appears on a connection.
    public init(
        configuration: SocketServerConfiguration, tokens: AccessTokens, store: any CRMStore & CRMRelayStore,
        responder: any RelayResponder, clock: any WallClock, reminderInterval: Duration? = .seconds(30),
        slackSigningSecret: [UInt8]? = nil, log: @escaping @Sendable (String) -> Void
    ) throws(TransportError) {
        let presence = Presence()
        let outstanding = OutstandingReminders()
        let box = DispatcherBox(executor: configuration.taskExecutor)
        let delegate = RelayDelegate(
            tokens: tokens, store: store, responder: responder, clock: clock, presence: presence, outstanding: outstanding,
            slackSigningSecret: slackSigningSecret, log: log, onPresent: { name in box.rep(appeared: name) })
        var configuration = configuration
        if configuration.login == nil { configuration.login = LoginLimits() }
        let server = try SocketServer(configuration: configuration, delegate: delegate, log: log)
        delegate.server.withLock { $0 = server }
        let dispatcher = ReminderDispatcher(
            store: store, clock: clock, presence: presence, outstanding: outstanding, server: server, log: log)
        box.set(dispatcher)
        self.server = server
        self.delegate = delegate
        self.dispatcher = dispatcher
        self.reminderInterval = reminderInterval ?? .zero
    }

    /// Binds the listeners and starts serving; returns the bound addresses.
    @discardableResult
    public func start() throws -> [ListenAddress] {
        let bound = try server.start()
        if reminderInterval > .zero {
            let (dispatcher, server, interval) = (self.dispatcher, self.server, self.reminderInterval)
            Task(executorPreference: server.configuration.taskExecutor) {
                while server.isRunning {
                    try? await Task.sleep(for: interval)
                    await dispatcher.sweep()
                }
            }
        }
        return bound
    }

    /// Puts new tokens in force (SIGHUP after the token file changed): new logins
    /// use them at once, and connections logged in with a token that is gone are
    /// closed. Returns how many connections were closed.
    @discardableResult
    public func replaceTokens(_ tokens: AccessTokens) -> Int { delegate.replaceTokens(tokens) }

    /// Looks for due reminders now (tests, or after an external change).
    public func sweepReminders() async { await dispatcher.sweep() }

    public func beginShutdown(grace: Duration? = nil) { server.beginShutdown(grace: grace) }
    public func waitUntilStopped() async { await server.waitUntilStopped() }
    public func shutdown(grace: Duration? = nil) async { await server.shutdown(grace: grace) }
}

/// Lets the delegate reach the dispatcher, which needs the server, which
/// needs the delegate.
private final class DispatcherBox: Sendable {
    private let dispatcher = Mutex<ReminderDispatcher?>(nil)
    private let executor: (any TaskExecutor)?

    init(executor: (any TaskExecutor)?) { self.executor = executor }

    func set(_ d: ReminderDispatcher) { dispatcher.withLock { $0 = d } }

    func rep(appeared name: String) {
        guard let d = dispatcher.withLock({ $0 }) else { return }
        Task(executorPreference: executor) { await d.deliver(for: name) }
    }
}
