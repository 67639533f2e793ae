import CRMSupport

/// The customer database, as the bot sees it.
///
/// Names no storage engine type, so an embedded SQLite store and a shared
/// PostgreSQL store can both implement it. It assumes nothing about being the
/// only process: every method is one transaction, ids come from the database,
/// and nothing read is cached across calls.
///
/// Every write takes a ``WriteContext`` and is recorded in the change log in the
/// same transaction, so that ``undoLastChange(by:at:)`` can revert it. A method
/// that returns has made its change durable (an acknowledged write survives
/// `kill -9`).
///
/// Errors are ``StoreError``.
public protocol CRMStore: Sendable {
    // MARK: Reps

    /// The rep with this name (case-insensitive), if any.
    func rep(named name: String) async throws -> Rep?
    func rep(id: RepID) async throws -> Rep?
    /// The rep with this name, created with `role` if missing (one transaction, race-free).
    func ensureRep(named name: String, role: RepRole) async throws -> Rep
    /// Adds a rep; fails with `.constraint` when the name exists.
    func addRep(named name: String, role: RepRole, managerID: RepID?, _ ctx: WriteContext) async throws -> Rep
    func reps() async throws -> [Rep]
    /// Changes a rep's manager or role, or deactivates them, in one recorded change that
    /// `undo` reverts. Refused (``StoreError/Code/invalid``): a rep as their own manager
    /// or under their own report, a manager who is not a manager or admin, deactivating a
    /// rep who still owns customers or manages a team.
    func changeRep(_ id: RepID, _ changes: [RepChange], _ ctx: WriteContext) async throws -> Rep
    /// How many customers a rep owns, how many active reps they manage, how many open tasks they have.
    func repLoad(_ id: RepID) async throws -> (customers: Int, team: Int, openTasks: Int)
    /// What `rep` may see: own accounts, the team's for a manager, all for an admin.
    func accessScope(for rep: Rep) async throws -> AccessScope

    // MARK: Names

    /// Every customer and contact name (with aliases) in `scope`. Reads the whole scope:
    /// not for the per-message path (use ``findParties(named:in:limit:)``).
    func directory(in scope: AccessScope) async throws -> [DirectoryEntry]
    /// The candidates for a name as a rep wrote it, cheaply (through indexes), for the
    /// bot's resolver to choose from. Matching is on names and aliases of `kinds`, folded
    /// with `TextMatching.fold` (case, width, spaces), in tiers; only the first tier in
    /// which anything matches is returned: exact; the same ``NameScripts/key(of:)`` (with
    /// ``nameScripts``, keys of at least 2 characters: "chenlei" → 陈磊); prefix, whole-word prefix or Chinese
    /// containment (`NameMatching.isPartial`); small typos (`NameMatching.typoDistance`,
    /// the closest only; a store may bound this pass). At most `limit` entries per kind;
    /// customers then contacts, each by id.
    func findParties(named query: String, in scope: AccessScope, kinds: PartyKinds, limit: Int) async throws
        -> [DirectoryEntry]
    /// Customers and contacts whose name or alias folds to exactly one of `names` (already
    /// folded), at most `limit` per kind: for finding the names a free text mentions.
    func findParties(namedAnyOf names: [String], in scope: AccessScope, limit: Int) async throws -> [DirectoryEntry]
    /// The directory entry of one customer or contact, or nil when missing or out of `scope`.
    func directoryEntry(for ref: PartyRef, in scope: AccessScope) async throws -> DirectoryEntry?
    /// How this store keys names across scripts (pinyin, traditional characters) for
    /// ``findParties(named:in:kinds:limit:)``'s tier after the exact one, so the resolver
    /// ranks the candidates the same way.
    var nameScripts: NameScripts { get }

    // MARK: Customers and contacts

    func addCustomer(_ draft: NewCustomer, _ ctx: WriteContext) async throws -> Customer
    func customer(id: CustomerID) async throws -> Customer?
    /// Applies `changes` in one transaction. A change of owner is also written to the
    /// audit log, like a handover, by a store that keeps one.
    func updateCustomer(_ id: CustomerID, _ changes: [CustomerChange], _ ctx: WriteContext) async throws -> Customer
    /// Customers in `scope` matching `filter`, with revenue from orders dated on or after `revenueSince`.
    func listCustomers(_ filter: CustomerFilter, in scope: AccessScope, revenueSince: CivilDate) async throws
        -> [CustomerSummary]
    /// The card: customer, owner, contacts, the last `recentLimit` activities and orders, totals,
    /// open tasks and complaints, referrals.
    func card(for id: CustomerID, recentLimit: Int) async throws -> CustomerCard?

    func addContact(_ draft: NewContact, _ ctx: WriteContext) async throws -> Contact
    func contact(id: ContactID) async throws -> Contact?
    func updateContact(_ id: ContactID, _ changes: [ContactChange], _ ctx: WriteContext) async throws -> Contact

    /// Moves a contact to another customer (one recorded change `undo` reverts). What was
    /// logged with the contact stays with the customer it was logged at.
    func moveContact(_ id: ContactID, to customer: CustomerID, _ ctx: WriteContext) async throws -> Contact

    // MARK: Deleting, restoring and merging customers

    /// How many records hang on a customer; nil when it does not exist.
    func footprint(of id: CustomerID) async throws -> CustomerFootprint?
    /// Deletes a customer with its contacts and every record about it (of any rep), in one
    /// recorded change, audited (kind `delete`). Restorable with ``restoreCustomer(_:_:)``
    /// (or `undo` at once). `reason`, the rep's why, goes into the audit entry.
    func deleteCustomer(_ id: CustomerID, reason: String?, _ ctx: WriteContext) async throws -> DeletedCustomer
    /// Deleted customers not restored yet whose owner at deletion is in `scope`, newest first.
    func deletedCustomers(in scope: AccessScope, limit: Int) async throws -> [DeletedCustomer]
    /// Brings a deleted customer back with every record deleted with it, ids unchanged, in
    /// one recorded change (audited, kind `restore`; `undo` deletes it again). Throws
    /// ``StoreError/Code/invalid`` when already restored, ``StoreError/Code/constraint``
    /// when a record it refers to is gone (a customer deleted since that it referred).
    func restoreCustomer(_ deletion: Int64, _ ctx: WriteContext) async throws -> Customer
    /// Merges `from` into `into`: every contact, alias and record of `from` moves to `into`,
    /// `from`'s name becomes an alias, `into`'s empty fields take `from`'s values, the
    /// further funnel stage is kept, and `from` is gone — one recorded change, audited
    /// (kind `merge`), that `undo` reverts whole.
    func mergeCustomer(_ from: CustomerID, into: CustomerID, _ ctx: WriteContext) async throws -> MergeOutcome

    // MARK: Records of contact and business

    func logActivity(_ draft: NewActivity, _ ctx: WriteContext) async throws -> Activity
    /// Records an order; a customer still a lead or prospect becomes a customer (funnel
    /// stage `customer`) in the same change.
    func recordOrder(_ draft: NewOrder, _ ctx: WriteContext) async throws -> Order
    func recordPayment(_ draft: NewPayment, _ ctx: WriteContext) async throws -> Payment
    /// One order or payment, or nil when there is none with that id.
    func order(id: OrderID) async throws -> Order?
    func payment(id: PaymentID) async throws -> Payment?
    /// Corrects an order's amount or date, or deletes it, in one transaction that `undo`
    /// reverts; returns the order as it now is (nil once deleted).
    func changeOrder(_ id: OrderID, _ change: MoneyRecordChange, _ ctx: WriteContext) async throws -> Order?
    /// The same for a payment.
    func changePayment(_ id: PaymentID, _ change: MoneyRecordChange, _ ctx: WriteContext) async throws -> Payment?
    /// Contacts of customers in `scope` (of one customer when `customer` is given), by name,
    /// at most `limit`, with how many there are in all.
    func contacts(in scope: AccessScope, customer: CustomerID?, limit: Int) async throws -> (contacts: [ContactSummary], total: Int)
    /// One customer's orders, newest first, at most `limit`.
    func orders(for customerID: CustomerID, limit: Int) async throws -> [Order]
    func logObjection(_ draft: NewObjection, _ ctx: WriteContext) async throws -> Objection
    /// Logs a referral, creating the referred lead (and the person referred at it) first
    /// when new, in one transaction. The same referral again (same referrer, same
    /// customer and person referred) writes nothing and returns the first, `repeated`.
    func logReferral(_ draft: NewReferral, _ ctx: WriteContext) async throws -> (referral: Referral, repeated: Bool)

    // MARK: Complaints

    func openComplaint(_ draft: NewComplaint, _ ctx: WriteContext) async throws -> Complaint
    func complaint(id: ComplaintID) async throws -> Complaint?
    /// Marks a complaint resolved (acknowledging it first if that step was skipped).
    func resolveComplaint(_ id: ComplaintID, resolution: String?, _ ctx: WriteContext) async throws -> Complaint
    /// Step 2: the rep told the customer the complaint is being handled. Refused
    /// (``StoreError/Code/invalid``) once acknowledged or resolved.
    func acknowledgeComplaint(_ id: ComplaintID, note: String?, _ ctx: WriteContext) async throws -> Complaint
    /// Step 4: the rep checked back with the customer after the fix. Refused
    /// (``StoreError/Code/invalid``) before it is resolved or once followed up.
    func followUpComplaint(_ id: ComplaintID, note: String?, _ ctx: WriteContext) async throws -> Complaint

    // MARK: Deals and quotas

    /// Opens a deal on a customer (one recorded change).
    func addDeal(_ draft: NewDeal, _ ctx: WriteContext) async throws -> Deal
    /// One deal with its customer's name and owner, or nil.
    func deal(id: DealID) async throws -> DealSummary?
    /// Applies `changes` to an open deal in one recorded change that `undo` reverts;
    /// throws ``StoreError/Code/invalid`` when the deal is already won or lost.
    func changeDeal(_ id: DealID, _ changes: [DealChange], _ ctx: WriteContext) async throws -> Deal
    /// Deals on customers in `scope` (of one customer when given), open ones only when
    /// `openOnly`, newest first, at most `limit`.
    func deals(in scope: AccessScope, customer: CustomerID?, openOnly: Bool, limit: Int) async throws -> [DealSummary]
    /// Deals on customers in `scope` that count for a forecast of `from...through`: open
    /// ones expected to close then (or undated), and ones won or lost then.
    func forecastDeals(in scope: AccessScope, from: CivilDate, through: CivilDate) async throws -> [DealSummary]
    /// Sets a rep's quota for the month of `month` (one recorded change; a second
    /// setting replaces the first, and undo brings the first back).
    func setQuota(_ quota: Quota, _ ctx: WriteContext) async throws -> Quota
    /// The quotas of the months from `from` through `through`, of every rep.
    func quotas(from: CivilDate, through: CivilDate) async throws -> [Quota]

    // MARK: Tasks

    func addTask(_ draft: NewTask, _ ctx: WriteContext) async throws -> TaskItem
    func task(id: TaskID) async throws -> TaskItem?
    /// Open tasks of one rep, by due date (undated last); with `dueBefore`, only the tasks
    /// due before that day (undated ones left out), read through the index.
    func openTasks(for repID: RepID, dueBefore: CivilDate?) async throws -> [TaskItem]
    /// Open tasks about one customer (or its contacts), any rep's, by due date (undated
    /// last), at most `limit`.
    func openTasks(about customer: CustomerID, limit: Int) async throws -> [TaskItem]
    /// Marks a task done at `ctx.at`; when `next` is given (a recurring task), creates it
    /// in the same transaction. Returns the completed task and the new one.
    func completeTask(_ id: TaskID, next: NewTask?, _ ctx: WriteContext) async throws -> (done: TaskItem, next: TaskItem?)
    /// Changes an open task's text or due date, or cancels it, in one transaction that
    /// `undo` reverts; throws ``StoreError/Code/invalid`` when the task is no longer open.
    func changeTask(_ id: TaskID, _ change: TaskChange, _ ctx: WriteContext) async throws -> TaskItem

    // MARK: Change log

    /// Reverts the rep's most recent change that is not yet undone, in one transaction,
    /// and returns what it was; nil when there is nothing left to undo. Throws
    /// ``StoreError/Code/constraint`` and changes nothing when another rep has since
    /// changed a row it would touch, or written anything about a customer or contact
    /// whose own record it changed (so an undone owner change never hands a customer
    /// back with another rep's records).
    /// `requestKey`: the keyed request doing it (see ``WriteContext/requestKey``); an undo
    /// under a key another undo already used is refused with ``StoreError/Code/requestHandled``.
    /// `scope`: whose customers the rep may change now; a change that concerns a customer
    /// since handed to someone outside it is refused with ``StoreError/Code/forbidden``.
    func undoLastChange(by repID: RepID, at: LocalDateTime, requestKey: String?, within scope: AccessScope) async throws
        -> ChangeEntry?
    /// The rep's most recent changes, newest first.
    func recentChanges(by repID: RepID, limit: Int) async throws -> [ChangeEntry]

    // MARK: Safe retries (idempotency keys)

    /// What a request with `key` from the rep already did since `since`: its kept reply,
    /// else the first change written under the key (the reply was lost), else nil.
    func requestOutcome(rep repID: RepID, key: String, since: LocalDateTime) async throws -> RequestOutcome?
    /// Keeps `reply` (the reply's JSON text) as the answer to the rep's request `key`,
    /// and forgets replies kept from before `forgettingBefore`.
    func keepReply(_ reply: String, rep repID: RepID, key: String, at: LocalDateTime, forgettingBefore: LocalDateTime)
        async throws

    // MARK: Insights (bulk reads for the CRM method's rules; see CRMInsights)

    /// Every customer in `scope` (and `query.stages`) with the figures the rules read,
    /// by id. Must be fast at 100,000 customers: one pass, no per-customer round trips.
    func insightFacts(_ query: InsightQuery, in scope: AccessScope) async throws -> [CustomerFacts]
    /// One customer's facts (as ``insightFacts(_:in:)`` gives them) with the sums over its
    /// owner's book that its value tier and relationship level need; nil when missing.
    /// Must cost about one customer, not the owner's whole book: it runs on every card.
    func cardFacts(for id: CustomerID, _ query: InsightQuery) async throws -> CardFacts?
    /// Customer counts in `scope` by stage, grade and MAN qualification.
    func funnelCells(in scope: AccessScope) async throws -> [FunnelCell]
    /// Birthdays of customers and their contacts in `scope` falling within `days` days from
    /// `from` (inclusive; across the year end), in no particular order.
    func birthdays(in scope: AccessScope, from: CivilDate, days: Int) async throws -> [BirthdayFact]
    /// One customer's orders, complaints, objections and referral count; nil when missing.
    func customerHistory(for id: CustomerID) async throws -> CustomerHistory?
    /// Records in `scope` whose names, aliases, titles, notes, complaints or objections
    /// contain every word of `query` (a word as a prefix; Chinese characters anywhere, see
    /// ``SearchTerms``): names first, then the newest, at most `limit`. Empty when `query`
    /// has nothing to search for.
    func search(_ query: String, in scope: AccessScope, limit: Int) async throws -> [SearchHit]
    /// The activities one rep logged dated in [from, through], newest first, at most `limit`.
    func activities(by repID: RepID, from: CivilDate, through: CivilDate, limit: Int) async throws -> [Activity]
    /// Per rep, for customers in `scope`: activities by type, new customers, orders and
    /// revenue, and stage moves dated in [from, through]. Reps with nothing are left out.
    func periodFacts(in scope: AccessScope, from: CivilDate, through: CivilDate) async throws -> [RepPeriodFacts]

    // MARK: Guarding the customer database (domain §13)

    /// Adds reads of cards and lists to each rep's count for the day, in one
    /// transaction, and flags each rep's day the first time ``BulkReadRule``
    /// finds it unusual: once per rep per day, written to the audit log
    /// (kind `bulk_read`). Returns the days flagged by this call.
    func recordReads(_ counts: [ReadCount], rule: BulkReadRule, at: LocalDateTime) async throws -> [UnusualReading]
    /// The flagged days in [from, through], newest first.
    func unusualReadings(from: CivilDate, through: CivilDate) async throws -> [UnusualReading]
}

extension CRMStore {
    /// ``undoLastChange(by:at:requestKey:within:)`` for a request without a key, for a
    /// caller (tests, tools) that may change every customer.
    public func undoLastChange(by repID: RepID, at: LocalDateTime) async throws -> ChangeEntry? {
        try await undoLastChange(by: repID, at: at, requestKey: nil, within: .everything)
    }

    /// ``undoLastChange(by:at:requestKey:within:)`` for a caller that may change every customer.
    public func undoLastChange(by repID: RepID, at: LocalDateTime, requestKey: String?) async throws -> ChangeEntry? {
        try await undoLastChange(by: repID, at: at, requestKey: requestKey, within: .everything)
    }
}
