extension JSONValue {
    /// An object from `pairs`, in order, for objects assembled in several steps (a
    /// reply's `data`, a wire message).
    ///
    /// Keys must be unique. A repeated key is a programming error — JSON readers keep
    /// one of the two values, silently — so debug builds stop on it with an
    /// assertion naming the key; release builds keep the pairs as given.
    ///
    /// Usage:
    /// ```swift
    /// var data: [(String, JSONValue)] = [("customer_id", 1)]
    /// data.append(("tier", "key"))
    /// let object = JSONValue.object(unique: data)
    /// ```
    public static func object(unique pairs: [(String, JSONValue)]) -> JSONValue {
        assert(
            firstRepeatedKey(in: pairs) == nil,
            "JSON object with the key \"\(firstRepeatedKey(in: pairs) ?? "")\" twice")
        return .object(pairs)
    }

    /// The first key that appears a second time in `pairs`; nil when all differ.
    public static func firstRepeatedKey(in pairs: [(String, JSONValue)]) -> String? {
        var seen: Set<String> = []
        seen.reserveCapacity(pairs.count)
        return pairs.first { !seen.insert($0.0).inserted }?.0
    }
}
