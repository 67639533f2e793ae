/// What one frame of input turned out to be.
public enum InboundFrame: Hashable, Sendable {
    /// A complete line, without its terminator (`\n` or `\r\n`), valid UTF-8.
    case line(String)
    /// A line longer than the limit; its bytes were dropped up to the next newline,
    /// except the first ``LineFramer/keptPrefixBytes`` (so that a protocol can still
    /// find, say, the request id to answer).
    case tooLong(byteCount: Int, prefix: [UInt8])
    /// A line that is not valid UTF-8; it was dropped.
    case invalidEncoding(byteCount: Int)
    /// An HTTP request (on an HTTP listener; see ``HTTPFramer``).
    case http(HTTPRequest)
    /// An HTTP request that could not be read; it is answered with the
    /// error's status and the connection closes.
    case badHTTP(HTTPRequestError)
}

/// Splits a byte stream into lines with a maximum length, like NIO's
/// `LineBasedFrameDecoder` with `maximumBufferSize`.
///
/// Memory stays bounded by `maximumLineBytes` whatever the input: an
/// over-long line is discarded as it streams in and reported once as
/// ``InboundFrame/tooLong(byteCount:)`` when its newline arrives (or at end of input).
///
/// Usage:
/// ```swift
/// var framer = LineFramer(maximumLineBytes: 64 * 1024)
/// framer.append(bytes) { frame in handle(frame) }
/// framer.finish { frame in handle(frame) }   // at end of input
/// ```
public struct LineFramer: Sendable {
    public let maximumLineBytes: Int
    /// How many leading bytes of an over-long line are kept for ``InboundFrame/tooLong(byteCount:prefix:)``.
    public static let keptPrefixBytes = 256
    private var buffer: [UInt8] = []
    private var discarding = false
    private var discardedCount = 0
    private var discardedPrefix: [UInt8] = []

    public init(maximumLineBytes: Int = 64 * 1024) {
        self.maximumLineBytes = max(1, maximumLineBytes)
        buffer.reserveCapacity(min(4096, self.maximumLineBytes))
    }

    /// Feeds bytes; calls `emit` for every frame they complete, in order.
    public mutating func append(_ bytes: some Collection<UInt8>, emit: (InboundFrame) -> Void) {
        for byte in bytes {
            if byte == 0x0A {
                endOfLine(emit: emit)
                continue
            }
            if discarding {
                discardedCount += 1
                continue
            }
            if buffer.count >= maximumLineBytes {
                discarding = true
                discardedCount = buffer.count + 1
                discardedPrefix = Array(buffer.prefix(LineFramer.keptPrefixBytes))
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            buffer.append(byte)
        }
    }

    /// Flushes a last line that had no newline.
    public mutating func finish(emit: (InboundFrame) -> Void) {
        if discarding || !buffer.isEmpty { endOfLine(emit: emit) }
    }

    private mutating func endOfLine(emit: (InboundFrame) -> Void) {
        if discarding {
            emit(.tooLong(byteCount: discardedCount, prefix: discardedPrefix))
            discarding = false
            discardedCount = 0
            discardedPrefix = []
            return
        }
        if buffer.last == 0x0D { buffer.removeLast() }
        if let s = String(validating: buffer, as: UTF8.self) {
            emit(.line(s))
        } else {
            emit(.invalidEncoding(byteCount: buffer.count))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
