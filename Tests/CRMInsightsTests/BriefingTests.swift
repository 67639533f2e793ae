import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct BriefingTests {
    let today = day("2026-11-22")

    private func task(_ id: Int64, _ due: String?, customer: Int64? = nil, done: Bool = false) -> TaskItem {
        TaskItem(
            id: TaskID(id), repID: alice, what: "task \(id)", customerID: customer.map { CustomerID($0) },
            due: due.map(at), doneAt: done ? at("2026-11-20") : nil, createdAt: at("2026-11-01"))
    }

    @Test func todaysPlanOrderedByValueTier() {
        let big = fact(1, "Big") {
            $0.revenueInWindow = money(90_000)
            $0.lastContact = at("2026-11-20T10:00")  // a key account in touch: no contact warning
            orders(&$0, count: 4, gap: 30, last: "2026-09-01")  // silent 82 days: at risk
            $0.openComplaints = [OpenComplaintFact(id: ComplaintID(3), openedAt: at("2026-11-10T09:00"))]
        }
        let small = fact(2, "Small") {
            $0.revenueInWindow = money(1_000)
            orders(&$0, count: 4, gap: 30, last: "2026-09-01")
        }
        let due = fact(3, "Due") {
            $0.revenueInWindow = money(9_000)
            orders(&$0, count: 3, gap: 30, last: "2026-10-25")  // runs out Nov 24
        }
        let tasks = [
            task(1, "2026-11-21", customer: 2),
            task(2, "2026-11-20", customer: 1),
            task(3, "2026-11-22T15:00", customer: 2),
            task(4, "2026-11-22T09:00"),
            task(5, "2026-11-25"),
            task(6, "2026-11-01", done: true),
            task(7, nil),
        ]
        let birthdays = [
            BirthdayFact(customerID: CustomerID(1), customerName: "Big", name: "Wang Tong", birthday: MonthDay(month: 11, day: 24)!, ownerID: alice)
        ]
        let plan = Briefing.plan(date: today, tasks: tasks, facts: [small, due, big], birthdays: birthdays)
        // Big is key (90,000 of 100,000), so its overdue task leads though Small's is later.
        #expect(plan.overdueTasks.map(\.id.rawValue) == [2, 1])
        #expect(plan.dueTasks.map(\.id.rawValue) == [4, 3])
        #expect(plan.atRisk.map(\.customerName) == ["Big", "Small"])
        #expect(plan.atRisk.first?.reasons.map(\.code) == ["stopped_ordering", "complaint_open"])
        #expect(plan.reorders.map(\.customerName) == ["Due"])
        #expect(plan.reorders.first?.runOut == day("2026-11-24"))
        #expect(plan.birthdays.map(\.fact.name) == ["Wang Tong"])
        #expect(plan.openComplaints.map(\.daysOpen) == [12])
        #expect(!plan.isEmpty)
    }

    @Test func emptyDayIsEmpty() {
        let plan = Briefing.plan(date: today, tasks: [], facts: [], birthdays: [])
        #expect(plan.isEmpty)
    }
}
