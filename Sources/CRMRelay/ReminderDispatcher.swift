import CRMDomain
import CRMSupport
import CRMTransport

/// Pushes due reminders to every connection where their rep is present, at
/// least once: each is an event with an id that a JSON relay acknowledges
/// (`{"command":"ack","event_id":…}`).
///
/// A reminder is claimed in the store before it is first pushed (so two sweeps,
/// or two servers on one database, never push it as new twice) and given back
/// when no connection took it, so that it goes out when the rep next appears.
/// One pushed and not acknowledged is pushed again (`"redelivery":true`) once
/// the connections that took it have closed — when the relay reconnects, or to
/// another connection where the rep is present — or, when this process did not
/// push it (a restart, another server), ``redeliveryMinutes`` after its last push.
/// Only a relay that said it acknowledges (`"acks":true` at login) is waited for: a
/// reminder written to any other connection (a relay written before acks, a person at
/// a terminal on the text protocol) counts as acknowledged, as delivery was before.
struct ReminderDispatcher: Sendable {
    let store: any CRMStore & CRMRelayStore
    let clock: any WallClock
    let presence: Presence
    let outstanding: OutstandingReminders
    let server: SocketServer
    let log: @Sendable (String) -> Void

    /// How long a reminder pushed by another process (or before a restart) waits
    /// for its acknowledgement before it is pushed again.
    static let redeliveryMinutes = 2

    /// Checks every present rep.
    func sweep() async {
        await withTaskGroup(of: Void.self) { group in
            for name in presence.names { group.addTask { await self.deliver(for: name) } }
        }
    }

    /// Pushes the due reminders of one rep, and again those not acknowledged.
    ///
    /// Each reminder stands alone: one that cannot be claimed (its task was
    /// undone, done or moved since the query) is skipped, and one that fails
    /// is logged, without holding back the rep's other reminders.
    func deliver(for name: String) async {
        let due: [TaskItem]
        let unacknowledged: [PendingReminder]
        let now = clock.now()
        do {
            // A rep who left gets no reminders (their tasks were handed over).
            guard let rep = try await store.rep(named: name), rep.leftAt == nil else { return }
            unacknowledged = try await store.unacknowledgedReminders(for: rep.id)
            due = try await store.dueReminders(for: rep.id, asOf: now)
        } catch {
            log("reminders for \(name) not looked up: \(error)")
            return
        }
        let stale = now.adding(minutes: -Self.redeliveryMinutes)
        for pending in unacknowledged where !outstanding.isHeld(pending.eventID) {
            guard outstanding.isOrphaned(pending.eventID) || pending.deliveredAt <= stale else { continue }
            guard !presence.targets(for: name).isEmpty else { return }
            do {
                // One sweep pushes it again, however many run at once (here or in another server).
                guard try await store.claimRedelivery(pending.eventID, seen: pending.deliveries, at: now) else { continue }
                if try await !push(pending.task, eventID: pending.eventID, redelivery: true, for: name) {
                    outstanding.notTaken(pending.eventID)
                }
            } catch {
                log("reminder of task #\(pending.task.id) for \(name) not sent again: \(error)")
            }
        }
        for task in due {
            guard !presence.targets(for: name).isEmpty else { return }
            do {
                guard let event = try await store.claimReminder(task, at: now) else { continue }
                if try await !push(task, eventID: event, redelivery: false, for: name) { try await store.releaseReminder(task) }
            } catch {
                log("reminder of task #\(task.id) for \(name) not sent: \(error)")
            }
        }
    }

    /// Pushes one event to every connection where the rep is present; false when none took it.
    private func push(_ task: TaskItem, eventID: Int64, redelivery: Bool, for name: String) async throws -> Bool {
        let event = await ReminderEvent.make(task, eventID: eventID, redelivery: redelivery, store: store)
        let targets = presence.targets(for: name)
        let taken = await withTaskGroup(of: (Presence.Target, Bool).self) { group in
            for t in targets {
                group.addTask { (t, await server.deliver(event.render(for: t.name, mode: t.mode), to: t.connection)) }
            }
            var taken: [Presence.Target] = []
            for await (t, ok) in group where ok { taken.append(t) }
            return taken
        }
        guard !taken.isEmpty else { return false }
        if taken.contains(where: { !$0.acknowledges }) {
            try await store.acknowledgeReminder(eventID, at: clock.now())
            outstanding.acknowledged(eventID)
        } else {
            outstanding.pushed(eventID, to: Set(taken.map(\.connection)))
            // A connection that closed between the push and the line above was already
            // reported closed, before this event was noted against it: note the close again.
            for t in taken where !server.isOpen(t.connection) { outstanding.closed(t.connection) }
        }
        return true
    }
}
