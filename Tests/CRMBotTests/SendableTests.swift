import CRMBot
import Testing

/// Passes if it compiles: the public types cross concurrency domains.
@Suite struct SendableTests {
    func requireSendable<T: Sendable>(_: T.Type) {}

    @Test func publicTypesAreSendable() {
        requireSendable(Bot.self)
        requireSendable(BotRequest.self)
        requireSendable(BotReply.self)
        requireSendable(BotError.self)
        requireSendable(BotOptions.self)
    }
}
