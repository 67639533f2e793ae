import CRMIntents
import CRMSupport
import CRMTransport

/// `crmbot parse`: how messages parse, as JSON, changing nothing.
enum ParseCommand {
    static func run(_ options: CommandLineOptions, _ config: Configuration) async -> ExitStatus {
        let clock: any WallClock
        do { clock = try config.clock(flag: options.now) } catch { fail(.usage, error.message) }
        let engine = ChatCommand.loadEngine(options, config)
        let explain = options.explain
        let render: @Sendable (String) -> String = { text in
            explain ? engine.analyze(text, now: clock.now()).json.serialized : engine.parse(text, now: clock.now()).json.serialized
        }
        if !options.arguments.isEmpty {
            let text = options.arguments.joined(separator: " ")
            let line = render(text) + "\n"
            do { try FileDescriptorIO.writeAll(1, Array(line.utf8)) } catch { return .ioFailure }
            return .ok
        }
        let transport = StdioTransport(maximumLineBytes: 1 << 20)
        do {
            try await transport.run { frame in
                switch frame {
                case .line(let text):
                    return render(text) + "\n"
                case .tooLong(let n, _):
                    printError("crmbot parse: a line of \(n) bytes is over the 1 MiB limit; printed intent none for it")
                    return #"{"intent":"none","slots":{}}"# + "\n"
                case .invalidEncoding:
                    printError("crmbot parse: a line is not valid UTF-8; printed intent none for it")
                    return #"{"intent":"none","slots":{}}"# + "\n"
                case .http, .badHTTP:  // standard input is framed in lines, never HTTP
                    return #"{"intent":"none","slots":{}}"# + "\n"
                }
            }
        } catch {
            printError("crmbot parse: \(error)")
            return .ioFailure
        }
        return .ok
    }
}
