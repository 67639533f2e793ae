import CRMDomain
import CRMSupport

extension SQLiteStore {
    /// One scan of `customers` joined to the trigger-kept `customer_stats` (whose
    /// `window_cents` is refilled first when the query asks for another tier window, once a
    /// day) and this month's orders (`orders_by_date`), decoded column by column (no ``Row``
    /// copies); then one pass over the open complaints. A read-only store that cannot
    /// refill sums the window on the fly. With `exactAsOf` every aggregate comes from the
    /// raw rows dated on or before `asOf` instead (correlated subqueries; slower).
    public func insightFacts(_ query: InsightQuery, in scope: AccessScope) async throws -> [CustomerFacts] {
        let stages: SQLValue =
            query.stages.map { set in .text("[" + set.map { "\"\($0.rawValue)\"" }.sorted().joined(separator: ",") + "]") }
            ?? .null
        let window: [SQLValue] = [.text(query.windowStart.iso), .text(query.asOf.iso)]
        let exact = query.exactAsOf
        if !exact {
            // `self.readOnly` (the store's), not the connection's: reads run on pooled readers,
            // which are always opened read-only, so asking them kept the window from ever
            // being refilled and every question summed every customer's orders again.
            let matches = try await reading { db in try Self.windowMatches(db, window) }
            if !matches && !readOnly { try await writing { db in try Self.refillWindow(db, window) } }
        }
        let arguments: [SQLValue] = [
            scopeValue(scope), .text(query.windowStart.iso), .text(query.asOf.iso), .text(query.periodStart.iso), stages,
        ]
        let asOfEnd = query.asOf.iso + "T99"  // sorts after every moment of that day
        return try await reading { db in
            let expected = try db.scalarInt(
                """
                SELECT COUNT(*) FROM \(Self.customersFrom(scope))
                WHERE \(Self.scopeClause(scope)) AND (?2 IS NULL OR c.stage IN (SELECT value FROM json_each(?2)))
                """, [scopeValue(scope), stages])
            var facts: [CustomerFacts] = []
            facts.reserveCapacity(Int(expected ?? 0))
            /// Facts are in id order (every query orders by id): find one by binary search.
            func position(_ id: Int64) -> Int? {
                var low = 0, high = facts.count
                while low < high {
                    let mid = (low + high) / 2
                    if facts[mid].id.rawValue < id { low = mid + 1 } else { high = mid }
                }
                return low < facts.count && facts[low].id.rawValue == id ? low : nil
            }
            if exact {
                try db.each(Self.exactFactsSQL, arguments + [.text(asOfEnd)]) { s in
                    let id = try s.int64(0)
                    facts.append(try Self.decodeFacts(s, id: id))
                }
            } else if try Self.windowMatches(db, window) {
                // Re-checked in this snapshot (another process may have moved the window).
                // Customers first, then their stats merged by id: for everything, two
                // sequential scans beat 100,000 joined lookups.
                try db.each(Self.customersSQL(scope), arguments) { s in
                    let id = try s.int64(0)
                    facts.append(try Self.decodeCustomer(s, id: id))
                }
                var cursor = 0
                let statsSQL: String
                let statsArguments: [SQLValue]
                if case .everything = scope {
                    statsSQL = "SELECT \(Self.statsColumns) FROM customer_stats s ORDER BY s.customer_id"
                    statsArguments = []
                } else {
                    // Driven from the owner index: a rep's 2,000 customers, not a scan of 100,000.
                    statsSQL = """
                        SELECT \(Self.statsColumns) FROM customers c INDEXED BY customers_by_owner
                        JOIN customer_stats s ON s.customer_id = c.id
                        WHERE \(Self.scopeClause(scope)) ORDER BY c.id
                        """
                    statsArguments = [scopeValue(scope)]
                }
                try db.each(statsSQL, statsArguments) { s in
                    let id = try s.int64(0)
                    while cursor < facts.count && facts[cursor].id.rawValue < id { cursor += 1 }
                    guard cursor < facts.count, facts[cursor].id.rawValue == id else { return }
                    try Self.applyStats(s, to: &facts[cursor])
                }
            } else {
                try db.each(Self.factsSQL, arguments) { s in
                    let id = try s.int64(0)
                    facts.append(try Self.decodeFacts(s, id: id))
                }
            }
            if exact {
                var current: Int64 = -1
                var days: [Int] = []
                func flush() {
                    if let i = position(current) { facts[i].medianGapDays = Self.medianGap(days) }
                    days.removeAll(keepingCapacity: true)
                }
                try db.each(Self.exactGapsSQL, [scopeValue(scope), .text(query.asOf.iso)]) { s in
                    let id = try s.int64(0)
                    if id != current {
                        flush()
                        current = id
                    }
                    guard let d = try s.optionalCivilDate(1) else { throw RowDecodingError(column: "date", reason: "missing") }
                    days.append(d.dayNumber)
                }
                flush()
            }
            let complaintSQL =
                exact
                ? """
                SELECT k.id, k.customer_id, k.opened_at, k.note,
                    CASE WHEN k.acknowledged_at <= ?2 THEN k.acknowledged_at END
                FROM complaints k JOIN customers c ON c.id = k.customer_id
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
                    AND k.opened_at <= ?2 AND (k.resolved_at IS NULL OR k.resolved_at > ?2)
                ORDER BY k.opened_at, k.id
                """
                : """
                SELECT k.id, k.customer_id, k.opened_at, k.note, k.acknowledged_at
                FROM complaints k JOIN customers c ON c.id = k.customer_id
                WHERE k.resolved_at IS NULL AND \(Self.scopeClause(scope))
                ORDER BY k.opened_at, k.id
                """
            try db.each(complaintSQL, exact ? [scopeValue(scope), .text(asOfEnd)] : [scopeValue(scope)]) { s in
                guard let i = position(try s.int64(1)) else { return }
                guard let opened = LocalDateTime(iso: try s.text(2)) else {
                    throw RowDecodingError(column: "opened_at", reason: "not a date-time")
                }
                facts[i].openComplaints.append(
                    OpenComplaintFact(
                        id: ComplaintID(try s.int64(0)), openedAt: opened, note: try s.text(3),
                        acknowledgedAt: try s.optionalLocalDateTime(4)))
            }
            // Resolved (by then), not followed up (by then): step 4 still to do.
            let unfollowedSQL =
                exact
                ? """
                SELECT k.id, k.customer_id, k.resolved_at FROM complaints k JOIN customers c ON c.id = k.customer_id
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
                    AND k.resolved_at IS NOT NULL AND k.resolved_at <= ?2 AND (k.followed_up_at IS NULL OR k.followed_up_at > ?2)
                ORDER BY k.resolved_at, k.id
                """
                : """
                SELECT k.id, k.customer_id, k.resolved_at FROM complaints k JOIN customers c ON c.id = k.customer_id
                WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
                    AND k.resolved_at IS NOT NULL AND k.followed_up_at IS NULL
                ORDER BY k.resolved_at, k.id
                """
            try db.each(unfollowedSQL, exact ? [scopeValue(scope), .text(asOfEnd)] : [scopeValue(scope)]) { s in
                guard let i = position(try s.int64(1)) else { return }
                guard let resolved = LocalDateTime(iso: try s.text(2)) else {
                    throw RowDecodingError(column: "resolved_at", reason: "not a date-time")
                }
                facts[i].unfollowedComplaints.append(UnfollowedComplaintFact(id: ComplaintID(try s.int64(0)), resolvedAt: resolved))
            }
            return facts
        }
    }

    private static let customerColumns = """
        c.id, c.name, c.kind, c.owner_id, c.stage, c.grade, c.tier_override, c.credit_limit_cents,
        c.sales_plan_cents, c.expense_budget_cents, c.cost_cents, c.payday, c.consumption_rate, c.money,
        c.authority, c.need, c.birthday, c.created_at
        """

    private static let scopeAndStages = """
        WHERE (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
            AND (?5 IS NULL OR c.stage IN (SELECT value FROM json_each(?5)))
        ORDER BY c.id
        """

    /// ?1 scope, ?2 window start, ?3 as-of, ?4 period start, ?5 stages.
    private static let factsSQL = """
        SELECT \(customerColumns),
            s.order_count, s.first_order, s.last_order, s.median_gap_days, s.ordered_cents, s.paid_cents,
            s.quantity_total, s.last_quantity, s.last_activity, s.last_amount_cents,
            COALESCE(w.revenue, 0), COALESCE(p.ordered, 0)
        FROM customers c
        LEFT JOIN customer_stats s ON s.customer_id = c.id
        LEFT JOIN (
            SELECT customer_id, SUM(amount_cents) AS revenue FROM orders WHERE date >= ?2 AND date <= ?3
            GROUP BY customer_id
        ) w ON w.customer_id = c.id
        LEFT JOIN (
            SELECT customer_id, SUM(amount_cents) AS ordered FROM orders WHERE date >= ?4 AND date <= ?3
            GROUP BY customer_id
        ) p ON p.customer_id = c.id
        \(scopeAndStages)
        """

    /// `c.owner_id` in the scope's owners (?1), or `?1 IS NULL` for everything: kept apart
    /// rather than `(?1 IS NULL OR …)`, so SQLite can use the owner index for a scope.
    private static func scopeClause(_ scope: AccessScope) -> String {
        if case .everything = scope { return "?1 IS NULL" }
        return "c.owner_id IN (SELECT value FROM json_each(?1))"
    }

    /// `FROM customers c`, through the owner index when scoped (else SQLite prefers a scan in id order).
    private static func customersFrom(_ scope: AccessScope) -> String {
        if case .everything = scope { return "customers c" }
        return "customers c INDEXED BY customers_by_owner"
    }

    /// The customers with this month's orders (?4 period start, ?3 as-of); stats come apart.
    /// For everything, one grouped pass over this month's orders; for a scope, the owner
    /// index and a per-customer sum on `orders_by_customer_date_amount` (a rep's 2,000
    /// customers cost 2,000 seeks, not a pass over everyone's orders).
    private static func customersSQL(_ scope: AccessScope) -> String {
        if case .everything = scope {
            return """
                SELECT \(customerColumns), COALESCE(p.ordered, 0)
                FROM customers c
                LEFT JOIN (
                    SELECT customer_id, SUM(amount_cents) AS ordered FROM orders WHERE date >= ?4 AND date <= ?3
                    GROUP BY customer_id
                ) p ON p.customer_id = c.id
                WHERE ?1 IS NULL AND (?5 IS NULL OR c.stage IN (SELECT value FROM json_each(?5)))
                ORDER BY c.id
                """
        }
        return """
            SELECT \(customerColumns),
                (SELECT COALESCE(SUM(o.amount_cents), 0) FROM orders o
                 WHERE o.customer_id = c.id AND o.date >= ?4 AND o.date <= ?3)
            FROM customers c INDEXED BY customers_by_owner
            WHERE \(scopeClause(scope)) AND (?5 IS NULL OR c.stage IN (SELECT value FROM json_each(?5)))
            ORDER BY c.id
            """
    }

    private static let statsColumns = """
        s.customer_id, s.order_count, s.first_order, s.last_order, s.median_gap_days, s.ordered_cents, s.paid_cents,
        s.quantity_total, s.last_quantity, s.last_activity, s.last_amount_cents, s.window_cents
        """

    /// True when `customer_stats.window_cents` holds the window [?1, ?2].
    private static func windowMatches(_ db: Connection, _ window: [SQLValue]) throws -> Bool {
        try db.scalarInt("SELECT COUNT(*) FROM insight_window WHERE window_start = ? AND as_of = ?", window) == 1
    }

    /// Refills `customer_stats.window_cents` for the window [?1, ?2] (derived data: not in
    /// the change log; the order triggers keep it current afterwards).
    private static func refillWindow(_ db: Connection, _ window: [SQLValue]) throws {
        guard try !windowMatches(db, window) else { return }
        try db.execute(
            """
            INSERT INTO insight_window (id, window_start, as_of) VALUES (1, ?, ?)
            ON CONFLICT (id) DO UPDATE SET window_start = excluded.window_start, as_of = excluded.as_of
            """, window)
        try db.execute("UPDATE customer_stats SET window_cents = 0 WHERE window_cents != 0")
        try db.execute(
            """
            UPDATE customer_stats SET window_cents = w.revenue
            FROM (
                SELECT customer_id, SUM(amount_cents) AS revenue FROM orders WHERE date >= ?1 AND date <= ?2
                GROUP BY customer_id
            ) AS w
            WHERE customer_stats.customer_id = w.customer_id
            """, window)
    }

    /// As ``factsSQL`` from the raw rows dated on or before ?3 (?6: the end of that day for
    /// moments); the median gap (NULL here) is filled in from ``exactGapsSQL``.
    private static let exactFactsSQL = """
        SELECT \(customerColumns),
            (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3),
            (SELECT MIN(date) FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3),
            (SELECT MAX(date) FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3),
            NULL,
            (SELECT COALESCE(SUM(amount_cents), 0) FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3),
            (SELECT COALESCE(SUM(amount_cents), 0) FROM payments p WHERE p.customer_id = c.id AND p.date <= ?3),
            (SELECT SUM(quantity) FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3),
            (SELECT quantity FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3 ORDER BY date DESC, id DESC LIMIT 1),
            (SELECT MAX(at) FROM activities a WHERE a.customer_id = c.id AND a.at <= ?6),
            (SELECT amount_cents FROM orders o WHERE o.customer_id = c.id AND o.date <= ?3 ORDER BY date DESC, id DESC LIMIT 1),
            (SELECT COALESCE(SUM(amount_cents), 0) FROM orders o WHERE o.customer_id = c.id AND o.date >= ?2 AND o.date <= ?3),
            (SELECT COALESCE(SUM(amount_cents), 0) FROM orders o WHERE o.customer_id = c.id AND o.date >= ?4 AND o.date <= ?3)
        FROM customers c
        \(scopeAndStages)
        """

    /// Order dates per customer in scope up to ?2, for the exact median gap.
    private static let exactGapsSQL = """
        SELECT o.customer_id, o.date FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE o.date <= ?2 AND (?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))
        ORDER BY o.customer_id, o.date, o.id
        """

    /// The median of the day gaps between consecutive dates; nil below two dates.
    static func medianGap(_ dayNumbers: [Int]) -> Double? {
        guard dayNumbers.count >= 2 else { return nil }
        let gaps = zip(dayNumbers.dropFirst(), dayNumbers).map { $0 - $1 }.sorted()
        let mid = gaps.count / 2
        return gaps.count % 2 == 1 ? Double(gaps[mid]) : Double(gaps[mid - 1] + gaps[mid]) / 2
    }

    /// The customer columns (0–17) and this month's orders (18) of ``customersSQL``.
    private static func decodeCustomer(_ s: Statement, id: Int64) throws -> CustomerFacts {
        var f = try decodeFacts(s, id: id, withAggregates: false)
        f.orderedInPeriod = Money(cents: try s.optionalInt64(18) ?? 0)
        return f
    }

    /// The ``statsColumns`` of one row onto the customer's facts.
    private static func applyStats(_ s: Statement, to f: inout CustomerFacts) throws {
        f.orderCount = Int(try s.int64(1))
        f.firstOrder = try s.optionalCivilDate(2)
        f.lastOrder = try s.optionalCivilDate(3)
        f.medianGapDays = try s.optionalDouble(4)
        f.totalOrdered = Money(cents: try s.int64(5))
        f.totalPaid = Money(cents: try s.int64(6))
        f.quantityTotal = try s.optionalInt64(7)
        f.lastQuantity = try s.optionalInt64(8)
        f.lastContact = try s.optionalLocalDateTime(9)
        f.lastOrderAmount = try s.optionalInt64(10).map { Money(cents: $0) }
        f.revenueInWindow = Money(cents: try s.int64(11))
    }

    private static let kinds = ByteTable<CustomerKind>()
    private static let stages = ByteTable<Stage>()
    private static let grades = ByteTable<ProspectGrade>()
    private static let tiers = ByteTable<ValueTier>()
    private static let triStates = ByteTable<TriState>()

    private static func decodeFacts(_ s: Statement, id: Int64, withAggregates: Bool = true) throws -> CustomerFacts {
        func decode<E>(_ i: Int32, _ table: ByteTable<E>) throws -> E? { try s.enumeration(i, table) }
        func required<E>(_ i: Int32, _ table: ByteTable<E>) throws -> E {
            guard let v = try s.enumeration(i, table) else { throw RowDecodingError(column: "#\(i)", reason: "missing") }
            return v
        }
        func date(_ i: Int32) throws -> CivilDate? { try s.optionalCivilDate(i) }
        func moment(_ i: Int32) throws -> LocalDateTime? { try s.optionalLocalDateTime(i) }
        func money(_ i: Int32) throws -> Money? { try s.optionalInt64(i).map { Money(cents: $0) } }
        guard let created = try moment(17) else { throw RowDecodingError(column: "created_at", reason: "missing") }
        let birthday = try s.optionalMonthDay(16)
        guard withAggregates else {
            return CustomerFacts(
                id: CustomerID(id), name: try s.text(1), kind: try required(2, Self.kinds),
                ownerID: RepID(try s.int64(3)), stage: try required(4, Self.stages), grade: try decode(5, Self.grades),
                tierOverride: try decode(6, Self.tiers), creditLimit: try money(7), salesPlan: try money(8),
                expenseBudget: try money(9), cost: try money(10), payday: try s.optionalInt64(11).map { Int($0) },
                consumptionRate: try s.optionalDouble(12), money: try required(13, Self.triStates),
                authority: try required(14, Self.triStates), need: try required(15, Self.triStates), birthday: birthday,
                createdAt: created)
        }
        return CustomerFacts(
            id: CustomerID(id), name: try s.text(1), kind: try required(2, Self.kinds),
            ownerID: RepID(try s.int64(3)), stage: try required(4, Self.stages), grade: try decode(5, Self.grades),
            tierOverride: try decode(6, Self.tiers), creditLimit: try money(7), salesPlan: try money(8),
            expenseBudget: try money(9), cost: try money(10), payday: try s.optionalInt64(11).map { Int($0) },
            consumptionRate: try s.optionalDouble(12), money: try required(13, Self.triStates),
            authority: try required(14, Self.triStates), need: try required(15, Self.triStates), birthday: birthday,
            createdAt: created, orderCount: Int(try s.optionalInt64(18) ?? 0), firstOrder: try date(19),
            lastOrder: try date(20), medianGapDays: try s.optionalDouble(21),
            totalOrdered: try money(22) ?? .zero, totalPaid: try money(23) ?? .zero,
            quantityTotal: try s.optionalInt64(24), lastQuantity: try s.optionalInt64(25),
            lastOrderAmount: try money(27), lastContact: try moment(26), revenueInWindow: try money(28) ?? .zero,
            orderedInPeriod: try money(29) ?? .zero)
    }

    /// Grouped in SQL by stage, grade and the three MAN answers, straight off a covering
    /// index (`customers_by_stage`, or `customers_by_owner_stage` for a scope); the MAN
    /// answers fold into "qualified" here.
    public func funnelCells(in scope: AccessScope) async throws -> [FunnelCell] {
        let sql: String
        if case .everything = scope {
            sql = """
                SELECT c.stage, c.grade, c.money, c.authority, c.need, COUNT(*) FROM customers c INDEXED BY customers_by_stage
                WHERE ?1 IS NULL GROUP BY 1, 2, 3, 4, 5
                """
        } else {
            sql = """
                SELECT c.stage, c.grade, c.money, c.authority, c.need, COUNT(*)
                FROM customers c INDEXED BY customers_by_owner_stage
                WHERE \(Self.scopeClause(scope)) GROUP BY 1, 2, 3, 4, 5
                """
        }
        return try await reading { db in
            var counts: [FunnelCell: Int] = [:]
            try db.each(sql, [scopeValue(scope)]) { s in
                guard let stage = Stage(rawValue: try s.text(0)) else {
                    throw RowDecodingError(column: "stage", reason: "unknown value")
                }
                let grade = try s.optionalText(1).flatMap(ProspectGrade.init(rawValue:))
                let qualified = try s.text(2) == "yes" && s.text(3) == "yes" && s.text(4) == "yes"
                counts[FunnelCell(stage: stage, grade: grade, qualified: qualified, count: 0), default: 0] += Int(try s.int64(5))
            }
            return counts.map { cell, n in
                FunnelCell(stage: cell.stage, grade: cell.grade, qualified: cell.qualified, count: n)
            }.sorted { a, b in
                ((Stage.allCases.firstIndex(of: a.stage) ?? 0), a.grade?.rawValue ?? "", a.qualified ? 1 : 0)
                    < ((Stage.allCases.firstIndex(of: b.stage) ?? 0), b.grade?.rawValue ?? "", b.qualified ? 1 : 0)
            }
        }
    }

    /// Matches the stored `MM-DD` (the last five characters of `--MM-DD` or `YYYY-MM-DD`)
    /// against the window's month-days in SQL, so only the hits leave the database.
    public func birthdays(in scope: AccessScope, from: CivilDate, days: Int) async throws -> [BirthdayFact] {
        let span = max(0, min(days, 366))
        var monthDays = Set<String>()
        for offset in 0...span {
            let d = from.adding(days: offset)
            monthDays.insert(String(d.iso.suffix(5)))
            // A Feb 29 birthday is kept on Feb 28 in years without one.
            if d.month == 2, d.day == 28, !CivilDate.isLeap(d.year) { monthDays.insert("02-29") }
        }
        let list: SQLValue = .text("[" + monthDays.sorted().map { "\"\($0)\"" }.joined(separator: ",") + "]")
        return try await reading { db in
            var out: [BirthdayFact] = []
            let inScope = "(?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))"
            let wanted = "IN (SELECT value FROM json_each(?2))"
            try db.each(
                "SELECT c.id, c.name, c.birthday, c.owner_id FROM customers c WHERE c.birthday IS NOT NULL AND substr(c.birthday, -5) \(wanted) AND \(inScope)",
                [scopeValue(scope), list]
            ) { s in
                guard let md = MonthDay(iso: try s.text(2)) else { return }
                let name = try s.text(1)
                out.append(
                    BirthdayFact(
                        customerID: CustomerID(try s.int64(0)), customerName: name, name: name, birthday: md,
                        ownerID: RepID(try s.int64(3))))
            }
            try db.each(
                """
                SELECT k.id, k.name, k.birthday, c.id, c.name, c.owner_id FROM contacts k JOIN customers c ON c.id = k.customer_id
                WHERE k.birthday IS NOT NULL AND substr(k.birthday, -5) \(wanted) AND \(inScope)
                """, [scopeValue(scope), list]
            ) { s in
                guard let md = MonthDay(iso: try s.text(2)) else { return }
                out.append(
                    BirthdayFact(
                        customerID: CustomerID(try s.int64(3)), customerName: try s.text(4),
                        contactID: ContactID(try s.int64(0)), name: try s.text(1), birthday: md,
                        ownerID: RepID(try s.int64(5))))
            }
            return out
        }
    }

    public func customerHistory(for id: CustomerID) async throws -> CustomerHistory? {
        try await reading { db in
            guard let customer = try db.fetchCustomer(id) else { return nil }
            let key: [SQLValue] = [.integer(id.rawValue)]
            return CustomerHistory(
                customer: customer,
                orders: try db.rows("SELECT * FROM orders WHERE customer_id = ? ORDER BY date, id", key)
                    .map(Order.init(row:)),
                totalPaid: Money(
                    cents: try db.scalarInt("SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE customer_id = ?", key)
                        ?? 0),
                complaints: try db.rows("SELECT * FROM complaints WHERE customer_id = ? ORDER BY opened_at, id", key)
                    .map(Complaint.init(row:)),
                objections: try db.rows("SELECT * FROM objections WHERE customer_id = ? ORDER BY date, id", key)
                    .map(Objection.init(row:)),
                referralsOut: Int(try db.scalarInt("SELECT COUNT(*) FROM referrals WHERE from_customer_id = ?", key) ?? 0),
                activityCount: Int(try db.scalarInt("SELECT COUNT(*) FROM activities WHERE customer_id = ?", key) ?? 0))
        }
    }

    public func periodFacts(in scope: AccessScope, from: CivilDate, through: CivilDate) async throws
        -> [RepPeriodFacts]
    {
        let args: [SQLValue] = [scopeValue(scope), .text(from.iso), .text(through.iso), .text(through.iso + "T99")]
        return try await reading { db in
            var reps: [Int64: RepPeriodFacts] = [:]
            func edit(_ rep: Int64, _ body: (inout RepPeriodFacts) -> Void) {
                var f = reps[rep] ?? RepPeriodFacts(repID: RepID(rep))
                body(&f)
                reps[rep] = f
            }
            let inScope = "(?1 IS NULL OR c.owner_id IN (SELECT value FROM json_each(?1)))"
            try db.each(
                """
                SELECT a.rep_id, a.type, COUNT(*) FROM activities a JOIN customers c ON c.id = a.customer_id
                WHERE a.at >= ?2 AND a.at <= ?4 AND \(inScope) GROUP BY 1, 2
                """, args
            ) { s in
                guard let type = ActivityType(rawValue: try s.text(1)) else { return }
                let n = Int(try s.int64(2))
                edit(try s.int64(0)) { $0.activities[type, default: 0] += n }
            }
            try db.each(
                """
                SELECT c.owner_id, COUNT(*) FROM customers c
                WHERE c.created_at >= ?2 AND c.created_at <= ?4 AND \(inScope) GROUP BY 1
                """, args
            ) { s in
                let n = Int(try s.int64(1))
                edit(try s.int64(0)) { $0.newCustomers = n }
            }
            try db.each(
                """
                SELECT o.rep_id, COUNT(*), COALESCE(SUM(o.amount_cents), 0) FROM orders o JOIN customers c ON c.id = o.customer_id
                WHERE o.date >= ?2 AND o.date <= ?3 AND \(inScope) GROUP BY 1
                """, Array(args.prefix(3))
            ) { s in
                let n = Int(try s.int64(1))
                let cents = try s.int64(2)
                edit(try s.int64(0)) {
                    $0.orderCount = n
                    $0.revenue = Money(cents: cents)
                }
            }
            try db.each(
                """
                SELECT g.customer_id, g.rep_id, g.from_stage, g.to_stage, g.at FROM stage_changes g
                JOIN customers c ON c.id = g.customer_id
                WHERE g.at >= ?2 AND g.at <= ?4 AND \(inScope) ORDER BY g.at, g.id
                """, args
            ) { s in
                guard let from = Stage(rawValue: try s.text(2)), let to = Stage(rawValue: try s.text(3)),
                    let at = LocalDateTime(iso: try s.text(4))
                else { throw RowDecodingError(column: "stage_changes", reason: "unknown value") }
                let move = StageMove(
                    customerID: CustomerID(try s.int64(0)), repID: RepID(try s.int64(1)), from: from, to: to, at: at)
                edit(move.repID.rawValue) { $0.stageMoves.append(move) }
            }
            return reps.keys.sorted().compactMap { reps[$0] }
        }
    }
}

extension SQLiteStore {
    /// The customer's row, its `customer_stats` row and open complaints (primary-key
    /// seeks), and one range of the covering index `customer_stats_by_owner` for the profit
    /// sums — about 2,000 adjacent index entries for a rep's book, no table rows, no
    /// per-customer order sums, no Swift-side sort. Nothing is cached: every
    /// figure is read in one snapshot, so another process's writes are always seen.
    /// (Caching the owner's tiers per day behind a change counter was the alternative;
    /// this pass is cheap enough that the cache's invalidation rules are not worth it.)
    /// The tier window is refilled first like ``insightFacts(_:in:)`` (once a day); a
    /// read-only store sums the window from the orders instead.
    public func cardFacts(for id: CustomerID, _ query: InsightQuery) async throws -> CardFacts? {
        let window: [SQLValue] = [.text(query.windowStart.iso), .text(query.asOf.iso)]
        let matches = try await reading { db in try Self.windowMatches(db, window) }
        if !matches && !readOnly { try await writing { db in try Self.refillWindow(db, window) } }
        return try await reading { db -> CardFacts? in
            let arguments: [SQLValue] = [
                .integer(id.rawValue), .text(query.windowStart.iso), .text(query.asOf.iso), .text(query.periodStart.iso),
            ]
            var found: CustomerFacts?
            try db.each(
                """
                SELECT \(Self.customerColumns),
                    (SELECT COALESCE(SUM(o.amount_cents), 0) FROM orders o
                     WHERE o.customer_id = c.id AND o.date >= ?4 AND o.date <= ?3)
                FROM customers c WHERE c.id = ?1
                """, arguments
            ) { s in found = try Self.decodeCustomer(s, id: id.rawValue) }
            guard var f = found else { return nil }
            let inWindow = try Self.windowMatches(db, window)
            try db.each("SELECT \(Self.statsColumns) FROM customer_stats s WHERE s.customer_id = ?", [.integer(id.rawValue)]) {
                s in try Self.applyStats(s, to: &f)
            }
            // Revenue in the window: the trigger-kept column, or summed here when it holds another window.
            let revenue =
                inWindow
                ? "s.window_cents"
                : """
                (SELECT COALESCE(SUM(o.amount_cents), 0) FROM orders o
                 WHERE o.customer_id = s.customer_id AND o.date >= ?2 AND o.date <= ?3)
                """
            if !inWindow {
                f.revenueInWindow = Money(
                    cents: try db.scalarInt(
                        "SELECT COALESCE(SUM(amount_cents), 0) FROM orders WHERE customer_id = ?1 AND date >= ?2 AND date <= ?3",
                        Array(arguments.prefix(3))) ?? 0)
            }
            try db.each(
                """
                SELECT id, opened_at, note, acknowledged_at FROM complaints WHERE customer_id = ? AND resolved_at IS NULL
                ORDER BY opened_at, id
                """,
                [.integer(id.rawValue)]
            ) { s in
                guard let opened = LocalDateTime(iso: try s.text(1)) else {
                    throw RowDecodingError(column: "opened_at", reason: "not a date-time")
                }
                f.openComplaints.append(
                    OpenComplaintFact(
                        id: ComplaintID(try s.int64(0)), openedAt: opened, note: try s.text(2),
                        acknowledgedAt: try s.optionalLocalDateTime(3)))
            }
            try db.each(
                """
                SELECT id, resolved_at FROM complaints WHERE customer_id = ? AND resolved_at IS NOT NULL AND followed_up_at IS NULL
                ORDER BY resolved_at, id
                """,
                [.integer(id.rawValue)]
            ) { s in
                guard let resolved = LocalDateTime(iso: try s.text(1)) else {
                    throw RowDecodingError(column: "resolved_at", reason: "not a date-time")
                }
                f.unfollowedComplaints.append(UnfollowedComplaintFact(id: ComplaintID(try s.int64(0)), resolvedAt: resolved))
            }
            let mine = (f.cost.map { f.revenueInWindow - $0 } ?? f.revenueInWindow).cents
            var sums = CardFacts(facts: f, bookProfit: .zero, profitAbove: .zero, buyers: 0)
            try db.each(
                """
                SELECT COALESCE(SUM(MAX(0, p)), 0), COALESCE(SUM(CASE WHEN p > ?4 THEN MAX(0, p) ELSE 0 END), 0),
                    COALESCE(SUM(n > 0), 0)
                FROM (
                    SELECT \(revenue) - COALESCE(s.cost_cents, 0) AS p, s.order_count AS n
                    FROM customer_stats s INDEXED BY customer_stats_by_owner
                    WHERE s.owner_id = ?1
                )
                """, [.integer(f.ownerID.rawValue), window[0], window[1], .integer(mine)]
            ) { s in
                sums.bookProfit = Money(cents: try s.int64(0))
                sums.profitAbove = Money(cents: try s.int64(1))
                sums.buyers = Int(try s.int64(2))
            }
            return sums
        }
    }
}
