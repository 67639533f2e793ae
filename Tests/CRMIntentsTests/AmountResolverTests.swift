import Testing

@testable import CRMIntents

@Suite struct AmountResolverTests {
    static let resolver = AmountResolver(lexicon: Fixture.engine.compiled.tables)

    static let cases: [(String, Double)] = [
        ("120k", 120_000), ("1.2m", 1_200_000), ("¥12,000", 12_000), ("12,000元", 12_000), ("$5,000", 5_000),
        ("RMB 8000", 8_000), ("8000 yuan", 8_000), ("1.5万", 15_000), ("12万", 120_000), ("一百二十万", 1_200_000),
        ("3亿", 300_000_000), ("8千", 8_000), ("两千五", 2_500), ("60k", 60_000), ("200K", 200_000),
        ("3 million", 3_000_000), ("120 k", 120_000), ("5000", 5_000), ("20万元", 200_000), ("一万二", 12_000),
        ("￥3,500", 3_500), ("-500", -500), ("5000000000000", 5e12), ("$1.5k", 1_500), ("十万", 100_000),
        // Lakh and crore as written in India; pounds, rupees and ringgit as reps write them.
        ("Rs 3,40,000", 340_000), ("₹1,00,00,000", 10_000_000), ("£9,750", 9_750), ("RM 68,000", 68_000),
        ("INR 45,000", 45_000), ("USD 8000", 8_000),
    ]

    @Test(arguments: cases)
    func amounts(_ text: String, _ expected: Double) {
        #expect(Self.resolver.parse(words(text)) == expected, "\(text)")
    }

    @Test(arguments: ["", "k", "abc", "Wang Tong", "12x", "$", "元"])
    func notAmounts(_ text: String) {
        #expect(Self.resolver.parse(words(text)) == nil, "\(text)")
    }
}
