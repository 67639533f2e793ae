import CRMDomain
import CRMIntents
import CRMSupport
import Synchronization

/// A question waiting for one rep's answer: the intent with the slots gathered
/// so far, the slot asked for, and the language it was asked in.
struct PendingQuestion: Sendable {
    var intent: String
    var slots: [(String, SlotValue)]
    /// Names already settled by an earlier choice ("1" → Li Na of City Clinic).
    var pinned: [String: PartyRef]
    /// Slots the rep confirmed with "yes" (e.g. create the missing customer).
    var confirmed: Set<String>
    var question: Question
    var language: Language
    var askedAt: LocalDateTime
}

/// The open question per rep. Lives in memory only: a restart forgets open
/// questions, which is harmless (the rep simply says it again).
final class Conversation: Sendable {
    private let pending = Mutex<[RepID: PendingQuestion]>([:])

    /// The rep's open question if it is younger than `timeoutMinutes`; expired ones are dropped.
    func question(for rep: RepID, now: LocalDateTime, timeoutMinutes: Int) -> PendingQuestion? {
        pending.withLock { map in
            guard let q = map[rep] else { return nil }
            if Conversation.minutes(from: q.askedAt, to: now) > timeoutMinutes {
                map[rep] = nil
                return nil
            }
            return q
        }
    }

    func set(_ question: PendingQuestion?, for rep: RepID) {
        pending.withLock { $0[rep] = question }
    }

    /// Minutes between two clock readings (a reading without a time counts as midnight).
    static func minutes(from a: LocalDateTime, to b: LocalDateTime) -> Int {
        let ma = a.date.dayNumber * 1440 + (a.minuteOfDay ?? 0)
        let mb = b.date.dayNumber * 1440 + (b.minuteOfDay ?? 0)
        return mb - ma
    }
}
