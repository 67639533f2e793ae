import CRMBot
import CRMRelay
import CRMStorage
import CRMSupport
import CRMTransport
import Foundation
import Synchronization

/// `crmbot serve`: chat relays over Unix sockets and TCP, sharing one bot
/// and one store (docs/protocol.md, "Sockets").
enum ServeCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        // SIGHUP (systemctl reload, logrotate) must never end the process, also while the
        // database is being opened or checkpointed: handled from the start, acted on once serving.
        let serving = Mutex<(RelayServer, ServeLog)?>(nil)
        let tokensFile = options.serve.tokensFile
        let reload = ShutdownSignals.install([SIGHUP]) { _ in
            guard let (relay, log) = serving.withLock({ $0 }) else {
                printError("crmbot: SIGHUP before serving started or after it ended: nothing reloaded")
                return
            }
            reloadTokensAndLog(relay, log, tokensFile)
        }
        defer { reload.cancel() }
        let clock: any WallClock
        let configuration: SocketServerConfiguration
        let log: ServeLog
        do {
            clock = try config.clock(flag: options.now)
            let inherited: [InheritedListener]
            do throws(SocketActivation.Failure) {
                inherited = try SocketActivation.listeners(environment: config.environment) ?? []
            } catch {
                fail(.listen, "socket activation: \(error)")
            }
            configuration = try options.serve.configuration(inherited: inherited)
            log = try ServeLog(path: options.serve.logFile)
        } catch {
            fail(.usage, error.message)
        }
        let tokens = loadTokens(options.serve.tokensFile, config)
        let slackSecret = options.serve.slackSecretFile.map(loadSlackSecret)
        let names = ChatCommand.loadNameScripts(options, config)
        let engine = ChatCommand.loadEngine(options, config, names: names)
        let store = ChatCommand.openStore(options, config, names: names)
        let bot = Bot(store: store, parser: engine, clock: clock)
        ProcessLimits.raiseOpenFileLimit()

        let relay: RelayServer
        do {
            relay = try RelayServer(
                configuration: configuration, tokens: tokens, store: store, responder: BotResponder(bot: bot),
                clock: clock, reminderInterval: options.serve.reminderInterval, slackSigningSecret: slackSecret,
                log: { log.write($0) })
        } catch {
            fail(.ioFailure, "\(error)")
        }
        let addresses: [String]
        do {
            addresses = try relay.start().map { "\($0)" }
        } catch let error as ListenError {
            fail(.listen, error.message)
        } catch {
            fail(.listen, "\(error)")
        }
        // First signal: graceful shutdown. Second: stop at once.
        let signalled = Mutex(0)
        let signals = ShutdownSignals.install { number in
            let count = signalled.withLock { n in
                n += 1
                return n
            }
            let name = number == SIGINT ? "SIGINT" : "SIGTERM"
            if count == 1 {
                printError("crmbot: \(name): shutting down (again to stop at once)")
                relay.beginShutdown()
            } else {
                fail(.ioFailure, "\(name) again: stopping at once")
            }
        }
        serving.withLock { $0 = (relay, log) }
        // Announce the listeners only once a SIGTERM is handled gracefully: a supervisor (or a
        // test) that stops crmbot as soon as it reads "listening" gets a clean shutdown.
        for address in addresses { printError("crmbot: listening on \(address)") }
        if log.path != nil { for address in addresses { log.write("listening on \(address)") } }
        await relay.waitUntilStopped()
        serving.withLock { $0 = nil }
        signals.cancel()
        await ChatCommand.saveReads(bot)
        do {
            try await store.checkpoint()
        } catch {
            printError("crmbot: the database was not checkpointed at shutdown (nothing is lost): \(error)")
        }
        printError("crmbot: stopped")
        return .ok
    }

    /// SIGHUP: the log file is reopened (after logrotate moved it) and the token file read
    /// again; a token file that no longer reads keeps the tokens in force.
    static func reloadTokensAndLog(_ relay: RelayServer, _ log: ServeLog, _ tokensFile: String?) {
        do throws(UsageError) {
            try log.reopen()
        } catch {
            printError("crmbot: SIGHUP: \(error.message)")
        }
        guard let tokensFile else {
            log.write("SIGHUP: log reopened; tokens come from CRMBOT_TOKENS and were not reloaded")
            return
        }
        do throws(TokenFileError) {
            let tokens = try AccessTokens.load(path: tokensFile)
            let closed = relay.replaceTokens(tokens)
            log.write("SIGHUP: log reopened; \(tokens.count) tokens reloaded from \(tokensFile)"
                + (closed > 0 ? "; \(closed) connection(s) whose token is gone closed" : ""))
        } catch {
            log.write("SIGHUP: the tokens in force are kept: \(error.message)")
        }
    }

    /// The signing secret in `--slack-secret FILE` (surrounding white space dropped).
    /// Read like a token file (``AccessTokens/readPrivateFile(_:what:)``): ours, mode 0600.
    static func loadSlackSecret(_ path: String) -> [UInt8] {
        let text: String
        do throws(TokenFileError) {
            text = try AccessTokens.readPrivateFile(path, what: "signing secret file")
        } catch {
            fail(.usage, "--slack-secret: \(error.message)")
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.utf8.count >= 16 else { fail(.usage, "--slack-secret \(path): the file holds no signing secret") }
        return Array(secret.utf8)
    }

    /// Tokens from `--tokens FILE`, else `CRMBOT_TOKENS`; serving without any is refused.
    static func loadTokens(_ file: String?, _ config: Configuration) -> AccessTokens {
        do {
            if let file { return try AccessTokens.load(path: file) }
            if let tokens = try AccessTokens.fromEnvironment("CRMBOT_TOKENS", environment: config.environment), tokens.count > 0 { return tokens }
        } catch {
            fail(.usage, error.message)
        }
        fail(.usage, "serve needs tokens: --tokens FILE (mode 0600, lines 'TOKEN NAME [REPS]') or CRMBOT_TOKENS")
    }
}

/// The bot, as the relay layer asks for it, with the stdio JSON codec.
struct BotResponder: RelayResponder {
    let bot: Bot

    func decode(_ frame: InboundFrame, defaultUser: String) -> RelayDecoded {
        switch MessageCodec(mode: .json, defaultUser: defaultUser).decode(frame) {
        case .reply(let line): return .reply(line)
        case .request(let r): return .request(RelayRequest(id: r.id, user: r.user, text: r.text, key: r.key))
        }
    }

    func respond(_ request: RelayRequest) async -> RelayReply {
        let reply = await bot.respond(to: BotRequest(id: request.id, user: request.user, text: request.text, key: request.key))
        return RelayReply(
            json: reply.json, ok: reply.ok, intent: reply.intent, text: reply.text, errorCode: reply.error?.code)
    }
}
