#if canImport(Glibc)
    import Glibc
#endif
import CRMSupport
import Dispatch
import Synchronization

/// Multinomial logistic regression over hashed message features: one weight
/// per (feature, intent), a probability per intent (softmax), trained by
/// stochastic gradient descent with a decaying step. Feature values are
/// 1/√n for a message of n features, so long and short messages weigh alike.
struct IntentClassifier: Sendable {
    /// The class names (catalog intents and `none`), in row order.
    var labels: [String]
    var table: FeatureTable
    /// `table.count × labels.count` weights, row-major.
    var weights: QuantizedRows

    /// Probabilities per label for the features of one message.
    func probabilities(_ features: [UInt64]) -> [Float] {
        let c = labels.count
        var scores = [Float](repeating: 0, count: c)
        let value = 1 / Float(max(1, features.count)).squareRoot()
        for f in features {
            guard let r = table.row(f) else { continue }
            weights.add(row: r, start: r * c, count: c, factor: value, into: &scores)
        }
        return Self.softmax(scores)
    }

    /// The weight of feature row `row` towards `label`.
    func weight(row: Int, label: Int) -> Float { weights.weight(row * labels.count + label, row: row) }

    /// The features that pushed hardest towards `label`, strongest first.
    func strongest(_ features: [UInt64], towards label: Int, count: Int) -> [(feature: UInt64, weight: Float)] {
        let c = labels.count
        var seen = Set<UInt64>()
        var out: [(UInt64, Float)] = []
        for f in features where seen.insert(f).inserted {
            guard let r = table.row(f) else { continue }
            out.append((f, weights.weight(r * c + label, row: r)))
        }
        return Array(out.sorted { $0.1 > $1.1 }.prefix(count))
    }

    static func softmax(_ s: [Float]) -> [Float] {
        guard let m = s.max() else { return s }
        var e = s.map { expf($0 - m) }
        let total = e.reduce(0, +)
        for k in e.indices { e[k] /= total }
        return e
    }

    /// Trains on (features, label index) pairs: `runs` times, each on its own shuffle (seeds
    /// `seed`, `seed + 1`, …; in parallel), keeping the mean of the weights, which moves
    /// less than one run's with each change to the training data.
    static func train(
        labels: [String], examples: [(features: [UInt64], label: Int)], epochs: Int, seed: UInt64,
        prune: Float, runs: Int = 3
    ) -> IntentClassifier {
        let c = labels.count
        var index: [UInt64: Int] = [:]
        for ex in examples {
            for f in ex.features where index[f] == nil { index[f] = index.count }
        }
        let rows = examples.map { ex in ex.features.compactMap { index[$0] } }
        let counts = examples.map(\.features.count)
        let labelOf = examples.map(\.label)
        let exampleKeys = examples.map { StableHash.exampleKey($0.features, label: $0.label) }
        let size = index.count * c
        let results = Mutex<[[Float]]>(Array(repeating: [], count: runs))
        DispatchQueue.concurrentPerform(iterations: runs) { n in
            let w = trainOnce(rows: rows, keys: exampleKeys, counts: counts, labels: labelOf, classes: c, size: size, epochs: epochs, seed: seed &+ UInt64(n))
            results.withLock { $0[n] = w }
        }
        var w = [Float](repeating: 0, count: size)
        for run in results.withLock({ $0 }) { for k in run.indices { w[k] += run[k] } }
        for k in w.indices { w[k] /= Float(runs) }
        // Keep only the rows that matter.
        var keys: [UInt64] = []
        var kept: [Float] = []
        let byRow = index.sorted { $0.value < $1.value }
        for (key, r) in byRow {
            let row = w[(r * c)..<(r * c + c)]
            guard row.contains(where: { abs($0) >= prune }) else { continue }
            keys.append(key)
            kept.append(contentsOf: row)
        }
        return IntentClassifier(
            labels: labels, table: FeatureTable(keys: keys),
            weights: QuantizedRows(quantizing: kept, rowLengths: repeatElement(c, count: keys.count)))
    }

    /// One run of stochastic gradient descent: the weights, `classes` per feature row.
    static func trainOnce(
        rows exampleRows: [[Int]], keys: [UInt64], counts: [Int], labels: [Int], classes c: Int, size: Int, epochs: Int,
        seed: UInt64
    ) -> [Float] {
        var w = [Float](repeating: 0, count: size)
        var scores = [Float](repeating: 0, count: c)
        for epoch in 0..<epochs {
            let order = StableHash.epochOrder(keys, seed: seed, epoch: epoch)
            let rate: Float = 3 / (1 + Float(epoch) * 0.3)
            for i in order {
                let rows = exampleRows[i]
                let value = 1 / Float(max(1, counts[i])).squareRoot()
                for k in 0..<c { scores[k] = 0 }
                for r in rows { for k in 0..<c { scores[k] += w[r * c + k] * value } }
                let p = softmax(scores)
                for k in 0..<c {
                    let g = ((k == labels[i] ? 1 : 0) - p[k]) * rate * value
                    if abs(g) < 1e-7 { continue }
                    for r in rows { w[r * c + k] += g }
                }
            }
        }
        return w
    }
}

/// A small deterministic random number generator (SplitMix64) for seeded
/// training and sentence generation: the same seed gives the same model.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

