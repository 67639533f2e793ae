import CRMBot
import CRMDomain
import CRMIntents
import CRMStorage
import CRMSupport
import CRMTransport
import Foundation

/// `crmbot` (chat): the bot over standard input/output.
enum ChatCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        let clock: any WallClock
        let user: String
        do {
            clock = try config.clock(flag: options.now)
            user = try config.user(flag: options.user)
        } catch {
            fail(.usage, error.message)
        }
        let names = loadNameScripts(options, config)
        let engine = loadEngine(options, config, names: names)
        let store = openStore(options, config, names: names)
        let bot = Bot(store: store, parser: engine, clock: clock)

        let interactive = FileDescriptorIO.isTerminal(0) && !options.json
        let codec = MessageCodec(
            mode: options.json ? .json : (interactive ? .plainInteractive : .plain),
            defaultUser: user)
        if interactive {
            let greeting = "crmbot — your CRM in chat. Type 'help' for what I can do, Ctrl-D to quit.\n"
            try? FileDescriptorIO.writeAll(1, Array(greeting.utf8))
        }
        let transport = StdioTransport(
            terminal: interactive ? .init(prompt: "crmbot> ", historyFile: config.historyFile()) : nil)
        do {
            try await transport.run { frame in
                switch codec.decode(frame) {
                case .reply(let text): return text
                case .request(let request): return codec.encode(await bot.respond(to: request))
                }
            }
        } catch {
            printError("crmbot: \(error)")
            await saveReads(bot)
            return .ioFailure
        }
        await saveReads(bot)
        return .ok
    }

    /// Hands the reads of cards and lists counted in memory to the store
    /// (domain §13); a failure is reported, never fatal.
    static func saveReads(_ bot: Bot) async {
        do {
            try await bot.flushReads()
        } catch {
            printError("crmbot: the day's count of cards and lists read was not saved: \(error)")
        }
    }

    /// The grammar and model; `names` (the name tables, when the caller loaded them) gives
    /// the engine its pinyin syllables and simplified forms without reading the tables again.
    static func loadEngine(_ options: CommandLineOptions, _ config: Configuration, names: NameScripts? = nil) -> IntentEngine {
        let directory: String
        switch config.intentsDirectory(flag: options.intentsDirectory) {
        case .success(let d): directory = d
        case .failure(let e): fail(.grammar, e.message)
        }
        do {
            let engine = try IntentEngine.load(directory: directory, model: !options.noModel, names: names)
            // The engine lives as long as the process: tearing its tables down at exit
            // costs milliseconds of a one-message run and frees nothing the system would not.
            _ = Unmanaged.passRetained(engine)
            return engine
        } catch {
            fail(.grammar, "the grammar is invalid: \(error)")
        }
    }

    /// The name tables beside the grammar (``NameTables``); empty when there is no grammar
    /// directory (``loadEngine(_:_:)`` has refused that already); a malformed one stops
    /// start-up like a grammar error.
    static func loadNameScripts(_ options: CommandLineOptions, _ config: Configuration) -> NameScripts {
        guard case .success(let directory) = config.intentsDirectory(flag: options.intentsDirectory) else { return .empty }
        do {
            return try NameTables.load(intentsDirectory: directory)
        } catch {
            fail(.grammar, "a name table is invalid: \(error)")
        }
    }

    /// Opens the database with the name tables of ``loadNameScripts(_:_:)``.
    static func openStore(_ options: CommandLineOptions, _ config: Configuration, names: NameScripts? = nil) -> SQLiteStore {
        let nameScripts = names ?? loadNameScripts(options, config)
        let (path, isDefault) = config.databasePath(flag: options.databasePath)
        if isDefault {
            let dir = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                fail(.database, "cannot create the database directory \(dir): \(error.localizedDescription)")
            }
        }
        let durability: SQLiteStore.Durability
        do {
            durability = try config.durability(flag: options.durability)
        } catch {
            fail(.usage, error.message)
        }
        do {
            return try SQLiteStore.open(path: path, options: .init(durability: durability), nameScripts: nameScripts)
        } catch {
            fail(.database, "\(error.message)\n  database: \(path)" + (error.context.isEmpty ? "" : "\n  detail: \(error.context)"))
        }
    }
}
