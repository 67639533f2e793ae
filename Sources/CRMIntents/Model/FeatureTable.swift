/// A read-only map from a 64-bit feature hash to a row of weights: open
/// addressing over a power-of-two array, no hashing of strings and no
/// reference counting at lookup time.
struct FeatureTable: Sendable {
    /// Slot keys (0 = empty; stored keys are never 0).
    private var slots: [UInt64]
    /// Per slot, the row index of the key.
    private var rows: [Int32]
    private var mask: Int

    /// The keys in row order (row `r` is `keys[r]`), for saving.
    private(set) var keys: [UInt64]

    init(keys: [UInt64]) {
        self.keys = keys
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        rows = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (r, k) in keys.enumerated() {
            let key = Self.nonZero(k)
            var p = Int(truncatingIfNeeded: key) & mask
            while slots[p] != 0 && slots[p] != key { p = (p + 1) & mask }
            slots[p] = key
            rows[p] = Int32(r)
        }
    }

    @inline(__always)
    static func nonZero(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    /// The row of `key`, or nil.
    @inline(__always)
    func row(_ key: UInt64) -> Int? {
        let key = Self.nonZero(key)
        var p = Int(truncatingIfNeeded: key) & mask
        while true {
            let s = slots[p]
            if s == key { return Int(rows[p]) }
            if s == 0 { return nil }
            p = (p + 1) & mask
        }
    }

    var count: Int { keys.count }
}
