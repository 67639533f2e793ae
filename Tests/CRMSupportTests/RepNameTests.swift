import CRMSupport
import Testing

@Suite struct RepNameTests {
    @Test(arguments: ["Li Ming", "王彤", "li.ming", "O'Brien-Smith", "Zhang Wei (north)", "José"])
    func acceptsOrdinaryNames(_ name: String) {
        #expect(RepName.isValid(name))
    }

    @Test(arguments: [
        ("", InvalidRepName.Reason.empty),
        ("   ", .empty),
        ("Bob\n2026-11-22T09:05  login  boss-phone", .invisible("\n")),
        ("Bob\tBoss", .invisible("\t")),
        ("Bo\0b", .invisible("\0")),
        ("Bob\u{200B}", .invisible("\u{200B}")),
        ("\u{202E}boB", .invisible("\u{202E}")),
        ("Bob\u{2028}x", .invisible("\u{2028}")),
        ("Bob\u{FEFF}", .invisible("\u{FEFF}")),
        (" Bob", .spaceAtEnd),
        ("Bob ", .spaceAtEnd),
        ("Bob\u{3000}", .spaceAtEnd),
        (String(repeating: "x", count: 65), .tooLong),
    ])
    func refusesNamesThatCouldHideOrForge(_ name: String, _ reason: InvalidRepName.Reason) {
        #expect(throws: InvalidRepName(name: name, reason: reason)) { try RepName.validate(name) }
    }

    @Test func theMessageShowsTheNameVisiblyAndTheRule() {
        let error = InvalidRepName(name: "Bob\n2026", reason: .invisible("\n"))
        #expect(error.description == "The rep name \"Bob\\n2026\" contains U+000A (a control character). "
            + "A rep name is 1 to 64 visible characters, with no control or invisible characters and no space at either end.")
        #expect(error.message(chinese: true).hasPrefix("名字“Bob\\n2026”含有U+000A（控制字符）。"))
    }
}
