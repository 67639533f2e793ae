import CRMSupport
import Testing

@Suite struct TextMatchingTests {
    @Test func foldsCaseWidthAndSpace() {
        #expect(TextMatching.fold("  Wang   TONG\t") == "wang tong")
        #expect(TextMatching.fold("ＡＢＣ：１２") == "abc:12")
        #expect(TextMatching.fold("王彤\u{3000}全宇") == "王彤 全宇")
        #expect(TextMatching.fold("a\u{0}b\u{7}c") == "abc")
    }

    @Test(arguments: [
        ("wang tong", "wang tong", 0), ("wang tong", "wnag tong", 1), ("zhou hua", "zhu hua", 1),
        ("kitten", "sitting", 3), ("", "abc", 3), ("王彤", "王同", 1),
    ])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(TextMatching.editDistance(a, b) == expected)
        #expect(TextMatching.editDistance(b, a) == expected)
    }

    @Test func editDistanceGivesUpPastTheLimit() {
        #expect(TextMatching.editDistance("quanyu hospital", "city clinic", limit: 2) == 3)
        #expect(TextMatching.editDistance("abcdef", "abcdxf", limit: 1) == 1)
    }

    @Test func detectsLanguage() {
        #expect(Language.detect("log visit to Wang Tong") == .en)
        #expect(Language.detect("拜访了王彤") == .zh)
        #expect(Language.detect("visit 全宇医院 tomorrow") == .zh)
        #expect(Language.detect("") == .en)
        // More words in latin letters than Chinese characters: English around a Chinese name.
        #expect(Language.detect("called 王总 about the quote") == .en)
        #expect(Language.detect("set sales plan for 市诊所 to 300k") == .en)
        #expect(Language.detect("拜访了Acme Corp的Linda") == .zh)
        #expect(Language.detect("把Kevin Lau停用") == .zh)
        #expect(Language.detect("把Wang Tong调到City Clinic") == .zh)
        #expect(Language.detect("跟jake moreno发了新的price list") == .zh)
        #expect(Language.detect("？") == .zh)
        #expect(Language.detect("ok？") == .en)
    }
}
