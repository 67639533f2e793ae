import CRMDomain
import CRMSupport
import CRMTransport

/// Pushes each due reminder once to every connection where its rep is present.
///
/// A reminder is claimed in the store before it is pushed (so two sweeps, or
/// two servers on one database, never push it twice) and given back when no
/// connection took it, so that it goes out when the rep next appears.
struct ReminderDispatcher: Sendable {
    let store: any CRMStore & CRMRelayStore
    let clock: any WallClock
    let presence: Presence
    let server: SocketServer
    let log: @Sendable (String) -> Void

    /// Checks every present rep.
    func sweep() async {
        await withTaskGroup(of: Void.self) { group in
            for name in presence.names { group.addTask { await self.deliver(for: name) } }
        }
    }

    /// Pushes the due reminders of one rep.
    ///
    /// Each reminder stands alone: one that cannot be claimed (its task was
    /// undone, done or moved since the query) is skipped, and one that fails
    /// is logged, without holding back the rep's other reminders.
    func deliver(for name: String) async {
        let due: [TaskItem]
        let now = clock.now()
        do {
            // A rep who left gets no reminders (their tasks were handed over).
            guard let rep = try await store.rep(named: name), rep.leftAt == nil else { return }
            due = try await store.dueReminders(for: rep.id, asOf: now)
        } catch {
            log("reminders for \(name) not looked up: \(error)")
            return
        }
        for task in due {
            guard !presence.targets(for: name).isEmpty else { return }
            do {
                try await deliver(task, for: name, at: now)
            } catch {
                log("reminder of task #\(task.id) for \(name) not sent: \(error)")
            }
        }
    }

    /// Claims and pushes one reminder; gives the claim back when no connection took it.
    private func deliver(_ task: TaskItem, for name: String, at now: LocalDateTime) async throws {
        guard try await store.claimReminder(task, at: now) else { return }
        let event = await ReminderEvent.make(task, store: store)
        let targets = presence.targets(for: name)
        let delivered = await withTaskGroup(of: Bool.self) { group in
            for t in targets {
                group.addTask { await server.deliver(event.render(for: t.name, mode: t.mode), to: t.connection) }
            }
            var any = false
            for await ok in group { any = any || ok }
            return any
        }
        if !delivered { try await store.releaseReminder(task) }
    }
}
