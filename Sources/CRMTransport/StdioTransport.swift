import Dispatch
import Foundation
import Glibc

/// Moves messages between standard input/output and a handler: one frame in,
/// at most one reply out, in order. Knows nothing of the bot or the protocol.
///
/// Standard input is read on a dedicated thread (blocking `read(2)`), framed by
/// ``LineFramer`` and handed to the handler one frame at a time; the reader
/// stays at most `readAhead` frames ahead, so memory is bounded for any input.
public struct StdioTransport: Sendable {
    /// Turns a frame into the bytes to write (already framed, e.g. ending in
    /// a newline), or nil to write nothing.
    public typealias Handler = @Sendable (InboundFrame) async -> String?

    public var input: Int32
    public var output: Int32
    public var maximumLineBytes: Int
    /// When set (a terminal), written before each message is read.
    public var prompt: String?
    public var readAhead: Int
    /// When set, input is a terminal: lines are read with editing and history
    /// (kept in `historyFile` if given), one at a time after each reply.
    public var terminal: Terminal?

    /// Line editing at a terminal.
    public struct Terminal: Sendable {
        public var prompt: String
        public var historyFile: String?
        public init(prompt: String, historyFile: String?) {
            self.prompt = prompt
            self.historyFile = historyFile
        }
    }

    public init(
        input: Int32 = 0, output: Int32 = 1, maximumLineBytes: Int = 64 * 1024, prompt: String? = nil,
        readAhead: Int = 64, terminal: Terminal? = nil
    ) {
        self.input = input
        self.output = output
        self.maximumLineBytes = maximumLineBytes
        self.prompt = terminal == nil ? prompt : nil
        self.readAhead = terminal == nil ? max(1, readAhead) : 1
        self.terminal = terminal
    }

    enum Event: Sendable {
        case frame(InboundFrame)
        case failed(TransportError)
    }

    /// Runs until end of input. Throws when input cannot be read or output
    /// cannot be written (e.g. the reader of our output went away).
    public func run(_ handler: Handler) async throws(TransportError) {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        // libdispatch aborts when a semaphore is freed with a value below the one it
        // was created with, which happens when reading stops (end of input at a
        // terminal, a failed write) with a credit taken. So start at zero and
        // signal the credits in: the value can then never end below its start.
        let credits = DispatchSemaphore(value: 0)
        for _ in 0..<readAhead { credits.signal() }
        let fd = input
        let limit = maximumLineBytes
        let terminal = self.terminal
        let thread = Thread {
            if let terminal {
                // One line at a time: the next prompt appears after the reply.
                let reader = TerminalLineReader(prompt: terminal.prompt, historyFile: terminal.historyFile)
                while true {
                    credits.wait()  // the previous reply has been written
                    guard let line = reader.readLine() else { break }
                    let frame: InboundFrame =
                        line.utf8.count > limit
                        ? .tooLong(byteCount: line.utf8.count, prefix: Array(line.utf8.prefix(LineFramer.keptPrefixBytes)))
                        : .line(line)
                    continuation.yield(.frame(frame))
                }
                continuation.finish()
                return
            }
            var framer = LineFramer(maximumLineBytes: limit)
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            let emit: (InboundFrame) -> Void = { frame in
                credits.wait()
                continuation.yield(.frame(frame))
            }
            while true {
                do throws(TransportError) {
                    let n = try FileDescriptorIO.read(fd, into: &buffer)
                    if n == 0 { break }
                    framer.append(buffer[0..<n], emit: emit)
                } catch {
                    continuation.yield(.failed(error))
                    break
                }
            }
            framer.finish(emit: emit)
            continuation.finish()
        }
        thread.start()

        if let prompt { try FileDescriptorIO.writeAll(output, Array(prompt.utf8)) }
        // Credits go back to the reader in batches of half its read-ahead, so that a
        // reader that runs ahead is woken once per batch, not once per message (a futex
        // wake and two context switches each). This never starves the stream: while the
        // reader waits for credits, at least readAhead − batch + 1 frames are queued.
        let batch = max(1, readAhead / 2)
        var held = 0
        for await event in stream {
            switch event {
            case .failed(let error):
                throw error
            case .frame(let frame):
                let reply = await handler(frame)
                // Release the reader only after the reply is out, so that a
                // terminal's next prompt comes after it.
                defer {
                    held += 1
                    if held >= batch {
                        for _ in 0..<held { credits.signal() }
                        held = 0
                    }
                }
                if let reply { try FileDescriptorIO.writeAll(output, Array(reply.utf8)) }
                if let prompt { try FileDescriptorIO.writeAll(output, Array(prompt.utf8)) }
            }
        }
        if prompt != nil { try FileDescriptorIO.writeAll(output, Array("\n".utf8)) }
    }
}
