import RandomStreams
import Testing

/// Known-answer tests of the raw bijection and the stream layout.
@Suite("Philox4x64-10")
struct PhiloxTests {
    /// Random123 1.14 `tests/kat_vectors`, lines `philox4x64 10 …`
    /// (counter words 0–3, key words 0–1, expected output words 0–3):
    /// all zeros, all ones, and the digits of π as counter and key.
    static let knownAnswers: [(counter: Philox4x64.Block, key: Philox4x64.Key, expected: Philox4x64.Block)] = [
        ((0, 0, 0, 0), (0, 0),
         (0x16554d9eca36314c, 0xdb20fe9d672d0fdc, 0xd7e772cee186176b, 0x7e68b68aec7ba23b)),
        ((.max, .max, .max, .max), (.max, .max),
         (0x87b092c3013fe90b, 0x438c3c67be8d0224, 0x9cc7d7c69cd777b6, 0xa09caebf594f0ba0)),
        ((0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89),
         (0x452821e638d01377, 0xbe5466cf34e90c6c),
         (0xa528f45403e61d95, 0x38c72dbd566e9788, 0xa5a1610e72fd18b5, 0x57bd43b5e52b7fe6)),
    ]

    @Test("block(counter:key:) matches Random123's known-answer vectors", arguments: 0..<3)
    func knownAnswer(_ i: Int) {
        let v = Self.knownAnswers[i]
        let out = Philox4x64.block(counter: v.counter, key: v.key)
        #expect([out.0, out.1, out.2, out.3] == [v.expected.0, v.expected.1, v.expected.2, v.expected.3])
    }

    @Test("next() returns words 0…3 of each block, then moves to counter + 1")
    func bufferingOrder() {
        let key: Philox4x64.Key = (0x452821e638d01377, 0xbe5466cf34e90c6c)
        let start: Philox4x64.Block = (0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89)
        var rng = Philox4x64(key: key, counter: start)
        let first = (0..<8).map { _ in rng.next() }
        let b0 = Philox4x64.block(counter: start, key: key)
        let b1 = Philox4x64.block(counter: (start.0 + 1, start.1, start.2, start.3), key: key)
        #expect(first == [b0.0, b0.1, b0.2, b0.3, b1.0, b1.1, b1.2, b1.3])
        #expect(first[0] == 0xa528f45403e61d95)  // the π known answer, through next()
    }

    @Test("the 256-bit counter carries across words and wraps at 2²⁵⁶")
    func counterCarry() {
        let key: Philox4x64.Key = (1, 2)
        let cases: [(Philox4x64.Block, Philox4x64.Block)] = [
            ((.max, 0, 7, 0), (0, 1, 7, 0)),
            ((.max, .max, 7, 0), (0, 0, 8, 0)),
            ((.max, .max, .max, 0), (0, 0, 0, 1)),
            ((.max, .max, .max, .max), (0, 0, 0, 0)),
        ]
        for (start, successor) in cases {
            var rng = Philox4x64(key: key, counter: start)
            for _ in 0..<4 { _ = rng.next() }
            let b = Philox4x64.block(counter: successor, key: key)
            #expect([rng.next(), rng.next(), rng.next(), rng.next()] == [b.0, b.1, b.2, b.3])
        }
    }

    @Test("a named stream is key = (seed, point), counter = (block, 0, replicate, 0)")
    func streamLayout() {
        let id = StreamID(seed: 0xDEADBEEF, point: 17, replicate: 123_456)
        var rng = Philox4x64(stream: id)
        let words = (0..<12).map { _ in rng.next() }
        var expected: [UInt64] = []
        for b in 0..<3 as Range<UInt64> {
            let out = Philox4x64.block(counter: (b, 0, 123_456, 0), key: (0xDEADBEEF, 17))
            expected += [out.0, out.1, out.2, out.3]
        }
        #expect(words == expected)
    }

    @Test("the same StreamID reproduces its sequence exactly")
    func reproducible() {
        let id = StreamID(seed: 2024, point: 3, replicate: 9)
        var a = Philox4x64(stream: id)
        var b = Philox4x64(stream: id)
        let xs = (0..<10_000).map { _ in a.next() }
        let ys = (0..<10_000).map { _ in b.next() }
        #expect(xs == ys)
    }

    /// Streams differing in one component by one (the likeliest confusion)
    /// share no 64-bit word among their first 4096 outputs. For independent
    /// uniform words the chance of any collision among these 7·4096 words is
    /// about (7·4096)²/2⁶⁵ ≈ 2e-11, so a collision means a layout bug.
    @Test("neighbouring StreamIDs give different, non-overlapping sequences")
    func distinctStreams() {
        let ids = [
            StreamID(seed: 1, point: 0, replicate: 0), StreamID(seed: 2, point: 0, replicate: 0),
            StreamID(seed: 1, point: 1, replicate: 0), StreamID(seed: 1, point: 0, replicate: 1),
            StreamID(seed: 0, point: 1, replicate: 0), StreamID(seed: 0, point: 0, replicate: 1),
            StreamID(seed: 0, point: 0, replicate: 0),
        ]
        #expect(Set(ids).count == ids.count)
        var seen = Set<UInt64>()
        var total = 0
        for id in ids {
            var rng = Philox4x64(stream: id)
            for _ in 0..<4096 { seen.insert(rng.next()); total += 1 }
        }
        #expect(seen.count == total)
    }

    /// The last block of replicate r's counter range is followed by the first
    /// block of replicate r + 1: streams are disjoint for their first 2¹²⁸
    /// blocks (2¹³⁰ outputs), and this is exactly where they would meet.
    @Test("replicate streams are disjoint until block 2¹²⁸")
    func streamBoundary() {
        let key: Philox4x64.Key = (5, 6)
        var lastBlockOfR = Philox4x64(key: key, counter: (.max, .max, 41, 0))
        for _ in 0..<4 { _ = lastBlockOfR.next() }
        var startOfNext = Philox4x64(stream: StreamID(seed: 5, point: 6, replicate: 42))
        let a = (0..<8).map { _ in lastBlockOfR.next() }
        let b = (0..<8).map { _ in startOfNext.next() }
        #expect(a == b)
    }

    /// Each of the 64 bit positions is 1 in half the words: with N = 65 536
    /// words, |z| = |ones − N/2|/(√N/2) must stay below 5 for all 64 positions
    /// (family-wise false alarm ~4e-5). A stuck or biased output bit gives z ~ 256.
    @Test("every output bit is balanced")
    func bitBalance() {
        var rng = Philox4x64(stream: StreamID(seed: 7, point: 0, replicate: 0))
        let n = 65_536
        var ones = [Int](repeating: 0, count: 64)
        for _ in 0..<n {
            var w = rng.next()
            var bit = 0
            while w != 0 {
                if w & 1 == 1 { ones[bit] += 1 }
                w >>= 1
                bit += 1
            }
        }
        let z = ones.map { abs(Double($0) - Double(n) / 2) / (Double(n).squareRoot() / 2) }
        #expect(z.max()! < 5)
    }
}
