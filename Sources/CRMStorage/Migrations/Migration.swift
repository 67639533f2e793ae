/// One named schema step. Identifiers are ordered and never renamed once shipped.
struct Migration: Sendable {
    let identifier: String
    /// Fixed schema SQL (no user text).
    let sql: String
}

extension Migration {
    /// Every migration this build knows, in order.
    static let all: [Migration] = [.initial001, .indexes002, .insights003, .relays004]
}
