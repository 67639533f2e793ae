import CRMSupport

@testable import CRMIntents

/// A text tokenized with the real grammar's ids, the way the matcher hands spans to the resolvers.
func words(_ text: String) -> (Words, Range<Int>) {
    let w = Fixture.engine.compiled.words(text)
    return (w, 0..<w.count)
}

extension DateResolver {
    func resolve(_ span: (Words, Range<Int>), now: LocalDateTime) -> DateParse? { resolve(span.0, span.1, now: now) }
}

extension AmountResolver {
    func parse(_ span: (Words, Range<Int>)) -> Double? { parse(span.0, span.1) }
}

extension NumberResolver {
    func parse(_ span: (Words, Range<Int>)) -> Double? { parse(span.0, span.1) }
}
