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
    func deliver(for name: String) async {
        do {
            guard let rep = try await store.rep(named: name) else { return }
            let now = clock.now()
            for task in try await store.dueReminders(for: rep.id, asOf: now) {
                guard !presence.targets(for: name).isEmpty else { return }
                guard try await store.claimReminder(task, at: now) else { continue }
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
        } catch {
            log("reminders for \(name) not sent: \(error)")
        }
    }
}
