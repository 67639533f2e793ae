/// A message's tokens as the resolvers see them: interned ids (-1 for words
/// the grammar does not know) and folded texts, index for index.
struct Words: Sendable {
    var ids: [Int32]
    var texts: [String]
    /// Per token: white space came right before it (empty when unknown).
    var spaceBefore: [Bool] = []

    var count: Int { ids.count }
}

extension Words {
    /// The words of a message's tokens, with where white space stood.
    init(_ tokens: [Token]) {
        self.init(ids: tokens.map(\.id), texts: tokens.map(\.text), spaceBefore: tokens.map(\.spaceBefore))
    }
}
