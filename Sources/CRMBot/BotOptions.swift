import CRMInsights

/// Settings of the bot; the defaults are the product decisions documented in the README.
public struct BotOptions: Sendable, Hashable {
    /// The thresholds of the CRM method's rules (warnings, reorders, tiers, loyalty); the
    /// tier window and shares below take precedence over the ones in here, so customer.list
    /// and tier.list always agree.
    public var insights: InsightSettings = .standard
    /// Longest accepted message, in characters (after control characters are stripped).
    public var maxMessageLength: Int
    /// Longest accepted rep name, in characters.
    public var maxUserNameLength: Int
    /// How long a clarifying question waits for its answer, in minutes of clock time.
    public var questionTimeoutMinutes: Int
    /// How many recent activities and orders the card shows.
    public var cardRecentLimit: Int
    /// The window for value tiers (domain §5), in months back from today.
    public var tierWindowMonths: Int
    /// Cumulative revenue share that makes a customer `key` (domain §5: 80%).
    public var keyShare: Double
    /// Cumulative revenue share up to which a customer is `ordinary` (80% + 15%).
    public var ordinaryShare: Double
    /// Default task.list window: overdue, today and this many days ahead.
    public var upcomingDays: Int

    public init(
        maxMessageLength: Int = 4000, maxUserNameLength: Int = 64, questionTimeoutMinutes: Int = 10,
        cardRecentLimit: Int = 5, tierWindowMonths: Int = 12, keyShare: Double = 0.80, ordinaryShare: Double = 0.95,
        upcomingDays: Int = 7
    ) {
        self.maxMessageLength = maxMessageLength
        self.maxUserNameLength = maxUserNameLength
        self.questionTimeoutMinutes = questionTimeoutMinutes
        self.cardRecentLimit = cardRecentLimit
        self.tierWindowMonths = tierWindowMonths
        self.keyShare = keyShare
        self.ordinaryShare = ordinaryShare
        self.upcomingDays = upcomingDays
    }
}
