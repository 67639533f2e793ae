import CRMDomain
import CRMSupport
import Testing

@testable import CRMInsights

@Suite struct FunnelTests {
    let cells = [
        FunnelCell(stage: .lead, grade: .C, qualified: false, count: 30),
        FunnelCell(stage: .lead, grade: nil, qualified: false, count: 20),
        FunnelCell(stage: .prospect, grade: .A, qualified: true, count: 10),
        FunnelCell(stage: .prospect, grade: .B, qualified: false, count: 20),
        FunnelCell(stage: .customer, grade: nil, qualified: true, count: 15),
        FunnelCell(stage: .key, grade: nil, qualified: false, count: 4),
        FunnelCell(stage: .won, grade: nil, qualified: false, count: 1),
        FunnelCell(stage: .lost, grade: .B, qualified: false, count: 7),
    ]

    @Test func countsReachedAndConversion() {
        let r = Funnel.build(cells)
        // Reached: lead 100 (50+30+15+4+1), prospect 50, customer 20, key 5, won 1.
        #expect(r.stages.map(\.count) == [50, 30, 15, 4, 1])
        #expect(r.stages.map(\.reached) == [100, 50, 20, 5, 1])
        #expect(r.stages.map(\.conversion) == [nil, 0.5, 0.4, 0.25, 0.2])
        #expect(r.stages.map(\.qualified) == [0, 10, 15, 0, 0])
        #expect(r.lost == 7)
        #expect(r.total == 107)
        #expect(r.qualified == 25)
        #expect(r.grades == [.A: 10, .B: 27, .C: 30])
    }

    @Test func emptyFunnelHasNoConversion() {
        let r = Funnel.build([])
        #expect(r.stages.map(\.count) == [0, 0, 0, 0, 0])
        #expect(r.stages.allSatisfy { $0.conversion == nil })
        #expect(r.total == 0)
        #expect(Funnel.text(r, .en).contains("lost: 0"))
    }

    @Test func textFunnelIsNarrowWithBarsShrinking() {
        let text = Funnel.text(Funnel.build(cells), .en)
        let lines = text.split(separator: "\n").map(String.init)
        // Bar and number measure the same thing: the customers who reached the stage.
        #expect(lines[0] == "lead      ████████████ 100 (50 here)")
        #expect(lines[1] == "prospect     ██████    50 → 50% (30 here, 10 qualified)")
        #expect(lines[4] == "won            █       1 → 20%")
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.last == "grades: A 10 · B 27 · C 30")
        let zh = Funnel.text(Funnel.build(cells), .zh)
        #expect(zh.contains("可能客户"))
        #expect(zh.contains("（当前30，合格10）"))
    }
}
