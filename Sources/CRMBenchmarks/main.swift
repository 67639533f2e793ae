import Foundation

// crmbot benchmarks: run with Scripts/bench.sh (release build). Figures go in the README.
// Usage: CRMBenchmarks [--quick] [--parse]
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let quick = CommandLine.arguments.contains("--quick")

// --emit-messages N: print the mixed workload, one message a line, for Scripts/bench.sh.
if let i = CommandLine.arguments.firstIndex(of: "--emit-messages") {
    let count = CommandLine.arguments.dropFirst(i + 1).first.flatMap { Int($0) } ?? 10_000
    print(mixedMessages(count: count).joined(separator: "\n"))
    exit(0)
}

do {
    var grammarOnly = ParseBenchmark(repository: repository, repeats: quick ? 20 : 200, useModel: false)
    try await measure(&grammarOnly, runs: quick ? 3 : 7)
    var parse = ParseBenchmark(repository: repository, repeats: quick ? 20 : 200)
    try await measure(&parse, runs: quick ? 3 : 7)
    // --parse: the two parse figures only (for profiling the parser under perf).
    if CommandLine.arguments.contains("--parse") { exit(0) }
    for useModel in [false, true] {
        var load = EngineLoadBenchmark(repository: repository, loads: quick ? 3 : 10, useModel: useModel)
        try await measure(&load, runs: quick ? 1 : 5)
    }
    var bot = BotBenchmark(name: "bot in process (10,000 mixed)", repository: repository, messages: mixedMessages(count: 10_000))
    try await measure(&bot, runs: quick ? 1 : 3)
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
