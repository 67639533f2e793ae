import CRMDomain
import CRMSupport

/// A CRMStore in memory, for bot tests that must not wait for the SQLite store.
/// Follows the protocol's documented behaviour, including per-rep undo.
actor InMemoryStore: CRMStore {
    private var repsByID: [RepID: Rep] = [:]
    private var customers: [CustomerID: Customer] = [:]
    private var contacts: [ContactID: Contact] = [:]
    private var activities: [Activity] = []
    private var orders: [Order] = []
    private var payments: [Payment] = []
    private var objections: [Objection] = []
    private var referrals: [Referral] = []
    private var complaints: [ComplaintID: Complaint] = [:]
    private var tasks: [TaskID: TaskItem] = [:]
    private var log: [(entry: ChangeEntry, undone: Bool, revert: () -> Void)] = []
    private var nextID: Int64 = 1

    private func newID() -> Int64 {
        defer { nextID += 1 }
        return nextID
    }

    private func record(_ ctx: WriteContext, _ label: String, revert: @escaping () -> Void) {
        let entry = ChangeEntry(id: Int64(log.count + 1), repID: ctx.repID, at: ctx.at, action: ctx.action, label: label)
        log.append((entry, false, revert))
    }

    // MARK: Reps

    func rep(named name: String) async throws -> Rep? {
        repsByID.values.first { $0.name.lowercased() == name.lowercased() }
    }
    func rep(id: RepID) async throws -> Rep? { repsByID[id] }
    func ensureRep(named name: String, role: RepRole) async throws -> Rep {
        if let r = try await rep(named: name) { return r }
        let r = Rep(id: RepID(newID()), name: name, role: role)
        repsByID[r.id] = r
        return r
    }
    func addRep(named name: String, role: RepRole, managerID: RepID?, _ ctx: WriteContext) async throws -> Rep {
        if try await rep(named: name) != nil { throw StoreError(.constraint, "A rep with that name exists.") }
        let r = Rep(id: RepID(newID()), name: name, role: role, managerID: managerID)
        repsByID[r.id] = r
        record(ctx, name) { self.repsByID[r.id] = nil }
        return r
    }
    func reps() async throws -> [Rep] { repsByID.values.sorted { $0.id < $1.id } }
    func accessScope(for rep: Rep) async throws -> AccessScope {
        switch rep.role {
        case .admin: return .everything
        case .manager:
            return .owners(Set(repsByID.values.filter { $0.managerID == rep.id }.map(\.id) + [rep.id]))
        case .rep: return .owners([rep.id])
        }
    }

    // MARK: Names

    func directory(in scope: AccessScope) async throws -> [DirectoryEntry] {
        var out: [DirectoryEntry] = []
        for c in customers.values.sorted(by: { $0.id < $1.id }) where scope.allows(owner: c.ownerID) {
            out.append(DirectoryEntry(ref: .customer(c.id), name: c.name, aliases: c.aliases, customerID: c.id,
                customerName: c.name, ownerID: c.ownerID))
            for p in contacts.values.sorted(by: { $0.id < $1.id }) where p.customerID == c.id {
                out.append(DirectoryEntry(ref: .contact(p.id), name: p.name, aliases: p.aliases, customerID: c.id,
                    customerName: c.name, ownerID: c.ownerID))
            }
        }
        return out
    }

    // MARK: Customers and contacts

    func addCustomer(_ d: NewCustomer, _ ctx: WriteContext) async throws -> Customer {
        let c = Customer(id: CustomerID(newID()), kind: d.kind, name: d.name, aliases: d.aliases,
            ownerID: d.ownerID ?? ctx.repID, industry: d.industry, region: d.region, phone: d.phone, stage: d.stage,
            createdAt: ctx.at)
        customers[c.id] = c
        record(ctx, c.name) { self.customers[c.id] = nil }
        return c
    }
    func customer(id: CustomerID) async throws -> Customer? { customers[id] }
    func updateCustomer(_ id: CustomerID, _ changes: [CustomerChange], _ ctx: WriteContext) async throws -> Customer {
        guard let old = customers[id] else { throw StoreError(.notFound, "No such customer.") }
        var c = old
        for change in changes {
            switch change {
            case .name(let v): c.name = v
            case .addAlias(let v): c.aliases.append(v)
            case .phone(let v): c.phone = v
            case .email(let v): c.email = v
            case .address(let v): c.address = v
            case .region(let v): c.region = v
            case .industry(let v): c.industry = v
            case .title(let v): c.title = v
            case .birthday(let v): c.birthday = v
            case .creditLimit(let v): c.creditLimit = v
            case .salesPlan(let v): c.salesPlan = v
            case .expenseBudget(let v): c.expenseBudget = v
            case .cost(let v): c.cost = v
            case .payday(let v): c.payday = v
            case .consumptionRate(let v): c.consumptionRate = v
            case .owner(let v): c.ownerID = v
            case .note(let v): c.note = v
            case .stage(let v): c.stage = v
            case .grade(let v): c.grade = v
            case .tierOverride(let v): c.tierOverride = v
            case .money(let v): c.money = v
            case .authority(let v): c.authority = v
            case .need(let v): c.need = v
            }
        }
        customers[id] = c
        record(ctx, old.name) { self.customers[id] = old }
        return c
    }
    func listCustomers(_ filter: CustomerFilter, in scope: AccessScope, revenueSince: CivilDate) async throws
        -> [CustomerSummary]
    {
        customers.values.filter { c in
            scope.allows(owner: c.ownerID) && (filter.stage.map { $0 == c.stage } ?? true)
                && (filter.ownerID.map { $0 == c.ownerID } ?? true) && (filter.kind.map { $0 == c.kind } ?? true)
        }.sorted { $0.id < $1.id }.prefix(filter.limit).map { c in
            let os = orders.filter { $0.customerID == c.id }
            let revenue = os.filter { $0.date >= revenueSince }.reduce(Money.zero) { $0 + $1.amount }
            return CustomerSummary(customer: c, revenue: revenue, orderCount: os.count, lastOrder: os.map(\.date).max(),
                lastActivity: activities.filter { $0.customerID == c.id }.map(\.at).max())
        }
    }
    func card(for id: CustomerID, recentLimit: Int) async throws -> CustomerCard? {
        guard let c = customers[id], let owner = repsByID[c.ownerID] else { return nil }
        let os = orders.filter { $0.customerID == id }
        return CustomerCard(
            customer: c, owner: owner,
            contacts: contacts.values.filter { $0.customerID == id }.sorted { $0.id < $1.id },
            recentActivities: Array(activities.filter { $0.customerID == id }.sorted { ($0.at, $0.id) > ($1.at, $1.id) }.prefix(recentLimit)),
            recentOrders: Array(os.sorted { ($0.date, $0.id) > ($1.date, $1.id) }.prefix(recentLimit)),
            orderCount: os.count, totalOrdered: os.reduce(.zero) { $0 + $1.amount },
            totalPaid: payments.filter { $0.customerID == id }.reduce(.zero) { $0 + $1.amount },
            openTasks: tasks.values.filter { $0.customerID == id && $0.isOpen }.sorted { $0.id < $1.id },
            openComplaints: complaints.values.filter { $0.customerID == id && $0.isOpen }.sorted { $0.id < $1.id },
            referredOut: referrals.filter { $0.fromCustomerID == id },
            referredBy: referrals.first { $0.toCustomerID == id })
    }

    func addContact(_ d: NewContact, _ ctx: WriteContext) async throws -> Contact {
        guard customers[d.customerID] != nil else { throw StoreError(.constraint, "No such customer.") }
        let p = Contact(id: ContactID(newID()), customerID: d.customerID, name: d.name, aliases: d.aliases,
            title: d.title, roles: d.roles)
        contacts[p.id] = p
        record(ctx, p.name) { self.contacts[p.id] = nil }
        return p
    }
    func contact(id: ContactID) async throws -> Contact? { contacts[id] }
    func updateContact(_ id: ContactID, _ changes: [ContactChange], _ ctx: WriteContext) async throws -> Contact {
        guard let old = contacts[id] else { throw StoreError(.notFound, "No such contact.") }
        var p = old
        for change in changes {
            switch change {
            case .name(let v): p.name = v
            case .addAlias(let v): p.aliases.append(v)
            case .title(let v): p.title = v
            case .phone(let v): p.phone = v
            case .email(let v): p.email = v
            case .birthday(let v): p.birthday = v
            case .note(let v): p.note = v
            case .addRoles(let v): p.roles += v.filter { !p.roles.contains($0) }
            case .addNeeds(let v): p.needs += v.filter { !p.needs.contains($0) }
            case .style(let v): p.style = v
            }
        }
        contacts[id] = p
        record(ctx, old.name) { self.contacts[id] = old }
        return p
    }

    // MARK: Records

    private func label(_ customerID: CustomerID, _ contactID: ContactID?) -> String {
        contactID.flatMap { contacts[$0]?.name } ?? customers[customerID]?.name ?? "?"
    }

    func logActivity(_ d: NewActivity, _ ctx: WriteContext) async throws -> Activity {
        let a = Activity(id: ActivityID(newID()), customerID: d.customerID, contactID: d.contactID, repID: ctx.repID,
            type: d.type, at: d.at, note: d.note)
        activities.append(a)
        record(ctx, label(d.customerID, nil)) { self.activities.removeAll { $0.id == a.id } }
        return a
    }
    func recordOrder(_ d: NewOrder, _ ctx: WriteContext) async throws -> Order {
        let o = Order(id: OrderID(newID()), customerID: d.customerID, repID: ctx.repID, amount: d.amount,
            quantity: d.quantity, item: d.item, date: d.date)
        orders.append(o)
        record(ctx, label(d.customerID, nil)) { self.orders.removeAll { $0.id == o.id } }
        return o
    }
    func recordPayment(_ d: NewPayment, _ ctx: WriteContext) async throws -> Payment {
        let p = Payment(id: PaymentID(newID()), customerID: d.customerID, repID: ctx.repID, amount: d.amount, date: d.date)
        payments.append(p)
        record(ctx, label(d.customerID, nil)) { self.payments.removeAll { $0.id == p.id } }
        return p
    }
    func logObjection(_ d: NewObjection, _ ctx: WriteContext) async throws -> Objection {
        let o = Objection(id: ObjectionID(newID()), customerID: d.customerID, contactID: d.contactID, repID: ctx.repID,
            kind: d.kind, note: d.note, date: d.date)
        objections.append(o)
        record(ctx, label(d.customerID, d.contactID)) { self.objections.removeAll { $0.id == o.id } }
        return o
    }
    func logReferral(_ d: NewReferral, _ ctx: WriteContext) async throws -> Referral {
        var created: CustomerID?
        let toID: CustomerID
        switch d.to {
        case .existing(let id): toID = id
        case .new(let draft):
            let c = Customer(id: CustomerID(newID()), kind: draft.kind, name: draft.name, ownerID: draft.ownerID ?? ctx.repID,
                stage: draft.stage, createdAt: ctx.at)
            customers[c.id] = c
            created = c.id
            toID = c.id
        }
        let r = Referral(id: ReferralID(newID()), fromCustomerID: d.fromCustomerID, fromContactID: d.fromContactID,
            toCustomerID: toID, repID: ctx.repID, note: d.note, date: d.date)
        referrals.append(r)
        record(ctx, label(d.fromCustomerID, d.fromContactID) + " → " + (customers[toID]?.name ?? "?")) {
            self.referrals.removeAll { $0.id == r.id }
            if let created { self.customers[created] = nil }
        }
        return r
    }

    // MARK: Complaints

    func openComplaint(_ d: NewComplaint, _ ctx: WriteContext) async throws -> Complaint {
        let k = Complaint(id: ComplaintID(newID()), customerID: d.customerID, repID: ctx.repID, note: d.note, openedAt: ctx.at)
        complaints[k.id] = k
        record(ctx, label(d.customerID, nil)) { self.complaints[k.id] = nil }
        return k
    }
    func complaint(id: ComplaintID) async throws -> Complaint? { complaints[id] }
    func resolveComplaint(_ id: ComplaintID, resolution: String?, _ ctx: WriteContext) async throws -> Complaint {
        guard let old = complaints[id] else { throw StoreError(.notFound, "No such complaint.") }
        var k = old
        k.acknowledgedAt = k.acknowledgedAt ?? ctx.at
        k.resolvedAt = ctx.at
        k.resolution = resolution
        complaints[id] = k
        record(ctx, "#\(id)") { self.complaints[id] = old }
        return k
    }

    // MARK: Tasks

    func addTask(_ d: NewTask, _ ctx: WriteContext) async throws -> TaskItem {
        let t = TaskItem(id: TaskID(newID()), repID: d.repID, what: d.what, customerID: d.customerID,
            contactID: d.contactID, due: d.due, recurrence: d.recurrence, createdAt: ctx.at)
        tasks[t.id] = t
        record(ctx, t.what) { self.tasks[t.id] = nil }
        return t
    }
    func task(id: TaskID) async throws -> TaskItem? { tasks[id] }
    func openTasks(for repID: RepID) async throws -> [TaskItem] {
        tasks.values.filter { $0.repID == repID && $0.isOpen }.sorted { a, b in
            switch (a.due, b.due) {
            case let (x?, y?): return (x, a.id) < (y, b.id)
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.id < b.id
            }
        }
    }
    func completeTask(_ id: TaskID, next: NewTask?, _ ctx: WriteContext) async throws -> (done: TaskItem, next: TaskItem?) {
        guard let old = tasks[id] else { throw StoreError(.notFound, "No such task.") }
        var t = old
        t.doneAt = ctx.at
        tasks[id] = t
        var n: TaskItem?
        if let next {
            let created = TaskItem(id: TaskID(newID()), repID: next.repID, what: next.what, customerID: next.customerID,
                contactID: next.contactID, due: next.due, recurrence: next.recurrence, createdAt: ctx.at)
            tasks[created.id] = created
            n = created
        }
        let newID = n?.id
        record(ctx, t.what) {
            self.tasks[id] = old
            if let newID { self.tasks[newID] = nil }
        }
        return (t, n)
    }

    // MARK: Change log

    func undoLastChange(by repID: RepID, at: LocalDateTime) async throws -> ChangeEntry? {
        guard let i = log.lastIndex(where: { $0.entry.repID == repID && !$0.undone }) else { return nil }
        log[i].revert()
        log[i].undone = true
        return log[i].entry
    }
    func recentChanges(by repID: RepID, limit: Int) async throws -> [ChangeEntry] {
        Array(log.filter { $0.entry.repID == repID && !$0.undone }.map(\.entry).reversed().prefix(limit))
    }
}
