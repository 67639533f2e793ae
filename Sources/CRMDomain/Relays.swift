import CRMSupport

/// What an audit-log entry records (domain §13: logins, exports, handovers,
/// permission refusals and unusual bulk reading are audited).
public enum AuditKind: String, Sendable, Hashable, CaseIterable {
    /// A client authenticated with a token.
    case login
    /// A client presented an unknown token.
    case loginFailed = "login_failed"
    /// Customer data was exported in bulk.
    case export
    /// A rep's accounts were handed over to another rep.
    case handover
    /// A request was refused for lack of permission.
    case refused
    /// A rep read far more cards and lists in a day than their norm (``BulkReadRule``).
    case bulkRead = "bulk_read"
    /// A customer was deleted with its records.
    case delete
    /// A deleted customer was restored.
    case restore
    /// Two customers were merged into one.
    case merge
}

/// One audit-log entry to write.
public struct NewAuditEntry: Sendable, Hashable {
    public var at: LocalDateTime
    public var kind: AuditKind
    /// Who acted: a rep's name, or the relay's token name for a login.
    public var actor: String
    /// The rep concerned, when there is one.
    public var repID: RepID?
    /// What happened, for a person (no secrets: never a token).
    public var detail: String

    public init(at: LocalDateTime, kind: AuditKind, actor: String, repID: RepID? = nil, detail: String) {
        self.at = at
        self.kind = kind
        self.actor = actor
        self.repID = repID
        self.detail = detail
    }
}

/// One audit-log entry as stored; entries are never changed or undone.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: LocalDateTime
    public var kind: AuditKind
    public var actor: String
    public var repID: RepID?
    public var detail: String

    public init(id: Int64, at: LocalDateTime, kind: AuditKind, actor: String, repID: RepID?, detail: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.actor = actor
        self.repID = repID
        self.detail = detail
    }
}

/// What a handover moved from one rep to another.
public struct HandoverSummary: Sendable, Hashable {
    public var from: Rep
    public var to: Rep
    /// Customers whose owner changed (their full history goes with them).
    public var customers: Int
    /// Open tasks reassigned.
    public var tasks: Int
    /// Open complaints reassigned.
    public var complaints: Int

    public init(from: Rep, to: Rep, customers: Int, tasks: Int, complaints: Int) {
        self.from = from
        self.to = to
        self.customers = customers
        self.tasks = tasks
        self.complaints = complaints
    }
}

/// The administration a multi-client server needs beyond ``CRMStore``: the
/// audit log, handovers and once-only reminders.
///
/// Kept apart from ``CRMStore`` so that the bot's store stays small; a store
/// that serves relays implements both.
public protocol CRMRelayStore: Sendable {
    /// Appends an audit entry (its own transaction).
    func appendAudit(_ entry: NewAuditEntry) async throws -> AuditEntry
    /// The newest `limit` entries, newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]

    /// Moves every customer of `from`, with their history, and `from`'s open
    /// tasks and complaints to `to`, in one transaction that is also recorded
    /// in the change log (undoable) and the audit log.
    func handOver(from: RepID, to: RepID, _ ctx: WriteContext) async throws -> HandoverSummary

    /// Open tasks of `repID` due at or before `asOf` whose reminder has not
    /// been sent for their current due time, by due time.
    func dueReminders(for repID: RepID, asOf: LocalDateTime) async throws -> [TaskItem]
    /// Claims the reminder of a task for its current due time and returns its
    /// event id; nil when it was claimed already (by this or another process),
    /// so that a reminder is first pushed once, and nil when the task is gone,
    /// done or due at another time since it was read (there is nothing to
    /// remind of then).
    func claimReminder(_ task: TaskItem, at: LocalDateTime) async throws -> Int64?
    /// Gives a claim back when the reminder could not be delivered, so that
    /// it is sent when the rep next appears.
    func releaseReminder(_ task: TaskItem) async throws

    /// Reminders of `repID` pushed and not acknowledged, whose task is still open
    /// and due when it was, oldest first.
    func unacknowledgedReminders(for repID: RepID) async throws -> [PendingReminder]
    /// Claims pushing a reminder again: true for exactly one caller that saw it
    /// pushed `deliveries` times (compare and set), which then pushes it.
    func claimRedelivery(_ eventID: Int64, seen deliveries: Int, at: LocalDateTime) async throws -> Bool
    /// Who a reminder event is for now (the task's rep) and whether it was
    /// acknowledged; nil for an unknown event.
    func reminderEvent(_ eventID: Int64) async throws -> (repName: String, acknowledged: Bool)?
    /// Marks a reminder acknowledged (once; later acknowledgements change nothing).
    func acknowledgeReminder(_ eventID: Int64, at: LocalDateTime) async throws
}

/// A reminder pushed whose acknowledgement has not come.
public struct PendingReminder: Sendable, Hashable {
    public var eventID: Int64
    public var task: TaskItem
    /// When it was last pushed.
    public var deliveredAt: LocalDateTime
    /// How many times it was pushed.
    public var deliveries: Int

    public init(eventID: Int64, task: TaskItem, deliveredAt: LocalDateTime, deliveries: Int = 1) {
        self.eventID = eventID
        self.task = task
        self.deliveredAt = deliveredAt
        self.deliveries = deliveries
    }
}
