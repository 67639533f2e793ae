/// The framing of one connection: lines, or HTTP requests on an HTTP listener.
struct ConnectionFramer {
    private var lines: LineFramer?
    private var http: HTTPFramer?

    init(for listener: ListenAddress, maximumLineBytes: Int) {
        if listener.isHTTP {
            var limits = HTTPFramer.Limits()
            limits.maximumBodyBytes = maximumLineBytes
            http = HTTPFramer(limits: limits)
        } else {
            lines = LineFramer(maximumLineBytes: maximumLineBytes)
        }
    }

    var isHTTP: Bool { http != nil }

    /// Part of an HTTP request came and the rest has not (always false for lines,
    /// whose slow senders the idle timeout covers).
    var hasPartialRequest: Bool { http?.hasPartialRequest ?? false }

    mutating func append(_ bytes: some Collection<UInt8>, emit: (InboundFrame) -> Void) {
        if lines != nil { lines?.append(bytes, emit: emit) } else { http?.append(bytes, emit: emit) }
    }

    mutating func finish(emit: (InboundFrame) -> Void) {
        if lines != nil { lines?.finish(emit: emit) } else { http?.finish(emit: emit) }
    }

    /// An interim response owed now (`100 Continue`), if any.
    mutating func takeInterimResponse() -> String? { http?.takeInterimResponse() }
}
