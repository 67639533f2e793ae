/// One named schema step. Identifiers are ordered and never renamed once shipped.
struct Migration: Sendable {
    let identifier: String
    /// Fixed schema SQL (no user text).
    let sql: String
    /// Work SQL cannot express (folding names with ``TextMatching/fold(_:)``), run after
    /// `sql` in the same transaction.
    var backfill: (@Sendable (Connection) throws -> Void)? = nil
}

extension Migration {
    /// Every migration this build knows, in order.
    static let all: [Migration] = [
        .initial001, .indexes002, .insights003, .relays004, .nameLookup005, .readGuard006, .nameKeys007,
        .taskCancel008, .activitiesByRep009, .search010, .requestKeys011, .referredContacts012,
        .deals013, .repsLeaving014, .complaintSteps015, .trash016,
        .repeatRules017, .reminderAcks018, .checkLists019,
    ]
}
