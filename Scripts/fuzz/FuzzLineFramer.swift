// libFuzzer target: the line framer under every socket and stdin.
// Property: the frames do not depend on how the bytes were cut (whole, byte by byte,
// and cut at the input's first byte value), and no frame is longer than the limit.
import CRMTransport

func frames(_ bytes: UnsafeBufferPointer<UInt8>, chunk: Int) -> [InboundFrame] {
    var framer = LineFramer(maximumLineBytes: 64)
    var out: [InboundFrame] = []
    var at = 0
    while at < bytes.count {
        let end = min(bytes.count, at + chunk)
        framer.append(bytes[at..<end]) { out.append($0) }
        at = end
    }
    framer.finish { out.append($0) }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineFramer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let whole = frames(bytes, chunk: max(1, size))
    let cut = 1 + Int(bytes.first ?? 0) % 17
    guard frames(bytes, chunk: 1) == whole, frames(bytes, chunk: cut) == whole else {
        fatalError("frames depend on chunking: \(Array(bytes))")
    }
    for case .line(let s) in whole where s.utf8.count > 64 { fatalError("a line over the limit: \(s.utf8.count) bytes") }
    return 0
}
