import CRMDomain
import CRMInsights

/// Settings of the bot; the defaults are the product decisions documented in the README.
public struct BotOptions: Sendable, Hashable {
    /// The thresholds of the CRM method's rules (warnings, reorders, tiers and their
    /// window and shares, loyalty); customer.list's tiers use them too.
    public var insights: InsightSettings = .standard
    /// When a rep's reading of cards and lists in a day is unusual (domain §13):
    /// flagged in the audit log and an admin's briefing.
    public var bulkReads = BulkReadRule()
    /// Reads counted in memory are handed to the store at most this often…
    public var readBatchInterval: Duration = .seconds(1)
    /// …or once this many are waiting (see ``Bot/flushReads()``).
    public var readBatchSize = 64
    /// Longest accepted message, in characters (after control characters are stripped).
    public var maxMessageLength: Int
    /// Longest accepted rep name, in characters.
    public var maxUserNameLength: Int
    /// How long a clarifying question waits for its answer, in minutes of clock time.
    public var questionTimeoutMinutes: Int
    /// How many recent activities and orders the card shows.
    public var cardRecentLimit: Int
    /// Default task.list window: overdue, today and this many days ahead.
    public var upcomingDays: Int
    /// Longest accepted idempotency key, in characters.
    public var maxRequestKeyLength = 128

    public init(
        maxMessageLength: Int = 4000, maxUserNameLength: Int = 64, questionTimeoutMinutes: Int = 10,
        cardRecentLimit: Int = 5, upcomingDays: Int = 7
    ) {
        self.maxMessageLength = maxMessageLength
        self.maxUserNameLength = maxUserNameLength
        self.questionTimeoutMinutes = questionTimeoutMinutes
        self.cardRecentLimit = cardRecentLimit
        self.upcomingDays = upcomingDays
    }
}
