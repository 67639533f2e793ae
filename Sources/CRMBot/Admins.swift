import CRMDomain
import CRMSupport

/// Naming an admin outside the chat: `crmbot admin NAME`, run by whoever holds the
/// database file (the first admin of a fresh install above all). In the chat only an
/// admin names admins, so being first to type gives nobody the keys.
public enum Admins {
    /// What ``grant(_:store:at:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// A new rep, created as an admin.
        case created(Rep)
        /// An existing rep, now an admin (their role before).
        case promoted(Rep, from: RepRole)
        /// Nothing to do.
        case already(Rep)
    }

    /// Why a name cannot be made an admin.
    public struct Refusal: Error, Sendable {
        public let message: String
    }

    /// Makes `name` an admin, creating the rep when new; one recorded change (the rep's
    /// own, so their `undo` could take it back) when anything changes.
    public static func grant(_ name: String, store: any CRMStore, at: LocalDateTime) async throws -> Outcome {
        do {
            try RepName.validate(name)
        } catch {
            throw Refusal(message: error.message(chinese: false))
        }
        if let rep = try await store.rep(named: name) {
            guard rep.leftAt == nil else {
                throw Refusal(message: "\(rep.name) has left (deactivated); an admin must be an active rep.")
            }
            guard rep.role != .admin else { return .already(rep) }
            let ctx = WriteContext(repID: rep.id, at: at, action: "rep.update")
            return .promoted(try await store.changeRep(rep.id, [.role(.admin)], ctx), from: rep.role)
        }
        let rep = try await store.ensureRep(named: name, role: .admin)
        if rep.role == .admin { return .created(rep) }
        // Registered by their first message at this very moment, as a rep: promote them.
        return try await grant(name, store: store, at: at)
    }
}
