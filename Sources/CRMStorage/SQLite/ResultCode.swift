import CSQLite

/// An SQLite result code, primary or extended (`SQLITE_CONSTRAINT_FOREIGNKEY`).
///
/// `~=` lets a primary code match every extended code of its family, so
/// `case ResultCode.constraint:` catches unique, foreign-key and check failures alike.
struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32
    init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code: the low byte of an extended code.
    var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }
    var isPrimary: Bool { rawValue == primary.rawValue }

    var description: String { "\(rawValue)" }

    static let ok = ResultCode(rawValue: SQLITE_OK)
    static let error = ResultCode(rawValue: SQLITE_ERROR)
    static let permission = ResultCode(rawValue: SQLITE_PERM)
    static let busy = ResultCode(rawValue: SQLITE_BUSY)
    static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    static let full = ResultCode(rawValue: SQLITE_FULL)
    static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    static let auth = ResultCode(rawValue: SQLITE_AUTH)
    static let range = ResultCode(rawValue: SQLITE_RANGE)
    static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    static let row = ResultCode(rawValue: SQLITE_ROW)
    static let done = ResultCode(rawValue: SQLITE_DONE)
    /// `SQLITE_CONSTRAINT_FOREIGNKEY` (787).
    static let constraintForeignKey = ResultCode(rawValue: 787)
    /// `SQLITE_CONSTRAINT_UNIQUE` (2067).
    static let constraintUnique = ResultCode(rawValue: 2067)
    /// `SQLITE_CONSTRAINT_PRIMARYKEY` (1555).
    static let constraintPrimaryKey = ResultCode(rawValue: 1555)

    /// A primary pattern matches its whole family; an extended pattern matches exactly.
    static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.isPrimary ? pattern == code.primary : pattern == code
    }
}
