/// An error from a store, in terms the bot can act on and a rep can read.
///
/// Carries the underlying detail (the SQL, the engine's message, the file) in
/// `context` for logs; `context` never contains bound values (customer data).
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }
        /// The record does not exist (or is not visible to the rep).
        public static let notFound = Code(raw: "not_found")
        /// The write breaks a rule of the data (a duplicate, a missing parent).
        public static let constraint = Code(raw: "constraint")
        /// The database is locked by another writer for longer than the busy timeout.
        public static let busy = Code(raw: "busy")
        /// The database file or its directory cannot be written.
        public static let readOnly = Code(raw: "read_only")
        /// The file is not a crmbot database or is damaged; it is never overwritten.
        public static let corrupt = Code(raw: "corrupt")
        /// The file or directory cannot be opened or created.
        public static let cannotOpen = Code(raw: "cannot_open")
        /// The database was written by a newer crmbot.
        public static let tooNew = Code(raw: "too_new")
        /// Disk full or another I/O failure.
        public static let io = Code(raw: "io")
        /// The input was refused before it reached the database (too long, out of range).
        public static let invalid = Code(raw: "invalid")
        /// The rep may no longer change that record (its customer was handed over since).
        public static let forbidden = Code(raw: "forbidden")
        /// Another attempt of the same keyed request already wrote (see ``WriteContext/requestKey``).
        public static let requestHandled = Code(raw: "request_handled")
        /// Anything else.
        public static let other = Code(raw: "other")
    }

    public var code: Code
    /// A sentence for a person: what went wrong, without customer data.
    public var message: String
    /// Detail for logs: the SQL, the engine message and code, the path.
    public var context: String

    public init(_ code: Code, _ message: String, context: String = "") {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String {
        context.isEmpty ? "\(code): \(message)" : "\(code): \(message) (\(context))"
    }
}
