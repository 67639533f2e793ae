/// Column names of a statement's result, with a name → index lookup.
final class ColumnIndex: Sendable {
    let names: [String]
    let positions: [String: Int]
    init(names: [String]) {
        self.names = names
        var p: [String: Int] = [:]
        for (i, n) in names.enumerated() where p[n] == nil { p[n] = i }
        self.positions = p
    }
}

/// One result row, copied out of the statement so it outlives the next step.
///
/// Access by index or by column name; typed accessors throw ``RowDecodingError``
/// when the value does not have the expected type (a damaged or foreign file).
struct Row: Sendable {
    let values: [SQLValue]
    let columns: ColumnIndex

    subscript(index: Int) -> SQLValue { values[index] }

    /// The value of the column named `name`; `.null` when there is no such column.
    subscript(name: String) -> SQLValue {
        guard let i = columns.positions[name] else { return .null }
        return values[i]
    }

    func value(_ name: String) throws -> SQLValue {
        guard let i = columns.positions[name] else { throw RowDecodingError(column: name, reason: "no such column") }
        return values[i]
    }

    func int64(_ name: String) throws -> Int64 {
        guard case .integer(let v) = try value(name) else { throw RowDecodingError(column: name, reason: "not an integer") }
        return v
    }

    func optionalInt64(_ name: String) throws -> Int64? {
        switch try value(name) {
        case .null: return nil
        case .integer(let v): return v
        default: throw RowDecodingError(column: name, reason: "not an integer")
        }
    }

    func double(_ name: String) throws -> Double? {
        switch try value(name) {
        case .null: return nil
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: throw RowDecodingError(column: name, reason: "not a number")
        }
    }

    func string(_ name: String) throws -> String {
        guard case .text(let v) = try value(name) else { throw RowDecodingError(column: name, reason: "not text") }
        return v
    }

    func optionalString(_ name: String) throws -> String? {
        switch try value(name) {
        case .null: return nil
        case .text(let v): return v
        default: throw RowDecodingError(column: name, reason: "not text")
        }
    }

    /// Decodes a text column into a string enumeration.
    func decode<E: RawRepresentable>(_ type: E.Type, _ name: String) throws -> E where E.RawValue == String {
        let raw = try string(name)
        guard let v = E(rawValue: raw) else { throw RowDecodingError(column: name, reason: "unknown value") }
        return v
    }

    func decodeOptional<E: RawRepresentable>(_ type: E.Type, _ name: String) throws -> E? where E.RawValue == String {
        guard let raw = try optionalString(name) else { return nil }
        guard let v = E(rawValue: raw) else { throw RowDecodingError(column: name, reason: "unknown value") }
        return v
    }
}
