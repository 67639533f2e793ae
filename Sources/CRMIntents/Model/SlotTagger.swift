import Dispatch
import Synchronization

/// A linear-chain slot tagger per intent, trained as an averaged structured
/// perceptron: BIO labels over the grammar's tokens (words, numbers, single
/// han characters), scored by hashed token features and label transitions,
/// decoded by Viterbi with the BIO constraint (an `I-slot` follows only the
/// same slot's `B` or `I`).
///
/// Labels of an intent with slots s₀…sₙ₋₁: 0 = outside, 2j+1 = B-sⱼ, 2j+2 = I-sⱼ.
struct SlotTagger: Sendable {
    /// Per intent (in classifier label order): its slot names.
    var slotNames: [[String]]
    /// Keys are feature hashes mixed with the intent index.
    var table: FeatureTable
    /// Per row, where its weights start in `weights` (the row's length is its intent's label count).
    var rowStart: [Int32]
    var weights: QuantizedRows
    /// Per intent: (labels + 1) × labels transition weights; the last row is the start.
    var transitions: [[Float]]

    static func labelCount(slots: Int) -> Int { 2 * slots + 1 }

    /// The length of each row (rows lie one after another in `weights`).
    var rowLengths: [Int] {
        rowStart.indices.map { k in (k + 1 < rowStart.count ? Int(rowStart[k + 1]) : weights.count) - Int(rowStart[k]) }
    }

    @inline(__always)
    static func key(_ feature: UInt64, intent: Int) -> UInt64 {
        (feature ^ (UInt64(intent + 1) &* 0x9e37_79b9_7f4a_7c15)) &* 0xff51_afd7_ed55_8ccd
    }

    @inline(__always)
    static func allowed(_ previous: Int?, _ label: Int) -> Bool {
        guard label > 0, label % 2 == 0 else { return true }
        guard let p = previous, p > 0 else { return false }
        let slot = (label - 1) / 2
        return (p - 1) / 2 == slot
    }

    /// The best label sequence for `features` (one feature list per token).
    func tag(intent: Int, features: [[UInt64]]) -> [Int] {
        let l = Self.labelCount(slots: slotNames[intent].count)
        let emissions = features.map { fs -> [Float] in
            var e = [Float](repeating: 0, count: l)
            for f in fs {
                guard let r = table.row(Self.key(f, intent: intent)) else { continue }
                let base = Int(rowStart[r])
                guard base + l <= weights.count else { continue }
                weights.add(row: r, start: base, count: l, factor: 1, into: &e)
            }
            return e
        }
        return Self.viterbi(emissions, transitions: transitions[intent], labels: l)
    }

    static func viterbi(_ emissions: [[Float]], transitions: [Float], labels l: Int) -> [Int] {
        let n = emissions.count
        guard n > 0 else { return [] }
        var score = [Float](repeating: -.infinity, count: l)
        var back = [[Int]](repeating: [Int](repeating: 0, count: l), count: n)
        for k in 0..<l where allowed(nil, k) { score[k] = transitions[l * l + k] + emissions[0][k] }
        for i in 1..<max(1, n) where n > 1 {
            var next = [Float](repeating: -.infinity, count: l)
            for k in 0..<l {
                var best: Float = -.infinity
                var arg = 0
                for p in 0..<l where score[p] > -.infinity && allowed(p, k) {
                    let s = score[p] + transitions[p * l + k]
                    if s > best {
                        best = s
                        arg = p
                    }
                }
                if best > -.infinity {
                    next[k] = best + emissions[i][k]
                    back[i][k] = arg
                }
            }
            score = next
        }
        var last = 0
        for k in 0..<l where score[k] > score[last] { last = k }
        var path = [Int](repeating: 0, count: n)
        path[n - 1] = last
        var i = n - 1
        while i > 0 {
            path[i - 1] = back[i][path[i]]
            i -= 1
        }
        return path
    }

    /// One training sentence: its intent, per-token features and gold labels.
    struct Example {
        var intent: Int
        var features: [[UInt64]]
        var labels: [Int]
    }

    /// A feature row whose averaged weights are all smaller than this is dropped: measured on
    /// the development sets, 0.3 changes no answer while 1.0 costs a few slots.
    static let pruneBelow: Float = 0.3

    /// One run's averaged weights: feature keys in the order first seen, each key's row
    /// (`w[starts[n]..<starts[n + 1]]`), and the averaged transitions.
    struct Run: Sendable {
        var keys: [UInt64]
        var starts: [Int]
        var weights: [Float]
        var transitions: [[Float]]
    }

    /// Trains `runs` averaged perceptrons, each on its own shuffle of `examples` (seeds
    /// `seed`, `seed + 1`, …; in parallel), and keeps the mean of their weights: one
    /// run's answers moved with every change to the training data — a new phrasing
    /// elsewhere turned a few slots of unrelated messages — and the mean moves less.
    static func train(slotNames: [[String]], examples: [Example], epochs: Int, seed: UInt64, runs: Int = 3) -> SlotTagger {
        let results = Mutex<[Run?]>(Array(repeating: nil, count: runs))
        DispatchQueue.concurrentPerform(iterations: runs) { n in
            let run = trainOnce(slotNames: slotNames, examples: examples, epochs: epochs, seed: seed &+ UInt64(n))
            results.withLock { $0[n] = run }
        }
        let all = results.withLock { $0.compactMap { $0 } }
        // The mean, row by row, in the order keys were first seen (run 0's, then new ones).
        var index: [UInt64: Int] = [:]
        var order: [UInt64] = []
        var sum: [Float] = []
        for run in all {
            for (n, key) in run.keys.enumerated() {
                let lo = run.starts[n]
                let hi = n + 1 < run.starts.count ? run.starts[n + 1] : run.weights.count
                if let at = index[key] {
                    for k in lo..<hi { sum[at + k - lo] += run.weights[k] }
                } else {
                    index[key] = sum.count
                    order.append(key)
                    sum.append(contentsOf: run.weights[lo..<hi])
                }
            }
        }
        let scale = 1 / Float(max(1, all.count))
        var transitions = all.first?.transitions ?? []
        for i in transitions.indices {
            for k in transitions[i].indices { transitions[i][k] = all.reduce(0) { $0 + $1.transitions[i][k] } * scale }
        }
        // Drop rows whose weights are all small (``pruneBelow``).
        var finalKeys: [UInt64] = []
        var finalStarts: [Int32] = []
        var kept: [Float] = []
        for (n, key) in order.enumerated() {
            let lo = index[key] ?? 0
            let hi = n + 1 < order.count ? (index[order[n + 1]] ?? sum.count) : sum.count
            let row = sum[lo..<hi].map { $0 * scale }
            guard row.contains(where: { abs($0) >= Self.pruneBelow }) else { continue }
            finalKeys.append(key)
            finalStarts.append(Int32(kept.count))
            kept.append(contentsOf: row)
        }
        let lengths = finalStarts.indices.map { k in
            (k + 1 < finalStarts.count ? Int(finalStarts[k + 1]) : kept.count) - Int(finalStarts[k])
        }
        return SlotTagger(
            slotNames: slotNames, table: FeatureTable(keys: finalKeys), rowStart: finalStarts,
            weights: QuantizedRows(quantizing: kept, rowLengths: lengths), transitions: transitions)
    }

    static func trainOnce(slotNames: [[String]], examples: [Example], epochs: Int, seed: UInt64) -> Run {
        var index: [UInt64: Int] = [:]  // key → start in w
        var w: [Float] = []
        var acc: [Float] = []  // Σ c·Δ, for averaging
        var trans = slotNames.map { s -> [Float] in
            let l = labelCount(slots: s.count)
            return [Float](repeating: 0, count: (l + 1) * l)
        }
        var transAcc = trans
        var c: Float = 1
        let exampleKeys = examples.map { ex in
            StableHash.exampleKey(ex.features.joined(), label: ex.intent &* 1_000_003 &+ ex.labels.reduce(0) { $0 &* 31 &+ $1 })
        }
        func update(_ ex: Example, _ labels: [Int], _ delta: Float) {
            let l = labelCount(slots: slotNames[ex.intent].count)
            for (i, fs) in ex.features.enumerated() {
                let y = labels[i]
                for f in fs {
                    let key = Self.key(f, intent: ex.intent)
                    let start: Int
                    if let s = index[key] {
                        start = s
                    } else {
                        start = w.count
                        index[key] = start
                        w.append(contentsOf: repeatElement(0, count: l))
                        acc.append(contentsOf: repeatElement(0, count: l))
                    }
                    w[start + y] += delta
                    acc[start + y] += c * delta
                }
                let p = i == 0 ? l : labels[i - 1]
                trans[ex.intent][p * l + y] += delta
                transAcc[ex.intent][p * l + y] += c * delta
            }
        }
        for epoch in 0..<epochs {
            let order = StableHash.epochOrder(exampleKeys, seed: seed, epoch: epoch)
            for i in order {
                let ex = examples[i]
                let l = labelCount(slots: slotNames[ex.intent].count)
                let emissions = ex.features.map { fs -> [Float] in
                    var e = [Float](repeating: 0, count: l)
                    for f in fs {
                        guard let s = index[Self.key(f, intent: ex.intent)] else { continue }
                        for k in 0..<l { e[k] += w[s + k] }
                    }
                    return e
                }
                let guess = viterbi(emissions, transitions: trans[ex.intent], labels: l)
                if guess != ex.labels {
                    update(ex, ex.labels, 1)
                    update(ex, guess, -1)
                }
                c += 1
            }
        }
        // Averaged weights, rows in the order their keys were first seen.
        let keys = index.sorted { $0.value < $1.value }
        var averaged = [Float](repeating: 0, count: w.count)
        for k in w.indices { averaged[k] = w[k] - acc[k] / c }
        var avgTrans = trans
        for i in trans.indices { for k in trans[i].indices { avgTrans[i][k] = trans[i][k] - transAcc[i][k] / c } }
        return Run(keys: keys.map(\.key), starts: keys.map(\.value), weights: averaged, transitions: avgTrans)
    }
}
