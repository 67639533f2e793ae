import CRMSupport

/// The kinds of record `crmbot import` and `crmbot export` move.
public enum ExchangeKind: String, Sendable, CaseIterable {
    case customers, contacts, activities, orders, payments, tasks

    /// The columns of an export, which are also the field names an import maps its
    /// headers to (so an export imports back unchanged).
    public var columns: [String] {
        switch self {
        case .customers: return ["name", "kind", "stage", "owner", "industry", "region", "phone", "email", "address"]
        case .contacts: return ["customer", "name", "title", "phone", "email"]
        case .activities: return ["customer", "contact", "type", "date", "note", "rep"]
        case .orders: return ["customer", "date", "amount", "quantity", "item", "rep"]
        case .payments: return ["customer", "date", "amount", "rep"]
        case .tasks: return ["what", "due", "customer", "repeat", "status", "rep"]
        }
    }

    /// Whether `crmbot import` takes this kind (tasks are exported only).
    public var importable: Bool { self != .tasks }
}

/// A customer to import: a new customer's fields plus the ones the chat sets later.
public struct ImportedCustomer: Hashable, Sendable {
    public var draft: NewCustomer
    public var email: String?
    public var address: String?
    public init(draft: NewCustomer, email: String? = nil, address: String? = nil) {
        self.draft = draft
        self.email = email
        self.address = address
    }
}

/// A contact to import, at a customer already resolved in the importing rep's scope.
public struct ImportedContact: Hashable, Sendable {
    public var draft: NewContact
    public var phone: String?
    public var email: String?
    public init(draft: NewContact, phone: String? = nil, email: String? = nil) {
        self.draft = draft
        self.phone = phone
        self.email = email
    }
}

/// One row of an import, ready to write.
public enum ImportRecord: Hashable, Sendable {
    case customer(ImportedCustomer)
    case contact(ImportedContact)
    case activity(NewActivity)
    case order(NewOrder)
    case payment(NewPayment)
}

/// A record to import, with how many identical records came before it in the same
/// file. A record is already present when the database holds more identical ones than
/// that, so importing a file twice adds nothing, while two identical orders on one day
/// in one file are both kept.
public struct ImportItem: Hashable, Sendable {
    public var record: ImportRecord
    public var occurrence: Int
    /// The rep an activity, order or payment is recorded for (the file's `rep` column,
    /// checked against the importer's scope); nil for the importing rep.
    public var repID: RepID?
    public init(_ record: ImportRecord, occurrence: Int = 0, repID: RepID? = nil) {
        self.record = record
        self.occurrence = occurrence
        self.repID = repID
    }
}

/// What happened to one import row.
public enum ImportOutcome: Hashable, Sendable {
    /// Written, with the new record's id.
    case added(Int64)
    /// An identical record (a customer or contact of the same name) was there: nothing written.
    case alreadyPresent(Int64)
    /// Refused by the database's rules, with the reason.
    case refused(String)
}

/// A store that can import and export records in bulk.
public protocol CRMExchangeStore: CRMStore {
    /// Writes `items` in one transaction, recorded as one change labelled `label` (so one
    /// `undo` takes the whole batch back). A row the database refuses is skipped and
    /// reported; the others are written. With `dryRun`, reports the same outcomes and
    /// writes nothing.
    func importRecords(_ items: [ImportItem], label: String, dryRun: Bool, _ ctx: WriteContext) async throws
        -> [ImportOutcome]

    /// Every record of `kind` in `scope`, as text in ``ExchangeKind/columns`` order (nil
    /// for an empty value), in id order, read in one snapshot.
    func exportRows(_ kind: ExchangeKind, in scope: AccessScope) async throws -> [[String?]]
}
