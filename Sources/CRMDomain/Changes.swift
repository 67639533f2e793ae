import CRMSupport

/// One change to a customer's card (customer.update, stage.set, prospect.grade, qualify).
/// `nil` payloads clear the field.
public enum CustomerChange: Hashable, Sendable {
    case name(String)
    case addAlias(String)
    /// Removes an alias (matched case- and width-insensitively); `invalid` when there is none.
    case removeAlias(String)
    case phone(String?)
    case email(String?)
    case address(String?)
    case region(String?)
    case industry(String?)
    case title(String?)
    case birthday(MonthDay?)
    case creditLimit(Money?)
    case salesPlan(Money?)
    case expenseBudget(Money?)
    case cost(Money?)
    case payday(Int?)
    case consumptionRate(Double?)
    case owner(RepID)
    case note(String?)
    case stage(Stage)
    case grade(ProspectGrade?)
    case tierOverride(ValueTier?)
    case money(TriState)
    case authority(TriState)
    case need(TriState)
}

/// One change to a contact (customer.update on a contact, contact.profile).
public enum ContactChange: Hashable, Sendable {
    case name(String)
    case addAlias(String)
    /// Removes an alias (matched case- and width-insensitively); `invalid` when there is none.
    case removeAlias(String)
    case title(String?)
    case phone(String?)
    case email(String?)
    case birthday(MonthDay?)
    case note(String?)
    /// Adds roles, keeping existing ones.
    case addRoles([BuyingRole])
    /// Adds needs, keeping existing ones.
    case addNeeds([Need])
    case style(PersonalityStyle?)
}

/// A change-log entry: one acknowledged write by one rep.
public struct ChangeEntry: Hashable, Sendable {
    public var id: Int64
    public var repID: RepID
    public var at: LocalDateTime
    /// The intent that made the change (`activity.log`, …).
    public var action: String
    /// A short human label of what changed (a customer or contact name, a task text),
    /// language-neutral; the bot words the reply around it.
    public var label: String
    public init(id: Int64, repID: RepID, at: LocalDateTime, action: String, label: String) {
        self.id = id
        self.repID = repID
        self.at = at
        self.action = action
        self.label = label
    }
}

/// What an earlier request with the same idempotency key did.
public enum RequestOutcome: Hashable, Sendable {
    /// Its reply, as kept (JSON text).
    case replied(String)
    /// It wrote this change, but its reply was not kept (the process stopped in between).
    case wrote(ChangeEntry)
    /// It undid this change, but its reply was not kept.
    case undid(ChangeEntry)
}

/// Idempotency keys (safe retries): how long a key is remembered.
public enum RequestKeys {
    /// A retry within this many hours of the first attempt is recognised; after that the
    /// key is free again.
    public static let retentionHours = 24
}
