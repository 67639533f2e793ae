import CRMSupport
import Testing

@Suite struct VisibleTextTests {
    @Test(arguments: [
        ("Bob\n2026-11-22T09:05  login  boss-phone", "Bob\\n2026-11-22T09:05  login  boss-phone"),
        ("a\tb\rc\0d", "a\\tb\\rc\\0d"),
        ("zero\u{200B}width", "zero\\u{200B}width"),
        ("\u{202E}evil", "\\u{202E}evil"),
        ("line\u{2028}sep\u{2029}para", "line\\u{2028}sep\\u{2029}para"),
        ("nb\u{A0}sp", "nb\\u{A0}sp"),
        ("esc\u{1B}[31m", "esc\\u{1B}[31m"),
        ("back\\slash", "back\\\\slash"),
        ("全宇医院 Wang Tong", "全宇医院 Wang Tong"),
    ])
    func escapesWhatCannotBeSeen(_ raw: String, _ shown: String) {
        #expect(VisibleText.escaped(raw) == shown)
    }

    @Test func theResultIsOneLineOfVisibleCharacters() {
        let all = String(String.UnicodeScalarView((0..<0x3000).compactMap(Unicode.Scalar.init)))
        let shown = VisibleText.escaped(all)
        #expect(!shown.unicodeScalars.contains { VisibleText.isInvisible($0) })
        #expect(!shown.contains("\n"))
    }
}
