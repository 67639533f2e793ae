import CRMDomain
import CRMSupport

/// A store whose every call fails with the given error.
struct FailingStore: CRMStore {
    let error: any Error & Sendable
    init(_ error: any Error & Sendable) { self.error = error }

    func rep(named name: String) async throws -> Rep? { throw error }
    func rep(id: RepID) async throws -> Rep? { throw error }
    func ensureRep(named name: String, role: RepRole) async throws -> Rep { throw error }
    func addRep(named name: String, role: RepRole, managerID: RepID?, _ ctx: WriteContext) async throws -> Rep { throw error }
    func reps() async throws -> [Rep] { throw error }
    func accessScope(for rep: Rep) async throws -> AccessScope { throw error }
    func directory(in scope: AccessScope) async throws -> [DirectoryEntry] { throw error }
    func addCustomer(_ draft: NewCustomer, _ ctx: WriteContext) async throws -> Customer { throw error }
    func customer(id: CustomerID) async throws -> Customer? { throw error }
    func updateCustomer(_ id: CustomerID, _ changes: [CustomerChange], _ ctx: WriteContext) async throws -> Customer {
        throw error
    }
    func listCustomers(_ filter: CustomerFilter, in scope: AccessScope, revenueSince: CivilDate) async throws
        -> [CustomerSummary]
    { throw error }
    func card(for id: CustomerID, recentLimit: Int) async throws -> CustomerCard? { throw error }
    func addContact(_ draft: NewContact, _ ctx: WriteContext) async throws -> Contact { throw error }
    func contact(id: ContactID) async throws -> Contact? { throw error }
    func updateContact(_ id: ContactID, _ changes: [ContactChange], _ ctx: WriteContext) async throws -> Contact {
        throw error
    }
    func openTasks(about customer: CustomerID, limit: Int) async throws -> [TaskItem] { throw error }
    func moveContact(_ id: ContactID, to customer: CustomerID, _ ctx: WriteContext) async throws -> Contact { throw error }
    func footprint(of id: CustomerID) async throws -> CustomerFootprint? { throw error }
    func deleteCustomer(_ id: CustomerID, reason: String?, _ ctx: WriteContext) async throws -> DeletedCustomer { throw error }
    func deletedCustomers(in scope: AccessScope, limit: Int) async throws -> [DeletedCustomer] { throw error }
    func restoreCustomer(_ deletion: Int64, _ ctx: WriteContext) async throws -> Customer { throw error }
    func mergeCustomer(_ from: CustomerID, into: CustomerID, _ ctx: WriteContext) async throws -> MergeOutcome { throw error }
    func logActivity(_ draft: NewActivity, _ ctx: WriteContext) async throws -> Activity { throw error }
    func recordOrder(_ draft: NewOrder, _ ctx: WriteContext) async throws -> Order { throw error }
    func recordPayment(_ draft: NewPayment, _ ctx: WriteContext) async throws -> Payment { throw error }
    func logObjection(_ draft: NewObjection, _ ctx: WriteContext) async throws -> Objection { throw error }
    func logReferral(_ draft: NewReferral, _ ctx: WriteContext) async throws -> (referral: Referral, repeated: Bool) {
        throw error
    }
    func openComplaint(_ draft: NewComplaint, _ ctx: WriteContext) async throws -> Complaint { throw error }
    func complaint(id: ComplaintID) async throws -> Complaint? { throw error }
    func changeRep(_ id: RepID, _ changes: [RepChange], _ ctx: WriteContext) async throws -> Rep { throw error }
    func repLoad(_ id: RepID) async throws -> (customers: Int, team: Int, openTasks: Int) { throw error }
    func acknowledgeComplaint(_ id: ComplaintID, note: String?, _ ctx: WriteContext) async throws -> Complaint { throw error }
    func followUpComplaint(_ id: ComplaintID, note: String?, _ ctx: WriteContext) async throws -> Complaint { throw error }
    func addDeal(_ draft: NewDeal, _ ctx: WriteContext) async throws -> Deal { throw error }
    func deal(id: DealID) async throws -> DealSummary? { throw error }
    func changeDeal(_ id: DealID, _ changes: [DealChange], _ ctx: WriteContext) async throws -> Deal { throw error }
    func deals(in scope: AccessScope, customer: CustomerID?, openOnly: Bool, limit: Int) async throws -> [DealSummary] {
        throw error
    }
    func forecastDeals(in scope: AccessScope, from: CivilDate, through: CivilDate) async throws -> [DealSummary] {
        throw error
    }
    func setQuota(_ quota: Quota, _ ctx: WriteContext) async throws -> Quota { throw error }
    func quotas(from: CivilDate, through: CivilDate) async throws -> [Quota] { throw error }
    func resolveComplaint(_ id: ComplaintID, resolution: String?, _ ctx: WriteContext) async throws -> Complaint {
        throw error
    }
    func addTask(_ draft: NewTask, _ ctx: WriteContext) async throws -> TaskItem { throw error }
    func task(id: TaskID) async throws -> TaskItem? { throw error }
    func openTasks(for repID: RepID, dueBefore: CivilDate?) async throws -> [TaskItem] { throw error }
    func search(_ query: String, in scope: AccessScope, limit: Int) async throws -> [SearchHit] { throw error }
    func order(id: OrderID) async throws -> Order? { throw error }
    func payment(id: PaymentID) async throws -> Payment? { throw error }
    func changeOrder(_ id: OrderID, _ change: MoneyRecordChange, _ ctx: WriteContext) async throws -> Order? { throw error }
    func changePayment(_ id: PaymentID, _ change: MoneyRecordChange, _ ctx: WriteContext) async throws -> Payment? { throw error }
    func orders(for customerID: CustomerID, limit: Int) async throws -> [Order] { throw error }
    func contacts(in scope: AccessScope, customer: CustomerID?, limit: Int) async throws -> (contacts: [ContactSummary], total: Int) {
        throw error
    }
    func completeTask(_ id: TaskID, next: NewTask?, _ ctx: WriteContext) async throws -> (done: TaskItem, next: TaskItem?) {
        throw error
    }
    func activities(by repID: RepID, from: CivilDate, through: CivilDate, limit: Int) async throws -> [Activity] {
        throw error
    }
    func changeTask(_ id: TaskID, _ change: TaskChange, _ ctx: WriteContext) async throws -> TaskItem { throw error }
    func undoLastChange(by repID: RepID, at: LocalDateTime) async throws -> ChangeEntry? { throw error }
    func recentChanges(by repID: RepID, limit: Int) async throws -> [ChangeEntry] { throw error }
    func undoLastChange(by repID: RepID, at: LocalDateTime, requestKey: String?, within scope: AccessScope) async throws
        -> ChangeEntry?
    { throw error }
    func requestOutcome(rep repID: RepID, key: String, since: LocalDateTime) async throws -> RequestOutcome? { throw error }
    func keepReply(_ reply: String, rep repID: RepID, key: String, at: LocalDateTime, forgettingBefore: LocalDateTime)
        async throws
    { throw error }
}
