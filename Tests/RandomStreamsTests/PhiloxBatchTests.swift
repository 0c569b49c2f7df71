import RandomStreams
import Testing

/// The batched refill of `Philox4x64` (four blocks, rounds interleaved)
/// against the one-block function `block(counter:key:)`, which
/// `PhiloxTests` holds to Random123's known answers: word for word, over many
/// keys and counters, across refill boundaries, 256-bit carries and
/// skip-ahead (a generator started at a later counter).
@Suite("Philox4x64-10, batched refill")
struct PhiloxBatchTests {
    /// SplitMix64 (Steele, Lea & Flood 2014): arbitrary test inputs from a
    /// generator unrelated to the one under test.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `c + m` as a 256-bit little-endian integer, wrapping at 2²⁵⁶.
    static func add(_ c: Philox4x64.Block, _ m: UInt64) -> Philox4x64.Block {
        let (w0, o0) = c.0.addingReportingOverflow(m)
        let (w1, o1) = c.1.addingReportingOverflow(o0 ? 1 : 0)
        let (w2, o2) = c.2.addingReportingOverflow(o1 ? 1 : 0)
        return (w0, w1, w2, c.3 &+ (o2 ? 1 : 0))
    }

    /// The first `n` words of the stream at `counter` under `key`, one block at a time.
    static func reference(counter: Philox4x64.Block, key: Philox4x64.Key, words n: Int) -> [UInt64] {
        var words: [UInt64] = []
        var b: UInt64 = 0
        while words.count < n {
            let out = Philox4x64.block(counter: add(counter, b), key: key)
            words += [out.0, out.1, out.2, out.3]
            b += 1
        }
        return Array(words.prefix(n))
    }

    /// Counters whose next few increments carry into words 1, 2 and 3 (and
    /// wrap at 2²⁵⁶) at every position of a four-block batch.
    static let carryCounters: [Philox4x64.Block] = (0..<6 as Range<UInt64>).flatMap { m in
        [(UInt64.max - m, 5, 6, 7), (UInt64.max - m, .max, 6, 7), (UInt64.max - m, .max, .max, 7),
         (UInt64.max - m, .max, .max, .max)] as [Philox4x64.Block]
    }

    @Test("blocks(from:key:) equals four one-block calls: 2,000 random counters and keys, and every carry position")
    func batchEqualsBlocks() {
        var inputs = SplitMix(state: 0x5EED)
        var cases: [(Philox4x64.Block, Philox4x64.Key)] = (0..<2000).map { _ in
            ((inputs.next(), inputs.next(), inputs.next(), inputs.next()), (inputs.next(), inputs.next()))
        }
        cases += Self.carryCounters.map { ($0, (inputs.next(), inputs.next())) }
        cases.append(((0, 0, 0, 0), (0, 0)))
        var mismatches = 0
        for (counter, key) in cases {
            let batch = Philox4x64.blocks(from: counter, key: key)
            let got = [batch.0, batch.1, batch.2, batch.3].flatMap { [$0.0, $0.1, $0.2, $0.3] }
            if got != Self.reference(counter: counter, key: key, words: 16) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// Random123 1.14 `tests/kat_vectors` (`philox4x64 10`): the all-zero
    /// block is the first of a batch starting at 0, the all-ones block the
    /// last of a batch starting three below it.
    @Test("a batch reproduces Random123's known answers in its first and last block")
    func knownAnswersInBatch() {
        let zero = Philox4x64.blocks(from: (0, 0, 0, 0), key: (0, 0)).0
        #expect([zero.0, zero.1, zero.2, zero.3]
            == [0x16554d9eca36314c, 0xdb20fe9d672d0fdc, 0xd7e772cee186176b, 0x7e68b68aec7ba23b])
        let ones = Philox4x64.blocks(from: (.max - 3, .max, .max, .max), key: (.max, .max)).3
        #expect([ones.0, ones.1, ones.2, ones.3]
            == [0x87b092c3013fe90b, 0x438c3c67be8d0224, 0x9cc7d7c69cd777b6, 0xa09caebf594f0ba0])
    }

    @Test("next() gives the one-block stream word for word over 10 refills, from 200 random starts and every carry position")
    func streamEqualsBlocks() {
        var inputs = SplitMix(state: 0xC0FFEE)
        var starts: [(Philox4x64.Block, Philox4x64.Key)] = (0..<200).map { _ in
            ((inputs.next(), inputs.next(), inputs.next(), inputs.next()), (inputs.next(), inputs.next()))
        }
        starts += Self.carryCounters.map { ($0, (inputs.next(), inputs.next())) }
        var mismatches = 0
        for (counter, key) in starts {
            var rng = Philox4x64(key: key, counter: counter)
            let words = (0..<160).map { _ in rng.next() }
            if words != Self.reference(counter: counter, key: key, words: 160) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// A counter-based generator skips ahead by starting at a later counter:
    /// the generator at `c + m` must continue the one at `c` after `4m` words,
    /// for every m across two refills (so the skipped-to block falls at each
    /// position of a batch), for a named stream and a key near wrapping.
    @Test("starting at counter c + m equals drawing 4m words from c", arguments: [false, true])
    func skipAhead(nearWrap: Bool) {
        let key: Philox4x64.Key = nearWrap ? (.max, 1) : (2024, 17)
        let start: Philox4x64.Block = nearWrap ? (.max - 5, .max, .max, .max) : (0, 0, 123_456, 0)
        for m in 0..<(2 * Philox4x64.blocksPerRefill + 1) {
            var from = Philox4x64(key: key, counter: start)
            for _ in 0..<(4 * m) { _ = from.next() }
            var skipped = Philox4x64(key: key, counter: Self.add(start, UInt64(m)))
            let a = (0..<40).map { _ in from.next() }
            let b = (0..<40).map { _ in skipped.next() }
            #expect(a == b, "skip by \(m) blocks")
        }
    }

    @Test("a named stream's first words are its blocks 0, 1, 2, … one at a time")
    func namedStream() {
        let id = StreamID(seed: 1, point: 0, replicate: 9_999, substream: 2)
        var rng = Philox4x64(stream: id)
        let words = (0..<100).map { _ in rng.next() }
        #expect(words == Self.reference(counter: (0, 0, 9_999, 2), key: (1, 0), words: 100))
    }
}
