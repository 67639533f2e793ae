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
}
