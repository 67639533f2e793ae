import Glibc

/// Decodes a file's bytes as the text a rep's spreadsheet wrote: UTF-8 (with or without
/// a byte-order mark), UTF-16 with a mark, or GB18030 (GBK, GB2312), which Chinese Excel
/// writes by default. GB18030 goes through the C library's iconv.
public enum TextDecoding {
    /// The encodings recognised.
    public enum Encoding: String, Sendable, Hashable {
        case utf8 = "UTF-8", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE", gb18030 = "GB18030"
    }

    /// Bytes that are none of the encodings.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The text of `bytes` and the encoding it was in. `named` forces one.
    public static func decode(_ bytes: [UInt8], as named: Encoding? = nil) throws(Failure) -> (text: String, encoding: Encoding) {
        if named == nil || named == .utf8 {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let s = String(validating: body, as: UTF8.self) { return (s, .utf8) }
            if named == .utf8 { throw Failure(description: "the file is not valid UTF-8") }
        }
        if named == nil, bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return (try iconv(Array(bytes.dropFirst(2)), from: bytes[0] == 0xFF ? .utf16LE : .utf16BE), bytes[0] == 0xFF ? .utf16LE : .utf16BE)
        }
        let encoding = named ?? .gb18030
        return (try iconv(bytes, from: encoding), encoding)
    }

    /// Converts `bytes` from `encoding` to UTF-8 with iconv(3); fails on any invalid sequence.
    static func iconv(_ bytes: [UInt8], from encoding: Encoding) throws(Failure) -> String {
        let cd = iconv_open("UTF-8", encoding.rawValue)
        guard cd != iconv_t(bitPattern: -1) else { throw Failure(description: "this system cannot convert \(encoding.rawValue)") }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var inLeft = input.count
        var outLeft = output.count
        let result: Int = input.withUnsafeMutableBytes { ib in
            output.withUnsafeMutableBytes { ob in
                var ip = ib.baseAddress?.assumingMemoryBound(to: CChar.self)
                var op = ob.baseAddress?.assumingMemoryBound(to: CChar.self)
                return Glibc.iconv(cd, &ip, &inLeft, &op, &outLeft)
            }
        }
        guard result != -1, inLeft == 0 else {
            let at = bytes.count - inLeft
            throw Failure(description: "the file is neither UTF-8 nor \(encoding.rawValue) (an invalid byte sequence at byte \(at))")
        }
        guard let text = String(validating: output[0..<(output.count - outLeft)], as: UTF8.self) else {
            throw Failure(description: "the file did not convert from \(encoding.rawValue)")
        }
        return text
    }
}
