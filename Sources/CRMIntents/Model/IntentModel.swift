import CRMSupport

/// The trained statistical layer beside the grammar: an intent classifier and
/// one slot tagger per intent, with the fingerprints of what it was trained
/// from. Immutable once loaded.
struct IntentModel: Sendable {
    /// FNV-1a of the grammar files and fill values: a model trained from other
    /// grammar files is stale and refused.
    var grammarFingerprint: UInt64
    /// The grammar fingerprint plus the corpora (checked by CI, not at start).
    var trainingFingerprint: UInt64
    var classifier: IntentClassifier
    var tagger: SlotTagger

    /// What the model makes of one message.
    struct Prediction {
        var probabilities: [Float]
        var features: [UInt64]
        var best: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0 }
    }

    func classify(_ tokens: [Token], extractor: FeatureExtractor, marks: [[(vocab: Int32, begin: Bool)]])
        -> Prediction
    {
        let features = extractor.intentFeatures(tokens, marks: marks)
        return Prediction(probabilities: classifier.probabilities(features), features: features)
    }

    /// Slot spans (token ranges) for `intent` (a classifier label index).
    func slots(_ tokens: [Token], intent: Int, extractor: FeatureExtractor, marks: [[(vocab: Int32, begin: Bool)]])
        -> [(slot: String, range: Range<Int>)]
    {
        guard intent < tagger.slotNames.count, !tagger.slotNames[intent].isEmpty else { return [] }
        let features = tokens.indices.map { extractor.tokenFeatures(tokens, at: $0, marks: marks) }
        let path = tagger.tag(intent: intent, features: features)
        var out: [(String, Range<Int>)] = []
        var i = 0
        while i < path.count {
            let y = path[i]
            guard y > 0, y % 2 == 1 else {
                i += 1
                continue
            }
            let slot = (y - 1) / 2
            var j = i + 1
            while j < path.count, path[j] == y + 1 { j += 1 }
            out.append((tagger.slotNames[intent][slot], i..<j))
            i = j
        }
        return out
    }

    // MARK: file

    /// Writes rows of weights as the file stores them: per row its scale (f32), then its
    /// values, one byte each.
    static func write(_ q: QuantizedRows, rowLengths: some Sequence<Int>, into p: inout ModelFile.Writer) {
        var start = 0
        for (row, n) in rowLengths.enumerated() {
            p.f32(q.scales[row])
            for v in q.values[start..<(start + n)] { p.bytes.append(UInt8(bitPattern: v)) }
            start += n
        }
    }

    /// Reads what ``write(_:rowLengths:into:)`` wrote: the bytes are copied as they are.
    static func readRows(_ r: inout ModelFile.Reader, rowLengths: some Sequence<Int>, total: Int)
        throws(ModelFile.Reader.Truncated) -> QuantizedRows
    {
        guard total >= 0 else { throw ModelFile.Reader.Truncated() }
        var scales: [Float] = []
        var complete = true
        // Filled in place, not zeroed first: zeroing megabytes only to overwrite them cost
        // a tenth of a start-up in page faults.
        let values = [Int8](unsafeUninitializedCapacity: total) { dst, initialized in
            var at = 0
            defer { initialized = at }
            for n in rowLengths {
                guard n >= 0, at + n <= total, let scale = try? r.f32(), scale.isFinite, let bytes = try? r.take(n)
                else {
                    complete = false
                    return
                }
                scales.append(scale)
                bytes.withUnsafeBytes { src in
                    UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(dst)[at..<(at + n)])
                        .copyMemory(from: src)
                }
                at += n
            }
        }
        guard complete, values.count == total else { throw ModelFile.Reader.Truncated() }
        return QuantizedRows(values: values, scales: scales)
    }

    func encode() -> [UInt8] {
        var p = ModelFile.Writer()
        p.count(classifier.labels.count)
        for l in classifier.labels { p.string(l) }
        p.count(classifier.table.count)
        for k in classifier.table.keys { p.u64(k) }
        p.count(classifier.weights.count)
        Self.write(classifier.weights, rowLengths: repeatElement(classifier.labels.count, count: classifier.table.count), into: &p)
        p.count(tagger.slotNames.count)
        for names in tagger.slotNames {
            p.count(names.count)
            for n in names { p.string(n) }
        }
        p.count(tagger.table.count)
        for k in tagger.table.keys { p.u64(k) }
        for s in tagger.rowStart { p.i32(s) }
        p.count(tagger.weights.count)
        Self.write(tagger.weights, rowLengths: tagger.rowLengths, into: &p)
        for t in tagger.transitions {
            p.count(t.count)
            for w in t { p.f32(w) }
        }
        var h = ModelFile.Writer()
        h.bytes = ModelFile.magic
        h.u32(ModelFile.version)
        h.u64(grammarFingerprint)
        h.u64(trainingFingerprint)
        h.u64(ModelFile.checksum(p.bytes[...]))
        return h.bytes + p.bytes
    }

    /// Reads a model file, refusing a foreign, damaged or stale one.
    static func decode(_ bytes: [UInt8], path: String, grammarFingerprint expected: UInt64?) throws(GrammarError)
        -> IntentModel
    {
        func refuse(_ why: String) -> GrammarError { GrammarError(path: path, line: 0, message: why) }
        var r = ModelFile.Reader(bytes: bytes)
        do {
            guard Array(try r.take(8)) == ModelFile.magic else {
                throw refuse("not a crmbot model file (run `crmbot train` to make one)")
            }
            let version = try r.u32()
            guard version == ModelFile.version else {
                throw refuse("model file version \(version), this crmbot reads version \(ModelFile.version): run `crmbot train`")
            }
            let grammar = try r.u64()
            let training = try r.u64()
            let checksum = try r.u64()
            guard ModelFile.checksum(bytes[r.offset...]) == checksum else {
                throw refuse("the model file is damaged (checksum mismatch): run `crmbot train` to rebuild it")
            }
            if let expected, grammar != expected {
                throw refuse(
                    "the model was trained from other grammar files (they changed since): run `crmbot train` to retrain it")
            }
            let nLabels = try r.count(itemSize: 2)
            var labels: [String] = []
            for _ in 0..<nLabels { labels.append(try r.string()) }
            let nKeys = try r.count(itemSize: 8)
            let keys = try r.u64s(nKeys)
            let nWeights = try r.count(itemSize: 1)
            guard nWeights == nKeys * nLabels else { throw refuse("the model file is inconsistent (classifier size)") }
            let weights = try Self.readRows(&r, rowLengths: repeatElement(nLabels, count: nKeys), total: nWeights)
            let nIntents = try r.count(itemSize: 4)
            guard nIntents == nLabels else { throw refuse("the model file is inconsistent (tagger intents)") }
            var slotNames: [[String]] = []
            for _ in 0..<nIntents {
                let n = try r.count(itemSize: 2)
                var names: [String] = []
                for _ in 0..<n { names.append(try r.string()) }
                slotNames.append(names)
            }
            let tKeys = try r.count(itemSize: 12)
            let tk = try r.u64s(tKeys)
            var starts: [Int32] = []
            starts.reserveCapacity(tKeys)
            for _ in 0..<tKeys { starts.append(try r.i32()) }
            let tWeights = try r.count(itemSize: 1)
            guard starts.allSatisfy({ $0 >= 0 && Int($0) < max(1, tWeights) }),
                zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 })
            else {
                throw refuse("the model file is inconsistent (tagger rows)")
            }
            let lengths = starts.indices.map { k in (k + 1 < starts.count ? Int(starts[k + 1]) : tWeights) - Int(starts[k]) }
            let tw = try Self.readRows(&r, rowLengths: lengths, total: tWeights)
            var transitions: [[Float]] = []
            for names in slotNames {
                let l = SlotTagger.labelCount(slots: names.count)
                let n = try r.count(itemSize: 4)
                guard n == (l + 1) * l else { throw refuse("the model file is inconsistent (transitions)") }
                transitions.append(try r.f32s(n))
            }
            // Every row must fit its intent's label count: checked lazily would cost time per lookup.
            let maxLabels = slotNames.map { SlotTagger.labelCount(slots: $0.count) }.max() ?? 1
            guard starts.allSatisfy({ Int($0) + 1 <= tWeights }), tWeights >= 0, maxLabels > 0 else {
                throw refuse("the model file is inconsistent (tagger weights)")
            }
            guard r.atEnd else { throw refuse("the model file has trailing bytes") }
            return IntentModel(
                grammarFingerprint: grammar, trainingFingerprint: training,
                classifier: IntentClassifier(labels: labels, table: FeatureTable(keys: keys), weights: weights),
                tagger: SlotTagger(
                    slotNames: slotNames, table: FeatureTable(keys: tk), rowStart: starts, weights: tw,
                    transitions: transitions))
        } catch let e as GrammarError {
            throw e
        } catch {
            throw refuse("the model file is truncated: run `crmbot train` to rebuild it")
        }
    }
}
