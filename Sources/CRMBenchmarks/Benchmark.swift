import Foundation

/// One measured workload, after swift-nio's `NIOPerformanceTester`: set up,
/// run N times, report the median. `run` returns a count so the work cannot be
/// optimised away.
protocol Benchmark {
    var name: String { get }
    /// What one run processes (messages), for the per-second figure.
    var itemsPerRun: Int { get }
    mutating func setUp() async throws
    mutating func run() async throws -> Int
    mutating func tearDown() async
}

extension Benchmark {
    mutating func tearDown() async {}
}

/// Runs a benchmark `runs` times after one warm-up and prints the median.
func measure(_ benchmark: inout some Benchmark, runs: Int) async throws {
    try await benchmark.setUp()
    _ = try await benchmark.run()  // warm-up
    var seconds: [Double] = []
    var checksum = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        checksum &+= try await benchmark.run()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    await benchmark.tearDown()
    seconds.sort()
    let median = seconds[seconds.count / 2]
    let perSecond = Double(benchmark.itemsPerRun) / median
    print(
        String(
            format: "%-34@ median %8.3f s  (min %.3f, max %.3f, %d runs)  %10.0f msg/s  [checksum %d]",
            benchmark.name as NSString, median, seconds.first ?? 0, seconds.last ?? 0, runs, perSecond, checksum))
}
