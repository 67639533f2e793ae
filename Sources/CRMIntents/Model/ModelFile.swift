/// The binary layout of a trained model file (`Intents/model.crmm`), little-endian:
///
/// ```
/// "CRMMODEL"                  8 bytes, magic
/// version                     u32 (2: the checksum reads 8 bytes a step)
/// grammar fingerprint         u64: FNV-1a of the grammar files and fill values it was trained from
/// training fingerprint        u64: the same plus the corpora (CI checks it is current)
/// payload checksum            u64: ``ModelFile/checksum(_:)`` of every byte after this field
/// payload                     labels, classifier rows, tagger rows and transitions
/// ```
///
/// A file with another magic or version, a short or altered payload, or
/// trained from other grammar files is refused when loaded.
enum ModelFile {
    static let magic: [UInt8] = Array("CRMMODEL".utf8)
    static let version: UInt32 = 2

    /// Appends little-endian values to a byte buffer.
    struct Writer {
        var bytes: [UInt8] = []
        mutating func u16(_ v: UInt16) { for k in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        mutating func u64(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
        mutating func f32(_ v: Float) { u32(v.bitPattern) }
        mutating func string(_ s: String) {
            let u = Array(s.utf8)
            u16(UInt16(min(u.count, Int(UInt16.max))))
            bytes.append(contentsOf: u.prefix(Int(UInt16.max)))
        }
        mutating func count(_ n: Int) { u32(UInt32(n)) }
    }

    /// Reads what ``Writer`` wrote; every read is bounds-checked.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0
        struct Truncated: Error {}

        mutating func take(_ n: Int) throws(Truncated) -> ArraySlice<UInt8> {
            guard n >= 0, offset + n <= bytes.count else { throw Truncated() }
            defer { offset += n }
            return bytes[offset..<(offset + n)]
        }
        mutating func uint(_ size: Int) throws(Truncated) -> UInt64 {
            let s = try take(size)
            var v: UInt64 = 0
            for (k, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
            return v
        }
        mutating func u16() throws(Truncated) -> UInt16 { UInt16(try uint(2)) }
        mutating func u32() throws(Truncated) -> UInt32 { UInt32(try uint(4)) }
        mutating func u64() throws(Truncated) -> UInt64 { try uint(8) }
        mutating func i32() throws(Truncated) -> Int32 { Int32(bitPattern: try u32()) }
        mutating func f32() throws(Truncated) -> Float { Float(bitPattern: try u32()) }
        mutating func string() throws(Truncated) -> String {
            let n = Int(try u16())
            return String(decoding: try take(n), as: UTF8.self)
        }
        /// A count, refused when it claims more items of `size` bytes than remain.
        mutating func count(itemSize: Int) throws(Truncated) -> Int {
            let n = Int(try u32())
            guard n * max(1, itemSize) <= bytes.count - offset else { throw Truncated() }
            return n
        }
        mutating func f32s(_ n: Int) throws(Truncated) -> [Float] {
            let s = try take(n * 4)
            var out = [Float](repeating: 0, count: n)
            var i = s.startIndex
            for k in 0..<n {
                out[k] = Float(bitPattern: UInt32(s[i]) | UInt32(s[i + 1]) << 8 | UInt32(s[i + 2]) << 16 | UInt32(s[i + 3]) << 24)
                i += 4
            }
            return out
        }
        mutating func u64s(_ n: Int) throws(Truncated) -> [UInt64] {
            let s = try take(n * 8)
            return [UInt64](unsafeUninitializedCapacity: n) { out, initialized in
                s.withUnsafeBytes { raw in
                    for k in 0..<n {
                        out[k] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))
                    }
                }
                initialized = n
            }
        }
        var atEnd: Bool { offset == bytes.count }
    }

    /// A 64-bit checksum that reads 8 bytes a step (13 MB in a few milliseconds; byte-wise
    /// FNV-1a took about 15). Each step is a bijection of the running value, so any one
    /// changed word changes the result.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for k in 0..<words {
                h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))) &* 0x9e37_79b9_7f4a_7c15
                h ^= h >> 29
            }
            for k in (words * 8)..<raw.count {
                h = (h ^ UInt64(raw[k])) &* 0x100_0000_01b3
                h ^= h >> 29
            }
        }
        return h
    }
}
