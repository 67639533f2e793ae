// libFuzzer target: the intent parser (grammar and trained model) on any message.
// Property: every parse names a catalog intent (or none, with no slots) with only that
// intent's slots, no empty text and no non-finite number, and its JSON reads back.
// The grammar directory is $CRMBOT_INTENTS (default: Intents).
import CRMIntents
import CRMSupport
import Foundation

let engine: IntentEngine = {
    let directory = ProcessInfo.processInfo.environment["CRMBOT_INTENTS"] ?? "Intents"
    do { return try IntentEngine.load(directory: directory) } catch { fatalError("cannot load \(directory): \(error)") }
}()
let slotsOf = Dictionary(uniqueKeysWithValues: engine.catalog.map { ($0.name, Set($0.slots.map(\.name))) })
let now = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 22)!, minuteOfDay: 9 * 60)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 4096 else { return 0 }  // the bot refuses longer messages before parsing
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parsed = engine.parse(text, now: now)
    if parsed.intent == IntentCatalog.none {
        if !parsed.slots.isEmpty { fatalError("none with slots: \(text.debugDescription)") }
        return 0
    }
    guard let allowed = slotsOf[parsed.intent] else { fatalError("not a catalog intent: \(parsed.intent)") }
    for (name, value) in parsed.slots {
        if !allowed.contains(name) { fatalError("\(parsed.intent) has no slot \(name): \(text.debugDescription)") }
        if case .text(let t) = value, t.isEmpty { fatalError("empty \(name): \(text.debugDescription)") }
        if case .number(let n) = value, !n.isFinite { fatalError("\(name) \(n): \(text.debugDescription)") }
    }
    if (try? JSONValue.parse(parsed.json.serialized)) == nil { fatalError("JSON does not read back: \(text.debugDescription)") }
    return 0
}
