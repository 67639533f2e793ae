import CRMDomain
import CRMInsights
import CRMSupport

/// The structured `data` rows of the insight replies: every number a rule used, with
/// stable keys (snake_case, English tokens), so relays need not parse the text.
enum InsightJSON {
    static func money(_ m: Money) -> JSONValue { .double(m.units) }
    static func money(_ m: Money?) -> JSONValue { m.map { .double($0.units) } ?? .null }
    static func date(_ d: CivilDate?) -> JSONValue { d.map { .string($0.iso) } ?? .null }

    /// A rep's day of unusual reading (domain §13).
    static func unusualReading(_ u: UnusualReading) -> JSONValue {
        .object([
            ("rep", .string(u.repName)), ("rep_id", .int(u.repID.rawValue)), ("date", .string(u.day.iso)),
            ("reads", .int(Int64(u.reads))), ("norm", .double(u.norm)), ("flagged_at", .string(u.flaggedAt.iso)),
        ])
    }

    /// `10`, `10.5`: a count or a median, as a person reads it.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String((x * 10).rounded() / 10)
    }
    static func moment(_ d: LocalDateTime?) -> JSONValue { d.map { .string($0.iso) } ?? .null }
    static func number(_ x: Double?) -> JSONValue { x.map { .double(($0 * 100).rounded() / 100) } ?? .null }

    /// The figures behind one warning.
    static func figures(_ r: RiskReason) -> JSONValue {
        switch r {
        case .creditOverLimit(let outstanding, let limit):
            return .object([("outstanding", money(outstanding)), ("credit_limit", money(limit))])
        case .behindPlan(let ordered, let expected, let plan, let day, let days):
            return .object([
                ("ordered", money(ordered)), ("expected", money(expected)), ("plan", money(plan)),
                ("day_of_period", .int(Int64(day))), ("days_in_period", .int(Int64(days))),
            ])
        case .overBudget(let cost, let budget):
            return .object([("cost", money(cost)), ("budget", money(budget))])
        case .stoppedOrdering(let last, let since, let threshold, let gap):
            return .object([
                ("last_order", date(last)), ("days_since", .int(Int64(since))), ("threshold_days", number(threshold)),
                ("median_gap_days", number(gap)),
            ])
        case .keyAccountNoContact(let last, let since, let threshold):
            return .object([
                ("last_contact", moment(last)), ("days_since", .int(Int64(since))),
                ("threshold_days", .int(Int64(threshold))),
            ])
        case .complaintOpen(let id, let opened, let days, let threshold),
            .complaintNotAcknowledged(let id, let opened, let days, let threshold):
            return .object([
                ("complaint_id", .int(id.rawValue)), ("opened_at", moment(opened)), ("days_open", .int(Int64(days))),
                ("threshold_days", .int(Int64(threshold))),
            ])
        case .complaintFollowUpDue(let id, let resolved, let days, let threshold):
            return .object([
                ("complaint_id", .int(id.rawValue)), ("resolved_at", moment(resolved)), ("days_since", .int(Int64(days))),
                ("threshold_days", .int(Int64(threshold))),
            ])
        }
    }

    static func warning(_ r: RiskReason, _ lang: Language) -> JSONValue {
        .object([
            ("warning", .string(r.kind.rawValue)), ("reason", .string(r.code)), ("figures", figures(r)),
            ("why", .string(r.why(lang))), ("next_step", .string(r.nextStep(lang))),
        ])
    }

    static func customerRisk(_ c: CustomerRisk, _ lang: Language) -> JSONValue {
        .object([
            ("customer_id", .int(c.customerID.rawValue)), ("customer", .string(c.customerName)),
            ("owner_id", .int(c.ownerID.rawValue)), ("tier", c.tier.map { .string($0.rawValue) } ?? .null),
            ("warnings", .array(c.reasons.map { warning($0, lang) })),
        ])
    }

    static func reorder(_ p: ReorderPrediction, _ lang: Language) -> JSONValue {
        var basis: [(String, JSONValue)] = [("kind", .string(p.basis.code)), ("text", .string(p.basis.text(lang)))]
        switch p.basis {
        case .consumptionRate(let rate, let qty):
            basis += [("units_per_day", number(rate)), ("last_quantity", .int(qty))]
        case .orderQuantities(let rate, let qty, let n):
            basis += [("units_per_day", number(rate)), ("last_quantity", .int(qty)), ("orders", .int(Int64(n)))]
        case .orderRhythm(let gap, let n):
            basis += [("median_gap_days", number(gap)), ("orders", .int(Int64(n)))]
        }
        return .object([
            ("customer_id", .int(p.customerID.rawValue)), ("customer", .string(p.customerName)),
            ("owner_id", .int(p.ownerID.rawValue)), ("last_order", date(p.lastOrder)), ("run_out", date(p.runOut)),
            ("days_left", .int(Int64(p.daysLeft))), ("basis", .object(basis)),
        ])
    }

    static func collectionDay(_ d: CollectionDay) -> JSONValue {
        .object([
            ("date", date(d.date)),
            ("customers", .array(d.collections.map { c in
                .object([
                    ("customer_id", .int(c.customerID.rawValue)), ("customer", .string(c.customerName)),
                    ("outstanding", money(c.outstanding)), ("payday", .int(Int64(c.payday))),
                ])
            })),
        ])
    }

    static func birthday(_ b: UpcomingBirthday) -> JSONValue {
        .object([
            ("name", .string(b.fact.name)), ("customer_id", .int(b.fact.customerID.rawValue)),
            ("customer", .string(b.fact.customerName)), ("contact_id", b.fact.contactID.map { .int($0.rawValue) } ?? .null),
            ("date", date(b.date)), ("in_days", .int(Int64(b.inDays))), ("age", b.age.map { .int(Int64($0)) } ?? .null),
        ])
    }

    static func task(_ t: TaskItem, customer: String?) -> JSONValue {
        .object([
            ("task_id", .int(t.id.rawValue)), ("what", .string(t.what)), ("due", moment(t.due)),
            ("customer_id", t.customerID.map { .int($0.rawValue) } ?? .null),
            ("customer", customer.map { .string($0) } ?? .null),
        ])
    }

    static func complaint(_ c: OpenComplaintItem) -> JSONValue {
        .object([
            ("complaint_id", .int(c.complaint.id.rawValue)), ("customer_id", .int(c.customerID.rawValue)),
            ("customer", .string(c.customerName)), ("opened_at", moment(c.complaint.openedAt)),
            ("days_open", .int(Int64(c.daysOpen))), ("note", .string(c.complaint.note)),
            ("tier", c.tier.map { .string($0.rawValue) } ?? .null),
        ])
    }
}
