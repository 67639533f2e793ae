import Foundation
import CRMDomain
import CRMIntents
import CRMSupport

/// Everything one message is handled with: who asks, what they may see, the
/// slots gathered so far and the reply language. Lives for one message only;
/// nothing read from the store is kept across messages.
final class Turn {
    let store: any CRMStore
    let parser: any IntentParser
    let options: BotOptions
    let rep: Rep
    let scope: AccessScope
    let now: LocalDateTime
    let language: Language
    /// The full text of the message, for narrowing names ("Wang Tong at Quanyu Hospital").
    let message: String
    let intent: String
    var slots: [(String, SlotValue)]
    var pinned: [String: PartyRef]
    var confirmed: Set<String>
    /// The request's idempotency key, written with every change this turn makes.
    let requestKey: String?
    let requestAttempt: String?

    init(
        store: any CRMStore, parser: any IntentParser, options: BotOptions, rep: Rep, scope: AccessScope,
        now: LocalDateTime, language: Language, message: String, intent: String, slots: [(String, SlotValue)],
        pinned: [String: PartyRef] = [:], confirmed: Set<String> = [], requestKey: String? = nil,
        requestAttempt: String? = nil
    ) {
        self.requestKey = requestKey
        self.requestAttempt = requestAttempt
        self.store = store
        self.parser = parser
        self.options = options
        self.rep = rep
        self.scope = scope
        self.now = now
        self.language = language
        self.message = message
        self.intent = intent
        self.slots = slots
        self.pinned = pinned
        self.confirmed = confirmed
    }

    /// The write context of this message: every write is logged under the intent name.
    var context: WriteContext { WriteContext(repID: rep.id, at: now, action: intent, requestKey: requestKey, requestAttempt: requestAttempt) }

    var today: CivilDate { now.date }

    /// Picks the English or Chinese wording.
    func say(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    // MARK: Slots

    func slot(_ name: String) -> SlotValue? {
        slots.first(where: { $0.0 == name })?.1
    }

    /// The slot as text, trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = slot(name) else { return nil }
        let s: String
        switch value {
        case .text(let t): s = t
        case .number(let n): s = n.rounded() == n && abs(n) < 9e15 ? String(Int64(n)) : String(n)
        case .date(let d): s = d.iso
        case .list(let l): s = l.joined(separator: ", ")
        }
        let trimmed = s.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The slot as text, or a question for it.
    func requireText(_ name: String) throws(Interrupt) -> String {
        guard let s = text(name) else { throw .ask(Phrases.question(for: name, in: self)) }
        return s
    }

    /// The slot as a list of tokens (a list, or text separated by commas/and/和).
    func tokens(_ name: String) -> [String] {
        guard let value = slot(name) else { return [] }
        let raw: [String]
        switch value {
        case .list(let l): raw = l
        default:
            let t = text(name) ?? ""
            raw = t.replacingOccurrences(of: " and ", with: ",").split(whereSeparator: { ",，、和/ ".contains($0) })
                .map(String.init)
        }
        return raw.map { TextMatching.fold($0) }.filter { !$0.isEmpty }
    }

    /// An enumeration slot; an unknown token asks again.
    func enumeration<E: RawRepresentable>(_ name: String, _ type: E.Type) throws(Interrupt) -> E?
    where E.RawValue == String {
        guard let t = text(name) else { return nil }
        let token = TextMatching.fold(t).replacingOccurrences(of: " ", with: "_")
        if let v = E(rawValue: token) ?? E(rawValue: t) ?? E(rawValue: t.uppercased()) { return v }
        throw .ask(Phrases.question(for: name, in: self, retry: true))
    }

    func requireEnumeration<E: RawRepresentable>(_ name: String, _ type: E.Type) throws(Interrupt) -> E
    where E.RawValue == String {
        guard let v = try enumeration(name, type) else { throw .ask(Phrases.question(for: name, in: self)) }
        return v
    }

    /// A date slot; a value that is not a real date ("Feb 30") asks again.
    func date(_ name: String) throws(Interrupt) -> LocalDateTime? {
        guard let value = slot(name) else { return nil }
        if case .date(let d) = value { return d }
        if let t = text(name), let d = LocalDateTime(iso: t) { return d }
        throw .ask(Phrases.invalidDate(slot: name, in: self))
    }

    /// A positive count (quantity, ref); nil when absent.
    func integer(_ name: String) throws(Interrupt) -> Int64? {
        guard let value = slot(name) else { return nil }
        let n: Double?
        switch value {
        case .number(let x): n = x
        default: n = text(name).flatMap { Double($0.filter { $0 != "#" && $0 != "," }) }
        }
        guard let n, n.rounded() == n, n >= 1, n < 1e15 else {
            throw .fail(BotError(code: "invalid", message: Phrases.badNumber(slot: name, in: self)))
        }
        return Int64(n)
    }

    func requireInteger(_ name: String) throws(Interrupt) -> Int64 {
        guard let n = try integer(name) else { throw .ask(Phrases.question(for: name, in: self)) }
        return n
    }

    /// The `amount` slot as money: required, more than zero, at most 1e12.
    func amount(_ name: String = "amount") throws(Interrupt) -> Money {
        guard let value = slot(name) else { throw .ask(Phrases.question(for: name, in: self)) }
        var units: Double?
        switch value {
        case .number(let n): units = n
        default:
            if let t = text(name) { units = Double(t.filter { !",¥￥ ".contains($0) }) }
        }
        guard let units else { throw .ask(Phrases.question(for: name, in: self, retry: true)) }
        return try Turn.money(units, in: self)
    }

    /// Validates an amount in base units: refuses zero, negatives and more than 1e12.
    static func money(_ units: Double, in turn: Turn) throws(Interrupt) -> Money {
        // Less than one cent rounds to zero, which is no amount either.
        guard units.isFinite, units >= 0.005 else {
            throw .fail(BotError(code: "invalid_amount", message: turn.say(
                "The amount must be more than zero.", "金额必须大于零。")))
        }
        guard units <= 1e12, let money = Money(units: units), money.cents > 0 else {
            throw .fail(BotError(code: "invalid_amount", message: turn.say(
                "That amount is too large (the limit is 1,000,000,000,000) — please check it.",
                "金额太大（上限为1,000,000,000,000），请核对。")))
        }
        return money
    }

    // MARK: Names

    /// At most this many candidates per kind and looked-up name.
    static let candidateLimit = 50

    /// The store's candidates for `name` (and its parts, "X at Y"), deduplicated.
    func candidates(for name: String, kinds: NameResolver.Kinds) async throws -> [DirectoryEntry] {
        var seen = Set<PartyRef>()
        var out: [DirectoryEntry] = []
        for (term, termKinds) in NameResolver.lookupTerms(name, kinds: kinds) {
            for entry in try await store.findParties(named: term, in: scope, kinds: termKinds, limit: Turn.candidateLimit)
            where seen.insert(entry.ref).inserted {
                out.append(entry)
            }
        }
        return out
    }

    /// The customers and contacts whose name or alias folds to the same text as `name`
    /// (with partial or typo matches when there is none), for duplicate checks.
    func sameName(_ name: String) async throws -> [DirectoryEntry] {
        try await store.findParties(named: name, in: scope, limit: 1_000)
    }

    /// The entries of these customers and contacts that are in scope (a few round trips:
    /// for the handful of names a reply mentions, e.g. the card's referrals).
    func entries(for refs: [PartyRef]) async throws -> [DirectoryEntry] {
        var seen = Set<PartyRef>()
        var out: [DirectoryEntry] = []
        for ref in refs where seen.insert(ref).inserted {
            if let e = try await store.directoryEntry(for: ref, in: scope) { out.append(e) }
        }
        return out
    }

    /// The entry a previous question pinned for this slot, if still in scope.
    private func pinnedEntry(_ slotName: String) async throws -> DirectoryEntry? {
        guard let ref = pinned[slotName] else { return nil }
        return try await store.directoryEntry(for: ref, in: scope)
    }

    /// The name to look up for a slot: the slot's text, except that a person in `who` with
    /// the organisation they belong to in `company` (华康医院的郑晓东, "Priya Nair at Lakeside
    /// Hospital") is looked up as the two together, so the organisation narrows the person.
    func lookupName(_ slotName: String) -> String? {
        guard let name = text(slotName) else { return nil }
        guard slotName == "who", let company = text("company") else { return name }
        let han = (name + company).unicodeScalars.contains { $0.isHan }
        return han ? "\(company)的\(name)" : "\(name) at \(company)"
    }

    /// How a name slot resolves, and the name to show in a question or a refusal. A person
    /// named with an organisation that is not on file ("met Priya Nair at Starbucks", a
    /// company not yet added) is never taken to be someone of that name elsewhere: that
    /// one is offered as a choice, so the rep sees where it would be written.
    private func resolution(_ slotName: String, kinds: NameResolver.Kinds) async throws
        -> (name: String, result: NameResolver.Resolution)?
    {
        guard let name = lookupName(slotName) else { return nil }
        func resolve(_ query: String, _ kinds: NameResolver.Kinds) async throws -> NameResolver.Resolution {
            NameResolver(entries: try await candidates(for: query, kinds: kinds), scripts: store.nameScripts)
                .resolve(query, message: message, kinds: kinds)
        }
        // The company first: when it is on file, the two are looked up together.
        if slotName == "who", let company = text("company"), let person = text("who"),
            case .notFound = try await resolve(company, .customers)
        {
            switch try await resolve(person, kinds) {
            case .unique(let entry): return (person, .ambiguous([entry]))
            case .ambiguous(let entries): return (person, .ambiguous(entries))
            case .notFound: return (name, .notFound)
            }
        }
        return (name, try await resolve(name, kinds))
    }

    /// Resolves a name slot to one directory entry, asking when several fit and
    /// refusing politely when none does.
    func party(_ slotName: String, kinds: NameResolver.Kinds = .any) async throws -> DirectoryEntry {
        if let entry = try await pinnedEntry(slotName) { return entry }
        _ = try requireText(slotName)
        guard let (name, result) = try await resolution(slotName, kinds: kinds) else {
            throw Interrupt.ask(Phrases.question(for: slotName, in: self))
        }
        switch result {
        case .unique(let entry): return entry
        case .ambiguous(let candidates):
            throw Interrupt.ask(Phrases.whichOne(name, candidates, slot: slotName, in: self))
        case .notFound:
            throw Interrupt.fail(Phrases.unknownName(name, kinds: kinds, in: self))
        }
    }

    /// Like ``party(_:kinds:)`` but nil when the name is not known (no question, no refusal).
    func knownParty(_ slotName: String, kinds: NameResolver.Kinds = .any) async throws -> DirectoryEntry? {
        if let entry = try await pinnedEntry(slotName) { return entry }
        guard let (name, result) = try await resolution(slotName, kinds: kinds) else { return nil }
        switch result {
        case .unique(let entry): return entry
        case .ambiguous(let candidates):
            throw Interrupt.ask(Phrases.whichOne(name, candidates, slot: slotName, in: self))
        case .notFound: return nil
        }
    }

    /// The customer record behind an entry, checked against the rep's scope.
    func customer(_ id: CustomerID) async throws -> Customer {
        guard let c = try await store.customer(id: id), scope.allows(owner: c.ownerID) else {
            throw Interrupt.fail(BotError(code: "not_found", message: say(
                "I can't find that customer any more.", "找不到这个客户了。")))
        }
        return c
    }

    /// The resolved slots as JSON, for a reply's `data`.
    var slotsJSON: JSONValue { .object(slots.map { ($0.0, $0.1.json) }) }
}
