import Glibc

/// Why a listener could not be set up, with a message fit for a person.
///
/// `message` says what to do (`port 7070 on 127.0.0.1 is in use (EADDRINUSE)`,
/// `another crmbot is listening on /run/crmbot.sock`); `errno` is kept when a
/// system call failed.
public struct ListenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, stable for programs and tests.
    public enum Code: String, Sendable, Hashable {
        /// The TCP address and port are taken by another process.
        case addressInUse
        /// A live server answers on the Unix socket path.
        case alreadyListening
        /// The path exists and is not a socket, so it is not ours to remove.
        case notASocket
        /// The address could not be bound (permissions, missing directory, too long, …).
        case cannotBind
        /// The address is malformed or does not resolve.
        case invalidAddress
    }

    public let code: Code
    /// The address as given.
    public let address: String
    public let errno: Int32?
    public let message: String

    public init(code: Code, address: String, errno: Int32?, message: String) {
        self.code = code
        self.address = address
        self.errno = errno
        self.message = message
    }

    public var description: String { message }

    static func reason(_ e: Int32) -> String { "\(String(cString: strerror(e))) (errno \(e))" }
}
