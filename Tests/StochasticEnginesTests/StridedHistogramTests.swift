import RandomStreams
@testable import StochasticEngines
import Testing

/// The two shortcuts of recording a chunk of replicates must not change a
/// statistic (issue #24, the default run):
///
/// - `RadixSort` gives exactly `Array.sort()`'s order, for sizes on both
///   sides of its `smallCount`, values of one to seven bytes, values that
///   share their low or high bytes (passes skipped), repeats and zeros;
/// - `CountHistogram.add(strided:stride:count:)` gives the histogram (and
///   the statistics) of adding the same values one by one: 300 chunks of 16
///   replicates with zeros, small counts, repeated and distinct large counts,
///   enough distinct ones to pass the buffer's limit and to coarsen, read with
///   a stride as `EnsembleAccumulator.recordReplicates` reads them.
@Suite("Count histogram: radix-sorted buffer and strided recording")
struct StridedHistogramTests {
    static func values(_ count: Int, bits: Int, seed: UInt64, lowZeroBits: Int = 0) -> [Int] {
        var rng = Philox4x64(stream: StreamID(seed: seed, point: 0, replicate: UInt64(bits)))
        return (0..<count).map { i in
            let v = (Int(rng.next() >> UInt64(64 - bits)) >> lowZeroBits) << lowZeroBits
            return i % 11 == 0 ? 0 : i % 13 == 0 ? (1 << (bits - 1)) : v
        }
    }

    @Test("radix sort equals Array.sort", arguments: [0, 1, 2, 63, 64, 65, 500, 2_048, 5_000])
    func radixMatchesSort(count: Int) {
        for (bits, low) in [(8, 0), (9, 0), (20, 0), (20, 8), (33, 16), (51, 0), (56, 0)] {
            var values = Self.values(count, bits: bits, seed: 5, lowZeroBits: low)
            let expected = values.sorted()
            var scratch: [Int] = []
            RadixSort.sort(&values, scratch: &scratch)
            #expect(values == expected, "\(count) values of \(bits) bits, low \(low) bits zero")
        }
        var same = [Int](repeating: 123_456, count: count)
        var scratch = [Int](repeating: -1, count: 3)
        RadixSort.sort(&same, scratch: &scratch)
        #expect(same == [Int](repeating: 123_456, count: count))
    }

    @Test("strided recording equals adding one by one, through the buffer's merges and coarsening")
    func stridedMatchesOneByOne() {
        var rng = Philox4x64(stream: StreamID(seed: 41, point: 0, replicate: 0))
        let pool = (0..<700).map { 512 + 53 * $0 }
        let (chunks, replicates, stride, column) = (300, 16, 3, 1)
        var oneByOne = CountHistogram()
        var strided = CountHistogram()
        var coarsened = false
        for chunk in 0..<chunks {
            var buffer = [Int](repeating: -7, count: replicates * stride)
            for r in 0..<replicates {
                let u = Sampler.uniform(using: &rng)
                let v: Int
                switch (chunk + r) % 4 {
                case 0: v = 0
                case 1: v = Int(u * 512)
                case 2: v = pool[Int(u * Double(pool.count))]
                default: v = chunk > 150 ? 512 + chunk * 1_000 + r : 70_000 + Int(u * 30_000)
                }
                buffer[r * stride + column] = v
                oneByOne.add(v)
            }
            buffer.withUnsafeBufferPointer { strided.add(strided: $0.baseAddress! + column, stride: stride, count: replicates) }
            if chunk == 40 {
                #expect(strided == oneByOne)
                #expect(!strided.isCoarse)
            }
            coarsened = coarsened || strided.isCoarse
        }
        #expect(coarsened && strided.isCoarse == oneByOne.isCoarse)
        #expect(strided.observations == chunks * replicates)
        #expect(strided == oneByOne)
        #expect(strided.statistics() == oneByOne.statistics())
    }
}
