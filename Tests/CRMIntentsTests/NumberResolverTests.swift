import Testing

@testable import CRMIntents

@Suite struct NumberResolverTests {
    static let resolver = NumberResolver(lexicon: Fixture.engine.compiled.tables)

    static let cases: [(String, Double)] = [
        ("3", 3), ("12,000", 12_000), ("1.5", 1.5), ("three", 3), ("twenty five", 25), ("twenty-five", 25),
        ("a hundred", 100), ("two hundred thousand", 200_000), ("十", 10), ("十二", 12), ("二十三", 23),
        ("一百零五", 105), ("两", 2), ("一百二十万", 1_200_000), ("三亿五千万", 350_000_000), ("两千五", 2_500),
        ("三百五", 350), ("一万二", 12_000), ("8千", 8_000), ("1.5万", 15_000), ("零", 0), ("一千零一", 1_001),
    ]

    @Test(arguments: cases)
    func numbers(_ text: String, _ expected: Double) {
        #expect(Self.resolver.parse(words(text)) == expected, "\(text)")
    }

    @Test(arguments: ["", "three four", "三五", "Wang", "1.2.3", "-"])
    func notNumbers(_ text: String) {
        #expect(Self.resolver.parse(words(text)) == nil, "\(text)")
    }
}
