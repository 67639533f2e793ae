/// Rows of model weights kept as the model file stores them: 8 bits each, with
/// one scale per row (max |w| / 127). Loading copies the bytes as they are — no
/// float array is built — and a weight is read as `value × scale`; a quarter of
/// the memory, and the decisions do not change measurably.
struct QuantizedRows: Sendable {
    /// All rows' values, one after another.
    private(set) var values: [Int8]
    /// One scale per row.
    private(set) var scales: [Float]

    init(values: [Int8], scales: [Float]) {
        self.values = values
        self.scales = scales
    }

    /// Quantizes `w`, whose rows have the given lengths, one after another.
    init(quantizing w: [Float], rowLengths: some Sequence<Int>) {
        var values: [Int8] = []
        values.reserveCapacity(w.count)
        var scales: [Float] = []
        var start = 0
        for n in rowLengths {
            let row = w[start..<(start + n)]
            let scale = (row.map { abs($0) }.max() ?? 0) / 127
            scales.append(scale)
            for v in row {
                let q = scale > 0 ? (v / scale).rounded() : 0
                values.append(Int8(max(-127, min(127, q))))
            }
            start += n
        }
        self.init(values: values, scales: scales)
    }

    /// The weight at `index` of all values, in row `row`.
    @inline(__always)
    func weight(_ index: Int, row: Int) -> Float { Float(values[index]) * scales[row] }

    /// Adds `factor ×` the `count` weights of row `row` (starting at `start`) to `into`.
    @inline(__always)
    func add(row: Int, start: Int, count: Int, factor: Float, into out: inout [Float]) {
        let s = scales[row] * factor
        values.withUnsafeBufferPointer { v in
            for k in 0..<count { out[k] += Float(v[start + k]) * s }
        }
    }

    var count: Int { values.count }
}
