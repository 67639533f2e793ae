/// The fields of an `application/x-www-form-urlencoded` body (what Slack and
/// Mattermost post for slash commands and outgoing webhooks).
struct FormFields: Sendable, Hashable {
    private(set) var values: [String: String] = [:]

    subscript(name: String) -> String? { values[name] }

    /// Nil when a field is not valid percent-encoded UTF-8. A name given
    /// twice keeps its first value.
    init?(_ body: some Collection<UInt8>) {
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { return nil }
            guard let value = parts.count > 1 ? Self.decode(parts[1]) : "" else { return nil }
            if values[name] == nil { values[name] = value }
        }
    }

    /// `+` is a space, `%XX` a byte; the bytes must be UTF-8.
    static func decode(_ encoded: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var i = encoded.startIndex
        while i != encoded.endIndex {
            let b = encoded[i]
            if b == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if b == UInt8(ascii: "%") {
                let h = encoded.index(after: i)
                guard h != encoded.endIndex else { return nil }
                let l = encoded.index(after: h)
                guard l != encoded.endIndex, let hi = hex(encoded[h]), let lo = hex(encoded[l]) else { return nil }
                bytes.append(hi << 4 | lo)
                i = l
            } else {
                bytes.append(b)
            }
            i = encoded.index(after: i)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
