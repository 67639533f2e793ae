import CRMDomain
import CRMSupport

/// Today's plan in one reply (domain: the daily briefing): overdue and due tasks,
/// at-risk accounts, reorders due, birthdays, open complaints — each list ordered by the
/// customer's value tier (key first).
public struct BriefingPlan: Hashable, Sendable {
    public var date: CivilDate
    /// Open tasks due before today.
    public var overdueTasks: [TaskItem]
    /// Open tasks due today.
    public var dueTasks: [TaskItem]
    /// One entry per customer at risk, its warnings together.
    public var atRisk: [CustomerRisk]
    public var reorders: [ReorderPrediction]
    public var birthdays: [UpcomingBirthday]
    public var openComplaints: [OpenComplaintItem]
    public var collections: [CollectionDay]

    public var isEmpty: Bool {
        overdueTasks.isEmpty && dueTasks.isEmpty && atRisk.isEmpty && reorders.isEmpty && birthdays.isEmpty
            && openComplaints.isEmpty && collections.isEmpty
    }
}

/// A customer's warnings together.
public struct CustomerRisk: Hashable, Sendable {
    public var customerID: CustomerID
    public var customerName: String
    public var ownerID: RepID
    public var tier: ValueTier?
    public var reasons: [RiskReason]
}

/// An open complaint with its customer and age.
public struct OpenComplaintItem: Hashable, Sendable {
    public var complaint: OpenComplaintFact
    public var customerID: CustomerID
    public var customerName: String
    public var tier: ValueTier?
    public var daysOpen: Int
}

/// Builds the briefing from the other rules' results.
public enum Briefing {
    /// - Parameters:
    ///   - tasks: the rep's open tasks.
    ///   - facts: the customers in the rep's scope.
    ///   - birthdays: birthday facts in scope (the calendar filters to the horizon).
    public static func plan(
        date: CivilDate, tasks: [TaskItem], facts: [CustomerFacts], birthdays: [BirthdayFact],
        settings: InsightSettings = .standard
    ) -> BriefingPlan {
        let tiers = TierCalculator.calculate(facts, settings: settings).tiers
        let rank: [ValueTier: Int] = [.key: 0, .ordinary: 1, .small: 2, .bad: 3]
        func r(_ id: CustomerID?) -> Int { id.flatMap { tiers[$0] }.flatMap { rank[$0] } ?? 2 }
        let open = tasks.filter(\.isOpen)
        func byTierThenDue(_ a: TaskItem, _ b: TaskItem) -> Bool {
            if r(a.customerID) != r(b.customerID) { return r(a.customerID) < r(b.customerID) }
            if a.due != b.due {
                guard let da = a.due else { return false }
                guard let db = b.due else { return true }
                return da < db
            }
            return a.id < b.id
        }
        let overdue = open.filter { ($0.due?.date).map { $0 < date } ?? false }.sorted(by: byTierThenDue)
        let due = open.filter { $0.due?.date == date }.sorted(by: byTierThenDue)

        let risks = RiskRules.group(RiskRules.evaluate(facts, asOf: date, tiers: tiers, settings: settings))
        let reorders = ReorderPredictor.due(facts, asOf: date, settings: settings)
            .sorted { r($0.customerID) != r($1.customerID) ? r($0.customerID) < r($1.customerID) : $0.runOut < $1.runOut }
        let complaints = facts.flatMap { f in
            f.openComplaints.map {
                OpenComplaintItem(
                    complaint: $0, customerID: f.id, customerName: f.name, tier: tiers[f.id],
                    daysOpen: date.dayNumber - $0.openedAt.date.dayNumber)
            }
        }.sorted { r($0.customerID) != r($1.customerID) ? r($0.customerID) < r($1.customerID) : $0.daysOpen > $1.daysOpen }
        let upcoming = BirthdayCalendar.upcoming(birthdays, from: date, days: settings.birthdayHorizonDays)
            .sorted { $0.date != $1.date ? $0.date < $1.date : r($0.fact.customerID) < r($1.fact.customerID) }
        return BriefingPlan(
            date: date, overdueTasks: overdue, dueTasks: due, atRisk: risks, reorders: reorders, birthdays: upcoming,
            openComplaints: complaints, collections: ReorderPredictor.collections(facts, asOf: date, settings: settings))
    }
}
