/// Bytes waiting to be written to one connection, consumed from the front.
struct OutboundBuffer {
    private var bytes: [UInt8] = []
    private var start = 0
    /// Bytes written so far over the connection's life.
    private(set) var written: UInt64 = 0
    /// Bytes appended so far over the connection's life.
    private(set) var appended: UInt64 = 0

    var count: Int { bytes.count - start }
    var isEmpty: Bool { start == bytes.count }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        appended += UInt64(text.utf8.count)
    }

    mutating func consume(_ n: Int) {
        start += n
        written += UInt64(n)
        if start == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.capacity <= 64 * 1024)
            start = 0
        } else if start >= 64 * 1024 && start * 2 >= bytes.count {
            bytes.removeFirst(start)
            start = 0
        }
    }

    mutating func removeAll() {
        bytes = []
        start = 0
    }

    /// Calls `body` with the unwritten bytes.
    func withUnwritten<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[start...])) }
    }
}
