import CRMBot
import CRMDomain
import CRMIntents
import CRMStorage
import CRMSupport
import Testing

/// Safe retries (issue 11): a request carrying a key, sent again, gets the first reply
/// and writes nothing — also when the first reply was lost after its write committed.
@Suite struct RequestKeyTests {
    func harness() throws -> Harness {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        return Harness(parser: engine)
    }

    func say(_ h: Harness, _ text: String, as user: String = "Li Ming", key: String?, id: Int64 = 1) async -> BotReply {
        await h.bot.respond(to: BotRequest(id: .int(id), user: user, text: text, key: key))
    }

    func visits(_ h: Harness, as user: String = "Li Ming") async -> Int {
        let card = await h.say("show Quanyu Hospital", as: user)
        return card.data["activities"]?.arrayValue?.count ?? -1
    }

    @Test func aRetryGetsTheFirstReplyAndWritesNothing() async throws {
        let h = try harness()
        #expect((await h.say("add customer Quanyu Hospital", as: "Li Ming")).ok)
        let first = await say(h, "log visit to Quanyu Hospital: brought samples", key: "msg-1", id: 1)
        #expect(first.ok && first.intent == "activity.log", "\(first.text)")
        let retry = await say(h, "log visit to Quanyu Hospital: brought samples", key: "msg-1", id: 2)
        #expect(retry.id == .int(2))
        #expect(retry.ok == first.ok && retry.intent == first.intent && retry.text == first.text)
        #expect(retry.data.serialized == first.data.serialized)
        #expect(await visits(h) == 1)
        // Another key is another request; no key is always a new request.
        #expect((await say(h, "log visit to Quanyu Hospital: brought samples", key: "msg-2")).ok)
        #expect((await say(h, "log visit to Quanyu Hospital: brought samples", key: nil)).ok)
        #expect(await visits(h) == 3)
        // Keys are per rep: another rep's request with the same key is not a retry of it.
        let bob = await say(h, "log visit to Quanyu Hospital: hi", as: "Bob", key: "msg-1")
        #expect(bob.error?.code == "not_found", "\(bob.text)")
    }

    @Test func aRetryAfterALostReplySaysTheWriteWasDone() async throws {
        let h = try harness()
        #expect((await h.say("add customer Quanyu Hospital", as: "Li Ming")).ok)
        // The first attempt's write committed, then the process died before keeping the reply.
        let li = try #require(try await h.store.rep(named: "Li Ming"))
        let customer = try #require(try await h.store.findParties(named: "Quanyu Hospital", in: .everything, kinds: .customers, limit: 1).first)
        _ = try await h.store.logActivity(
            NewActivity(customerID: customer.customerID, type: .visit, at: h.clock.now(), note: "brought samples"),
            WriteContext(repID: li.id, at: h.clock.now(), action: "activity.log", requestKey: "msg-7"))
        let retry = await say(h, "log visit to Quanyu Hospital: brought samples", key: "msg-7")
        #expect(retry.ok && retry.text == "Already done: activity logged for Quanyu Hospital. Nothing was written again.", "\(retry.text)")
        #expect(await visits(h) == 1)
        let zh = await say(h, "拜访了全宇", key: "msg-7")
        #expect(zh.text.hasPrefix("这条请求已经处理过了"), "\(zh.text)")
    }

    @Test func keysAreRememberedForADayAndMustBePrintable() async throws {
        let h = try harness()
        #expect((await h.say("add customer Quanyu Hospital", as: "Li Ming")).ok)
        #expect((await say(h, "log visit to Quanyu Hospital: one", key: "k")).ok)
        h.clock.advance(minutes: 25 * 60)
        #expect((await say(h, "log visit to Quanyu Hospital: one", key: "k")).ok)
        #expect(await visits(h) == 2)
        for bad in ["", "two\nlines", String(repeating: "x", count: 129)] {
            let r = await say(h, "log visit to Quanyu Hospital: one", key: bad)
            #expect(r.error?.code == "invalid_key", "\(bad.debugDescription): \(r.text)")
        }
        #expect(await visits(h) == 2)
    }
}

/// A retry that arrives while the first attempt is still running is not run again.
@Suite struct RequestKeyConcurrencyTests {
    @Test func concurrentAttemptsWithOneKeyWriteOnce() async throws {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        let h = Harness(parser: engine)
        #expect((await h.say("add customer Quanyu Hospital", as: "Li Ming")).ok)
        #expect((await h.say("Quanyu Hospital ordered 10 phones for 20k", as: "Li Ming")).ok)
        let bot = h.bot
        let replies = await withTaskGroup(of: BotReply.self) { group in
            for i in 0..<8 {
                group.addTask {
                    await bot.respond(to: BotRequest(id: .int(Int64(i)), user: "Li Ming", text: "Quanyu Hospital paid 5k", key: "same"))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // Each attempt got the first reply, or was told the first is still running.
        #expect(replies.allSatisfy { ($0.ok && $0.intent == "payment.record") || $0.error?.code == "in_progress" }, "\(replies.map(\.text))")
        // One payment of 5,000 against the 20,000 order.
        let card = await h.say("show Quanyu Hospital", as: "Li Ming")
        #expect(card.data["outstanding"]?.intValue == 15_000, "\(card.data.serialized)")
    }
}

/// Keyed undo, and two attempts of one request in different processes.
@Suite struct RequestKeyUndoAndAttemptsTests {
    @Test func aRetriedUndoUndoesOnce() async throws {
        let engine = try #require(RealEngineTests.engine, "the grammar in Intents/ must load")
        let h = Harness(parser: engine)
        #expect((await h.say("add customer Quanyu Hospital", as: "Li Ming")).ok)
        #expect((await h.say("add customer City Clinic", as: "Li Ming")).ok)
        // The undo ran and its reply was lost: the store has the undo under the key, no reply.
        let li = try #require(try await h.store.rep(named: "Li Ming"))
        _ = try await h.store.undoLastChange(by: li.id, at: h.clock.now(), requestKey: "undo-1")
        let retry = await h.bot.respond(to: BotRequest(id: .int(2), user: "Li Ming", text: "undo", key: "undo-1"))
        #expect(retry.ok && retry.intent == "undo" && retry.text == "Already done: undid the customer City Clinic added. Nothing was written again.",
            "\(retry.text)")
        let list = await h.say("list customers", as: "Li Ming")
        #expect(list.text.contains("Quanyu Hospital"), "the retry must not undo a second change: \(list.text)")
        // Another process trying the same keyed undo is refused by the store itself.
        await #expect(throws: StoreError.self) { try await h.store.undoLastChange(by: li.id, at: h.clock.now(), requestKey: "undo-1") }
    }

    @Test func aWriteUnderAKeyAnotherAttemptUsedIsRefused() async throws {
        let store = try SQLiteStore.inMemory()
        let now = try #require(LocalDateTime(iso: "2026-11-22T09:00"))
        let li = try await store.ensureRep(named: "Li Ming", role: .rep)
        func ctx(_ attempt: String) -> WriteContext {
            WriteContext(repID: li.id, at: now, action: "customer.add", requestKey: "k", requestAttempt: attempt)
        }
        _ = try await store.addCustomer(NewCustomer(name: "Quanyu Hospital"), ctx("first"))
        // The same attempt may write again (a message that makes two writes)…
        _ = try await store.addCustomer(NewCustomer(name: "City Clinic"), ctx("first"))
        // …another attempt of the same request may not.
        do {
            _ = try await store.addCustomer(NewCustomer(name: "Star Mall"), ctx("second"))
            Issue.record("a second attempt wrote under the same key")
        } catch let error as StoreError {
            #expect(error.code == .requestHandled)
        }
        #expect(try await store.listCustomers(CustomerFilter(), in: .everything, revenueSince: now.date).count == 2)
    }
}
