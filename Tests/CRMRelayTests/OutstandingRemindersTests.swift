import CRMTransport
import Testing

@testable import CRMRelay

/// Which pushed reminder events come again at once: those every holding connection closed
/// on, and one claimed for a push again that no connection took.
@Suite struct OutstandingRemindersTests {
    @Test func anEventIsOrphanedWhenItsLastConnectionClosesOrNoConnectionTookIt() {
        let o = OutstandingReminders()
        let a = ConnectionID(rawValue: 1)
        let b = ConnectionID(rawValue: 2)
        o.pushed(7, to: [a, b])
        o.closed(a)
        #expect(o.isHeld(7) && !o.isOrphaned(7))
        o.closed(b)
        #expect(!o.isHeld(7) && o.isOrphaned(7))
        // A push again that nobody took is pushed again as soon as the rep is back.
        o.notTaken(8)
        #expect(o.isOrphaned(8))
        // One still held by another connection is not.
        o.pushed(9, to: [a])
        o.notTaken(9)
        #expect(o.isHeld(9) && !o.isOrphaned(9))
        o.acknowledged(8)
        #expect(!o.isOrphaned(8))
    }
}
