import Glibc

/// An I/O failure with the errno and what was being done.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public let errno: Int32
    public let operation: String
    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
    }
    public var description: String {
        "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Blocking reads and writes on a file descriptor, retrying EINTR and short writes.
public enum FileDescriptorIO {
    /// Reads up to `buffer.count` bytes; 0 means end of input.
    public static func read(_ fd: Int32, into buffer: inout [UInt8]) throws(TransportError) -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n >= 0 { return n }
            let e = errno
            if e == EINTR { continue }
            throw TransportError(errno: e, operation: "read")
        }
    }

    /// Writes all of `bytes`.
    public static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) throws(TransportError) {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let n = array.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                throw TransportError(errno: e, operation: "write")
            }
            offset += n
        }
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
}
