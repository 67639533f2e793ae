import CRMDomain
import CRMSupport

/// Row → domain record conversions. A value that does not parse is a ``RowDecodingError``
/// (reported as `.corrupt`), never a crash.
extension Row {
    func localDateTime(_ name: String) throws -> LocalDateTime {
        guard let v = try optionalLocalDateTime(name) else { throw RowDecodingError(column: name, reason: "missing date") }
        return v
    }

    func optionalLocalDateTime(_ name: String) throws -> LocalDateTime? {
        guard let s = try optionalString(name) else { return nil }
        guard let v = LocalDateTime(iso: s) else { throw RowDecodingError(column: name, reason: "not a date-time") }
        return v
    }

    func civilDate(_ name: String) throws -> CivilDate {
        guard let v = try optionalCivilDate(name) else { throw RowDecodingError(column: name, reason: "missing date") }
        return v
    }

    func optionalCivilDate(_ name: String) throws -> CivilDate? {
        guard let s = try optionalString(name) else { return nil }
        guard let v = CivilDate(iso: s) else { throw RowDecodingError(column: name, reason: "not a date") }
        return v
    }

    func monthDay(_ name: String) throws -> MonthDay? {
        guard let s = try optionalString(name) else { return nil }
        guard let v = MonthDay(iso: s) else { throw RowDecodingError(column: name, reason: "not a month-day") }
        return v
    }

    func money(_ name: String) throws -> Money? { try optionalInt64(name).map { Money(cents: $0) } }

    func id<R>(_ name: String) throws -> RecordID<R> { RecordID(try int64(name)) }
    func optionalID<R>(_ name: String) throws -> RecordID<R>? { try optionalInt64(name).map { RecordID($0) } }
}

extension Rep {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), name: try row.string("name"), role: try row.decode(RepRole.self, "role"),
            managerID: try row.optionalID("manager_id"), leftAt: try row.optionalLocalDateTime("left_at"))
    }
}

extension Customer {
    init(row: Row, aliases: [String]) throws {
        self.init(
            id: try row.id("id"), kind: try row.decode(CustomerKind.self, "kind"), name: try row.string("name"),
            aliases: aliases, ownerID: try row.id("owner_id"), industry: try row.optionalString("industry"),
            region: try row.optionalString("region"), phone: try row.optionalString("phone"),
            email: try row.optionalString("email"), address: try row.optionalString("address"),
            title: try row.optionalString("title"), birthday: try row.monthDay("birthday"),
            stage: try row.decode(Stage.self, "stage"), grade: try row.decodeOptional(ProspectGrade.self, "grade"),
            tierOverride: try row.decodeOptional(ValueTier.self, "tier_override"),
            creditLimit: try row.money("credit_limit_cents"), salesPlan: try row.money("sales_plan_cents"),
            expenseBudget: try row.money("expense_budget_cents"), cost: try row.money("cost_cents"),
            payday: try row.optionalInt64("payday").map { Int($0) },
            consumptionRate: try row.double("consumption_rate"), money: try row.decode(TriState.self, "money"),
            authority: try row.decode(TriState.self, "authority"), need: try row.decode(TriState.self, "need"),
            note: try row.optionalString("note"), createdAt: try row.localDateTime("created_at"))
    }
}

extension Contact {
    init(row: Row, aliases: [String], roles: [BuyingRole], needs: [Need]) throws {
        self.init(
            id: try row.id("id"), customerID: try row.id("customer_id"), name: try row.string("name"),
            aliases: aliases, title: try row.optionalString("title"), roles: roles, needs: needs,
            style: try row.decodeOptional(PersonalityStyle.self, "style"), phone: try row.optionalString("phone"),
            email: try row.optionalString("email"), birthday: try row.monthDay("birthday"),
            note: try row.optionalString("note"))
    }
}

extension Activity {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), customerID: try row.id("customer_id"), contactID: try row.optionalID("contact_id"),
            repID: try row.id("rep_id"), type: try row.decode(ActivityType.self, "type"),
            at: try row.localDateTime("at"), note: try row.optionalString("note"))
    }
}

extension Order {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), customerID: try row.id("customer_id"), repID: try row.id("rep_id"),
            amount: Money(cents: try row.int64("amount_cents")), quantity: try row.optionalInt64("quantity"),
            item: try row.optionalString("item"), date: try row.civilDate("date"))
    }
}

extension Payment {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), customerID: try row.id("customer_id"), repID: try row.id("rep_id"),
            amount: Money(cents: try row.int64("amount_cents")), date: try row.civilDate("date"))
    }
}

extension TaskItem {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), repID: try row.id("rep_id"), what: try row.string("what"),
            customerID: try row.optionalID("customer_id"), contactID: try row.optionalID("contact_id"),
            due: try row.optionalLocalDateTime("due"),
            // The finer rule (every two weeks, the month's end) where there is one.
            recurrence: try row.decodeOptional(Recurrence.self, "repeat_rule")
                ?? row.decodeOptional(Recurrence.self, "recurrence"),
            repeatUntil: try row.optionalCivilDate("repeat_until"),
            doneAt: try row.optionalLocalDateTime("done_at"), cancelledAt: try row.optionalLocalDateTime("cancelled_at"),
            createdAt: try row.localDateTime("created_at"))
    }
}

extension Complaint {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), customerID: try row.id("customer_id"), repID: try row.id("rep_id"),
            note: try row.string("note"), openedAt: try row.localDateTime("opened_at"),
            acknowledgedAt: try row.optionalLocalDateTime("acknowledged_at"),
            resolvedAt: try row.optionalLocalDateTime("resolved_at"),
            followedUpAt: try row.optionalLocalDateTime("followed_up_at"),
            resolution: try row.optionalString("resolution"), acknowledgement: try row.optionalString("acknowledgement"),
            followUp: try row.optionalString("follow_up"))
    }
}

extension Referral {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), fromCustomerID: try row.id("from_customer_id"),
            fromContactID: try row.optionalID("from_contact_id"), toCustomerID: try row.id("to_customer_id"),
            toContactID: try row.optionalID("to_contact_id"),
            repID: try row.id("rep_id"), note: try row.optionalString("note"), date: try row.civilDate("date"))
    }
}

extension Objection {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), customerID: try row.id("customer_id"), contactID: try row.optionalID("contact_id"),
            repID: try row.id("rep_id"), kind: try row.decode(ObjectionKind.self, "kind"),
            note: try row.optionalString("note"), date: try row.civilDate("date"))
    }
}

extension ChangeEntry {
    init(row: Row) throws {
        self.init(
            id: try row.int64("id"), repID: try row.id("rep_id"), at: try row.localDateTime("at"),
            action: try row.string("action"), label: try row.string("label"))
    }
}
