import CRMSupport
import Foundation
import Glibc

/// The highest role a token lets its client act as (least privilege for relays):
/// a request for a rep whose role is above it is refused.
public enum TokenRole: String, Sendable, Hashable, CaseIterable, Comparable {
    case rep, manager, admin

    /// What a token allows when its line does not say: reps and managers, never an
    /// admin (acting as an admin needs a token that says `role=admin`).
    public static let standard: TokenRole = .manager

    private var rank: Int {
        switch self {
        case .rep: return 0
        case .manager: return 1
        case .admin: return 2
        }
    }

    public static func < (a: TokenRole, b: TokenRole) -> Bool { a.rank < b.rank }
}

/// What a token allows: the relay (or person) it names, the reps it may speak
/// for and the highest role it may act as.
public struct TokenGrant: Hashable, Sendable {
    /// The name of the relay or client, for logs and the audit trail.
    public let name: String
    /// The reps this token may speak for; nil means any rep.
    public let reps: [String]?
    /// The highest role of a rep this token may speak for.
    public let highestRole: TokenRole

    public init(name: String, reps: [String]?, highestRole: TokenRole = .standard) {
        self.name = name
        self.reps = reps
        self.highestRole = highestRole
    }

    /// Whether the token may speak for `rep` (compared exactly).
    public func allows(rep: String) -> Bool { reps?.contains(rep) ?? true }
}

/// Why tokens could not be loaded.
public struct TokenFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let errno: Int32?
    public init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }
    public var description: String { message }
}

/// The tokens socket clients authenticate with.
///
/// The file format, one token per line; `#` starts a comment line and blank
/// lines are ignored:
/// ```
/// # TOKEN                            NAME           [role=ROLE] [REPS, comma-separated]
/// 3f9c0d1e8a7b6c5d4e3f2a1b0c9d8e7f   slack-bridge
/// 0a1b2c3d4e5f60718293a4b5c6d7e8f9   wecom-bridge   Li Ming, Wang Fang
/// 5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b   ops-console    role=admin
/// 7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f   sales-desk     role=rep *
/// ```
/// A line with no reps (or `*`) may speak for any rep. `role=` (`rep`,
/// `manager` or `admin`) is the highest role of a rep the token may speak for;
/// without it, ``TokenRole/standard`` (reps and managers). Lines written before
/// roles existed mean what they meant, except that acting as an admin now needs
/// `role=admin`. Tokens are at least 16 characters without spaces and must be
/// unique; names and reps follow the rep-name rule (no invisible characters).
///
/// ``authenticate(_:)`` compares in constant time: it looks at every byte of
/// every token whatever the input, so timing does not tell how much of a
/// guess was right.
public struct AccessTokens: Sendable {
    private let entries: [(secret: [UInt8], grant: TokenGrant)]

    /// The shortest token accepted.
    public static let minimumLength = 16

    public var count: Int { entries.count }

    /// Whether `token` is one of these (after a reload, a connection that logged in
    /// with a token no longer listed must log in again, even when another token now
    /// grants the same).
    public func contains(token: [UInt8]) -> Bool {
        var found = false
        for entry in entries where Self.constantTimeEqual(token, entry.secret) { found = true }
        return found
    }

    public init(_ tokens: [(token: String, grant: TokenGrant)]) {
        entries = tokens.map { (Array($0.token.utf8), $0.grant) }
    }

    /// The grant of `presented`, or nil when it matches no token.
    public func authenticate(_ presented: String) -> TokenGrant? {
        let given = Array(presented.utf8)
        var found: Int?
        for (index, entry) in entries.enumerated() where Self.constantTimeEqual(given, entry.secret) {
            found = index
        }
        return found.map { entries[$0].grant }
    }

    /// Equality whose time depends only on the lengths, not on where the
    /// bytes differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0
    }

    /// Starts the optional role field of a token line.
    static let rolePrefix = "role="

    /// Parses the file format above; `source` names the origin in errors.
    public static func parse(_ text: String, source: String) throws(TokenFileError) -> AccessTokens {
        var tokens: [(token: String, grant: TokenGrant)] = []
        var seen: Set<String> = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
            let at = "\(source) line \(number + 1)"
            guard fields.count >= 2 else { throw TokenFileError("\(at): expected 'TOKEN NAME [REPS]'") }
            let token = String(fields[0])
            guard token.count >= minimumLength else {
                throw TokenFileError("\(at): the token is shorter than \(minimumLength) characters")
            }
            guard seen.insert(token).inserted else { throw TokenFileError("\(at): the token appears twice") }
            let name = String(fields[1])
            // The name is shown in the audit log: nothing invisible in it.
            if let bad = name.unicodeScalars.first(where: VisibleText.isInvisible) {
                throw TokenFileError(
                    "\(at): the name \"\(VisibleText.escaped(name))\" contains an invisible character "
                        + "(\(VisibleText.escaped(String(Character(bad)))))")
            }
            var reps: [String]?
            var role = TokenRole.standard
            var rest = fields.count == 3 ? fields[2].drop { $0 == " " || $0 == "\t" } : ""
            if rest.hasPrefix(Self.rolePrefix) {
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                guard let r = TokenRole(rawValue: String(word.dropFirst(Self.rolePrefix.count))) else {
                    throw TokenFileError(
                        "\(at): \"\(VisibleText.escaped(String(word)))\" is not a role; "
                            + "use role=rep, role=manager or role=admin")
                }
                role = r
                rest = rest.dropFirst(word.count)
            }
            if !rest.trimmingSpaces.isEmpty {
                let list = rest.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
                if list != ["*"] {
                    guard !list.isEmpty else { throw TokenFileError("\(at): the rep list is empty") }
                    for rep in list {
                        do throws(InvalidRepName) {
                            try RepName.validate(rep)
                        } catch {
                            throw TokenFileError("\(at): \(error.description)")
                        }
                    }
                    reps = list
                }
            }
            tokens.append((token, TokenGrant(name: name, reps: reps, highestRole: role)))
        }
        return AccessTokens(tokens)
    }

    /// Loads a token file, refusing one that others could read or write
    /// (its mode must be 0600 or stricter, and it must be ours).
    public static func load(path: String) throws(TokenFileError) -> AccessTokens {
        try parse(try readPrivateFile(path, what: "token file"), source: path)
    }

    /// The text of a file holding a secret (`what` names it in errors: "token file",
    /// "signing secret file"), refusing one that is not a regular file, that others could
    /// read or write (mode 0600 or stricter), that is not ours, over 1 MiB or not UTF-8.
    public static func readPrivateFile(_ path: String, what: String) throws(TokenFileError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TokenFileError("cannot open the \(what) \(path): \(String(cString: strerror(errno)))", errno: errno)
        }
        defer { _ = close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw TokenFileError("cannot stat the \(what) \(path): \(String(cString: strerror(errno)))", errno: errno)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw TokenFileError("the \(what) \(path) is not a regular file") }
        let permissions = st.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw TokenFileError(
                "the \(what) \(path) has mode \(String(permissions, radix: 8)); it must be 0600 "
                    + "(readable by its owner only): chmod 600 \(path)")
        }
        guard st.st_uid == geteuid() else {
            throw TokenFileError("the \(what) \(path) belongs to uid \(st.st_uid), not to this user (uid \(geteuid()))")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n: Int
            do throws(TransportError) {
                n = try FileDescriptorIO.read(fd, into: &chunk)
            } catch {
                throw TokenFileError("cannot read the \(what) \(path): \(error)", errno: error.errno)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            guard bytes.count <= 1 << 20 else { throw TokenFileError("the \(what) \(path) is over 1 MiB") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TokenFileError("the \(what) \(path) is not valid UTF-8")
        }
        return text
    }

    /// Tokens from an environment variable: either one bare token (named
    /// `name`, any rep up to ``TokenRole/standard``) or the file format, lines
    /// separated by newlines or `;`.
    /// Nil when the variable is unset or empty.
    ///
    /// - Parameter environment: the process environment by default; tests
    ///   pass their own (changing the real one races with threads that read it).
    public static func fromEnvironment(
        _ variable: String, name: String = "env",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TokenFileError) -> AccessTokens? {
        guard let raw = environment[variable] else { return nil }
        let value = raw.trimmingSpaces
        if value.isEmpty { return nil }
        if !value.contains(where: { $0 == " " || $0 == "\t" || $0 == ";" || $0 == "\n" }) {
            guard value.count >= minimumLength else {
                throw TokenFileError("\(variable): the token is shorter than \(minimumLength) characters")
            }
            return AccessTokens([(String(value), TokenGrant(name: name, reps: nil))])
        }
        return try parse(value.replacingSemicolons, source: variable)
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    fileprivate var trimmingSpaces: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    fileprivate var replacingSemicolons: String { String(map { $0 == ";" ? "\n" : $0 }) }
}
