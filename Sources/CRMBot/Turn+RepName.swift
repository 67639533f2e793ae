import CRMDomain
import CRMSupport

extension Turn {
    /// Refuses a rep name typed in a message (`add rep`, a handover, an owner) that
    /// breaks ``RepName``'s rule, with `invalid_user` and the reason, as for the
    /// `user` of a request.
    func checkRepName(_ name: String) throws(Interrupt) {
        do {
            try RepName.validate(name, maximumLength: options.maxUserNameLength)
        } catch {
            throw .fail(BotError(code: "invalid_user", message: error.message(chinese: language == .zh)))
        }
    }

    /// The rep a name in a message refers to: the rep of that name (case ignored), else the
    /// one rep whose name reads the same across scripts (张伟 for "Zhang Wei": toneless
    /// pinyin, traditional or simplified); nil when there is none, or several.
    func knownRep(named name: String) async throws -> Rep? {
        if let rep = try await store.rep(named: name) { return rep }
        let key = store.nameScripts.key(of: name)
        guard key.count >= 2 else { return nil }
        let matches = try await store.reps().filter { store.nameScripts.key(of: $0.name) == key }
        return matches.count == 1 ? matches.first : nil
    }
}
