// Parse throughput on a corpus (lang<TAB>intent<TAB>message lines), or one JSON a line for stdin messages.
import CRMIntents
import CRMSupport
#if canImport(Glibc)
import Glibc
#endif
let args = CommandLine.arguments
let engine = try IntentEngine.load(directory: "Intents")
let now = LocalDateTime(date: CivilDate(dayNumber: CivilDate(year: 2026, month: 11, day: 22)?.dayNumber ?? 0), minuteOfDay: 9 * 60 + 30)
var lines: [String] = []
while let l = readLine() { lines.append(l) }
if args.count > 1 && args[1] == "bench" {
    let msgs = lines.compactMap { l -> String? in
        if l.hasPrefix("#") { return nil }
        let f = l.split(separator: "\t", omittingEmptySubsequences: false)
        return f.count >= 3 ? String(f[2]) : nil
    }
    let reps = args.count > 2 ? Int(args[2]) ?? 50 : 50
    var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts)
    let t0 = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    var c = 0
    for _ in 0..<reps { for m in msgs { c &+= engine.parse(m, now: now).slots.count } }
    clock_gettime(CLOCK_MONOTONIC, &ts)
    let t1 = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    print("parse: \(Int(Double(reps * msgs.count) / (t1 - t0))) msg/s (\(msgs.count) msgs x \(reps)) \(c)")
} else {
    for l in lines { print(l + "\t" + engine.parse(l, now: now).json.serialized) }
}
