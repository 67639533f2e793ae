// libFuzzer target: the JSON codec every request and reply goes through.
// Property: bytes either are refused, or read as a value whose serialization reads back
// as the same value and serializes to the same text.
import CRMSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self), let value = try? JSONValue.parse(text) else { return 0 }
    let line = value.serialized
    guard let again = try? JSONValue.parse(line) else { fatalError("serialized JSON does not read back: \(line)") }
    guard again.serialized == line else { fatalError("serialization is not stable: \(line) → \(again.serialized)") }
    return 0
}
