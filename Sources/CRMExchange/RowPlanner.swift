import CRMDomain
import CRMSupport

/// Turns CSV rows into records to write, or into refusals that say what is wrong with
/// the row. Names are resolved only among the parties the importing rep may see, so a
/// row about another rep's customer is refused exactly like one about a customer that
/// does not exist.
struct RowPlanner {
    let kind: ExchangeKind
    let columns: [String: Int]
    /// Cells in the header row.
    let width: Int
    let vocabulary: ImportVocabulary
    let rep: Rep
    let scope: AccessScope
    /// Reps by folded name.
    let reps: [String: Rep]
    /// Identical records seen so far in the file, by key (see ``ImportItem/occurrence``).
    private var seen: [String: Int] = [:]

    init(
        kind: ExchangeKind, columns: [String: Int], width: Int, vocabulary: ImportVocabulary, rep: Rep, scope: AccessScope,
        reps: [Rep]
    ) {
        self.kind = kind
        self.columns = columns
        self.width = width
        self.vocabulary = vocabulary
        self.rep = rep
        self.scope = scope
        self.reps = Dictionary(reps.map { (TextMatching.fold($0.name), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A planned row: the record and the line it came from.
    struct Planned {
        var line: Int
        var item: ImportItem
    }

    /// The customer and contact names a batch mentions, folded, for one lookup.
    func names(in batch: ArraySlice<CSV.Record>) -> [String] {
        var names = Set<String>()
        for record in batch {
            for field in ["customer", "contact"] {
                if let v = cell(record, field) { names.insert(TextMatching.fold(v)) }
            }
        }
        return names.sorted()
    }

    /// The batch's rows as records to write, and the rows refused before writing.
    mutating func plan(_ batch: ArraySlice<CSV.Record>, parties: [DirectoryEntry]) -> (items: [Planned], refused: [RefusedRow]) {
        let lookup = PartyLookup(parties)
        var items: [Planned] = []
        var refused: [RefusedRow] = []
        for record in batch {
            do {
                let (record_, key, repID) = try plan(record, lookup)
                var occurrence = 0
                if let key {
                    occurrence = seen[key, default: 0]
                    seen[key] = occurrence + 1
                }
                items.append(Planned(line: record.line, item: ImportItem(record_, occurrence: occurrence, repID: repID)))
            } catch {
                refused.append(RefusedRow(line: record.line, reason: error.reason))
            }
        }
        return (items, refused)
    }

    /// Why a row is refused.
    struct RowError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// One row: its record, the key identical records share (nil for named records,
    /// which are matched by name), and the rep it is recorded for.
    private func plan(_ r: CSV.Record, _ lookup: PartyLookup) throws(RowError) -> (ImportRecord, String?, RepID?) {
        let extra = r.fields.count - width
        if extra > 0, r.fields.suffix(extra).contains(where: { !$0.trimmed().isEmpty }) {
            throw RowError("the row has \(r.fields.count) cells but the header row \(width) (a comma inside an unquoted value?)")
        }
        switch kind {
        case .customers:
            let name = try require(r, "name")
            let kind: CustomerKind = try word(r, "kind").map { v throws(RowError) in
                guard let k = CustomerKind(rawValue: v) else { throw RowError("kind must be company or person") }
                return k
            } ?? .company
            let stage = try word(r, "stage").flatMap(Stage.init(rawValue:)) ?? .lead
            let owner = try repNamed(r, "owner")
            let draft = NewCustomer(
                kind: kind, name: name, ownerID: owner, industry: cell(r, "industry"), region: cell(r, "region"),
                phone: cell(r, "phone"), stage: stage)
            return (.customer(ImportedCustomer(draft: draft, email: cell(r, "email"), address: cell(r, "address"))), nil, nil)
        case .contacts:
            let customer = try customerID(r, lookup)
            let draft = NewContact(customerID: customer, name: try require(r, "name"), title: cell(r, "title"))
            return (.contact(ImportedContact(draft: draft, phone: cell(r, "phone"), email: cell(r, "email"))), nil, nil)
        case .activities:
            let customer = try customerID(r, lookup)
            var contact: ContactID?
            if let name = cell(r, "contact") {
                guard let id = lookup.contact(named: name, at: customer) else {
                    throw RowError("no contact “\(name)” at “\(cell(r, "customer") ?? "")” (import contacts first)")
                }
                contact = id
            }
            guard let typeWord = try word(r, "type"), let type = ActivityType(rawValue: typeWord) else {
                throw RowError("type “\(cell(r, "type") ?? "")” is not one of visit, call, email, meeting, message, gift, letter, demo")
            }
            let at = try dateTime(r)
            let note = cell(r, "note")
            let draft = NewActivity(customerID: customer, contactID: contact, type: type, at: at, note: note)
            return (.activity(draft), "\(customer.rawValue)|\(contact?.rawValue ?? 0)|\(type)|\(at.iso)|\(note ?? "")", try repNamed(r, "rep"))
        case .orders:
            let customer = try customerID(r, lookup)
            let date = try dateTime(r).date
            let amount = try money(r)
            var quantity: Int64?
            if let q = cell(r, "quantity") {
                guard let n = CellReaders.count(q) else { throw RowError("quantity “\(q)” is not a whole number") }
                quantity = n
            }
            let item = cell(r, "item")
            let draft = NewOrder(customerID: customer, amount: amount, quantity: quantity, item: item, date: date)
            return (.order(draft), "\(customer.rawValue)|\(amount.cents)|\(quantity ?? -1)|\(item ?? "")|\(date.iso)", try repNamed(r, "rep"))
        case .payments:
            let customer = try customerID(r, lookup)
            let date = try dateTime(r).date
            let amount = try money(r)
            return (.payment(NewPayment(customerID: customer, amount: amount, date: date)), "\(customer.rawValue)|\(amount.cents)|\(date.iso)",
                try repNamed(r, "rep"))
        case .tasks:
            throw RowError("tasks cannot be imported")
        }
    }

    // MARK: Cells

    /// The trimmed cell of `field`, nil when the column is absent or the cell empty.
    func cell(_ r: CSV.Record, _ field: String) -> String? {
        guard let i = columns[field], i < r.fields.count else { return nil }
        let v = r.fields[i].trimmed()
        return v.isEmpty ? nil : v
    }

    private func require(_ r: CSV.Record, _ field: String) throws(RowError) -> String {
        guard let v = cell(r, field) else { throw RowError("\(field) is empty") }
        return v
    }

    /// A vocabulary cell (kind, stage, type) as its value; nil when empty.
    private func word(_ r: CSV.Record, _ field: String) throws(RowError) -> String? {
        guard let v = cell(r, field) else { return nil }
        guard let value = vocabulary.value(v, field: field) else {
            let known = Set(vocabulary.values[field]?.values.map { $0 } ?? []).sorted()
            throw RowError("\(field) “\(v)” is not one of \(known.joined(separator: ", "))")
        }
        return value
    }

    private func dateTime(_ r: CSV.Record) throws(RowError) -> LocalDateTime {
        let v = try require(r, "date")
        guard let at = CellReaders.dateTime(v) else {
            throw RowError("date “\(v)” is not a date crmbot reads safely; write it year first, e.g. 2026-11-03 or 2026-11-03 14:30")
        }
        return at
    }

    private func money(_ r: CSV.Record) throws(RowError) -> Money {
        let v = try require(r, "amount")
        guard let m = CellReaders.amount(v) else { throw RowError("amount “\(v)” is not an amount (e.g. 12000, 12,000.50, 1.2万)") }
        guard m.cents > 0 else { throw RowError("amount must be more than 0") }
        return m
    }

    /// The customer a row names, among those the importing rep may see.
    private func customerID(_ r: CSV.Record, _ lookup: PartyLookup) throws(RowError) -> CustomerID {
        let name = try require(r, "customer")
        switch lookup.customers(named: name) {
        case .one(let id): return id
        case .none: throw RowError("no customer “\(name)” in your book (import customers first)")
        case .several(let n): throw RowError("\(n) customers are called “\(name)”; import this row through the chat, naming the one meant")
        }
    }

    /// The rep a column names (owner or rep), who must be in the importer's scope; nil
    /// when the cell is empty.
    private func repNamed(_ r: CSV.Record, _ field: String) throws(RowError) -> RepID? {
        guard let name = cell(r, field) else { return nil }
        guard let other = reps[TextMatching.fold(name)] else {
            throw RowError("\(field) “\(name)” is not a rep (an admin adds reps: add rep \(name))")
        }
        guard other.id == rep.id || scope.allows(owner: other.id) else {
            throw RowError("\(field) “\(name)”: you may not write records for \(other.name) (only for yourself\(rep.role == .manager ? " and your team" : ""))")
        }
        return other.id
    }
}

/// The customers and contacts of one batch's names, in the importer's scope.
struct PartyLookup {
    enum Match { case none, one(CustomerID), several(Int) }

    private var byName: [String: [DirectoryEntry]] = [:]
    private var byAlias: [String: [DirectoryEntry]] = [:]
    private var contacts: [String: [DirectoryEntry]] = [:]

    init(_ parties: [DirectoryEntry]) {
        for p in parties {
            switch p.ref {
            case .customer:
                byName[TextMatching.fold(p.name), default: []].append(p)
                for a in p.aliases { byAlias[TextMatching.fold(a), default: []].append(p) }
            case .contact:
                contacts[TextMatching.fold(p.name), default: []].append(p)
                for a in p.aliases { contacts[TextMatching.fold(a), default: []].append(p) }
            }
        }
    }

    /// A customer by name, else by alias.
    func customers(named name: String) -> Match {
        let key = TextMatching.fold(name)
        // One customer whose name and alias (or two aliases) fold alike is one match.
        var ids = Set<CustomerID>()
        let found = (byName[key] ?? byAlias[key] ?? []).filter { ids.insert($0.customerID).inserted }
        switch found.count {
        case 0: return .none
        case 1: return .one(found[0].customerID)
        default: return .several(found.count)
        }
    }

    func contact(named name: String, at customer: CustomerID) -> ContactID? {
        let at = Set((contacts[TextMatching.fold(name)] ?? []).filter { $0.customerID == customer }.map(\.ref))
        guard at.count == 1, case .contact(let id)? = at.first else { return nil }
        return id
    }
}
