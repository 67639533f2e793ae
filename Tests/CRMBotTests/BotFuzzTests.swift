import CRMBot
import CRMDomain
import CRMSupport
import CRMTestSupport
import Testing

/// Seeded fuzzing of the whole bot (real grammar and model, real SQLite file): mutated
/// rep messages, answers to its own questions ("yes", "no", a bare name or date) and
/// undos, in one conversation. Every reply must be well-formed JSON with text, and the
/// rules that keep records right must hold on every turn: a question or a refusal never
/// writes, and a reply that writes says so by being ok without a question.
@Suite struct BotFuzzTests {
    static let seeds = [
        "add customer Quanyu Hospital", "add contact Wang Tong at Quanyu Hospital, head of purchasing",
        "新建客户 全宇医院", "添加联系人 周华 全宇医院", "add customer City Clinic",
    ]
    static let answers = ["yes", "no", "是", "否", "Wang Tong", "周华", "tomorrow", "明天", "120k", "undo", "撤销", "3"]

    func changes(_ h: Harness) async throws -> Int {
        guard let rep = try await h.store.rep(named: "li.ming") else { return 0 }
        return try await h.store.recentChanges(by: rep.id, limit: 100_000).count
    }

    @Test(arguments: [UInt64(11), 2_026])
    func questionsAndRefusalsNeverWrite(seed: UInt64) async throws {
        let h = try RealEngineTests().harness()
        for m in Self.seeds { _ = await h.say(m) }
        let base = try MessageFuzzer.corpusMessages()
        var fuzz = MessageFuzzer(seed: seed)
        let inputs = 300 * MessageFuzzer.scale
        defer { MessageFuzzer.report("bot", seed: seed, inputs: inputs) }
        for _ in 0..<inputs {
            let text: String
            switch fuzz.below(10) {
            case 0, 1: text = Self.answers[fuzz.below(Self.answers.count)]
            default: text = fuzz.mutate(base[fuzz.below(base.count)], base[fuzz.below(base.count)])
            }
            let before = try await changes(h)
            let reply = await h.say(text)
            let after = try await changes(h)
            #expect(!reply.text.isEmpty, "\(text.debugDescription)")
            #expect((try? JSONValue.parse(reply.json.serialized)) != nil, "\(text.debugDescription)")
            let asks = reply.data["question"] != nil
            if asks || !reply.ok {
                // An undo is a change too, but it adds no row: only count growth is a write.
                #expect(after <= before, "\(text.debugDescription) asked or failed but wrote: \(reply.text)")
            }
        }
    }
}
