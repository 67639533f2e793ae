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
}
