import CRMDomain
import CRMSupport

/// Checks input before it reaches the database: names at most 200 characters and
/// not blank, other text at most 10,000 bytes of UTF-8, amounts within ``Money/maximum``.
enum InputLimits {
    static let maxNameCharacters = 200
    static let maxTextBytes = 10_000

    static func name(_ s: String, _ what: String) throws(StoreError) {
        guard !s.allSatisfy(\.isWhitespace) else {
            throw StoreError(.invalid, "The \(what) is empty.", context: "\(what): blank")
        }
        guard s.count <= maxNameCharacters else {
            throw StoreError(
                .invalid, "The \(what) is too long (at most \(maxNameCharacters) characters).",
                context: "\(what): \(s.count) characters")
        }
        try text(s, what)
    }

    /// A new rep's name: ``RepName``'s rule (visible characters, no space at either
    /// end), up to ``maxNameCharacters``; the bot checks its own, shorter limit first.
    static func repName(_ s: String) throws(StoreError) {
        do {
            try RepName.validate(s, maximumLength: maxNameCharacters)
        } catch {
            throw StoreError(.invalid, error.description, context: "rep name: \(error.reason)")
        }
    }

    static func names(_ list: [String], _ what: String) throws(StoreError) {
        for s in list { try name(s, what) }
    }

    static func text(_ s: String?, _ what: String) throws(StoreError) {
        guard let s else { return }
        guard s.utf8.count <= maxTextBytes else {
            throw StoreError(
                .invalid, "The \(what) is too long (at most \(maxTextBytes) bytes).",
                context: "\(what): \(s.utf8.count) bytes")
        }
    }

    static func money(_ m: Money?, _ what: String) throws(StoreError) {
        guard let m else { return }
        guard m.cents.magnitude <= Money.maximum.cents.magnitude else {
            throw StoreError(.invalid, "The \(what) is out of range.", context: "\(what) out of range")
        }
    }

    static func limit(_ n: Int) -> Int64 { Int64(max(0, min(n, 100_000))) }
}
