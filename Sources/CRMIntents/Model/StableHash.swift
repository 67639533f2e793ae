/// FNV-1a, 64 bits: a hash that is the same in every process and on every
/// machine (Swift's `Hasher` is seeded per process), for feature ids and for
/// the fingerprints of model files and of the grammar they were trained on.
struct StableHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    private(set) var value: UInt64

    init(tag: UInt8) {
        value = Self.offset
        add(tag)
    }

    init() { value = Self.offset }

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    @inline(__always)
    mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { for b in $0 { add(b) } }
    }

    @inline(__always)
    mutating func add(u64 n: UInt64) {
        var n = n
        for _ in 0..<8 {
            add(UInt8(truncatingIfNeeded: n))
            n >>= 8
        }
    }

    mutating func add(bytes: some Sequence<UInt8>) {
        for b in bytes { add(b) }
    }

    /// A well-mixed final value (FNV's low bits are weak for small tables).
    var mixed: UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func of(_ s: String) -> UInt64 {
        var h = StableHash()
        h.add(s)
        return h.value
    }

    /// The order to visit `keys` in for one epoch: sorted by a hash of each key with `seed`
    /// and `epoch`, so the examples' relative order does not depend on what else is in the
    /// training data (a shuffle by one random stream reorders everything when one example
    /// is added).
    static func epochOrder(_ keys: [UInt64], seed: UInt64, epoch: Int) -> [Int] {
        let salt = seed &* 0x9e37_79b9_7f4a_7c15 &+ UInt64(epoch) &* 0xd1b5_4a32_d192_ed03
        let ranks = keys.map { k -> UInt64 in
            var z = k ^ salt
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        return ranks.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
    }

    /// A key for a training example: its features in order and its label.
    static func exampleKey(_ features: some Sequence<UInt64>, label: Int) -> UInt64 {
        var h = StableHash()
        for f in features { h.add(u64: f) }
        h.add(u64: UInt64(bitPattern: Int64(label)))
        return h.value
    }
}
