import RandomStreams
import RateModel
@testable import StochasticEngines
import Testing

/// Counts of 512 and more are buffered in their `CountHistogram` and merged
/// in sorted (`pendingLimit` at a time), and `EnsembleRunner` adds a chunk of
/// replicates histogram by histogram. Neither may change a statistic:
///
/// - 6,000 counts with 900 distinct large values (the buffer is merged twice
///   in one pass) give exactly the `(value, count)` list counted independently
///   here with a dictionary, whether added in one pass or merged from three
///   parts in two orders, and identical statistics;
/// - a histogram is coarse exactly when more than 1,024 distinct large values
///   were seen, repeats not counted, buffered or merged;
/// - an ensemble of 41 replicates (three chunks, the last partial) on one and
///   on two threads equals the accumulator of the same streams recorded output
///   by output, with a series that sums two compartments.
@Suite("Count histogram: buffered large counts and chunked recording")
struct BufferedHistogramTests {
    static let values: [Int] = {
        var rng = Philox4x64(stream: StreamID(seed: 23, point: 0, replicate: 0))
        let pool = (0..<900).map { 512 + 37 * $0 + ($0 % 7) }
        return (0..<6_000).map { i in
            let u = Sampler.uniform(using: &rng)
            return i % 5 == 0 ? Int(u * 600) : pool[Int(u * Double(pool.count))]
        }
    }()

    static func histogram(_ values: ArraySlice<Int>) -> CountHistogram {
        var h = CountHistogram()
        for v in values { h.add(v) }
        return h
    }

    @Test("one pass, merged parts and an independent count agree exactly")
    func exactAcrossBuffers() {
        let v = Self.values
        var counted: [Int: Int] = [:]
        for x in v { counted[x, default: 0] += 1 }
        let expected = counted.sorted { $0.key < $1.key }.map { (value: $0.key, count: $0.value) }
        let whole = Self.histogram(v[...])
        #expect(!whole.isCoarse)
        #expect(whole.sortedEntries.elementsEqual(expected) { $0 == $1 })
        let parts = [v[0..<1_000], v[1_000..<4_500], v[4_500...]].map { Self.histogram($0) }
        var forward = parts[0]
        forward.merge(parts[1])
        forward.merge(parts[2])
        var backward = parts[2]
        backward.merge(parts[1])
        backward.merge(parts[0])
        #expect(forward == whole && backward == whole)
        #expect(forward.statistics() == whole.statistics() && backward.statistics() == whole.statistics())
        let n = Double(v.count)
        let mean = Double(v.reduce(0, +)) / n
        let sd = (v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)).squareRoot()
        #expect(abs(whole.statistics().sd! - sd) <= 1e-9 * sd)
    }

    @Test("coarse exactly past 1,024 distinct large values")
    func coarseThreshold() {
        var h = CountHistogram()
        for k in 0..<1_024 { h.add(600 + k) }
        for _ in 0..<3_000 { h.add(700) }
        #expect(!h.isCoarse)
        var other = CountHistogram()
        other.add(600 + 1_024)
        var merged = h
        merged.merge(other)
        #expect(merged.isCoarse)
        h.add(600 + 1_024)
        #expect(h.isCoarse && h == merged)
        #expect(h.observations == 4_025)
    }

    @Test("chunked ensemble recording equals output-by-output recording", arguments: [1, 2])
    func chunkedEqualsSequential(threads: Int) {
        let layout = SeriesLayout(entries: [
            SeriesLayout.Entry(label: SeriesLabel(compartment: .named("a")), compartments: [0]),
            SeriesLayout.Entry(label: SeriesLabel(compartment: .named("b")), compartments: [1]),
            SeriesLayout.Entry(label: SeriesLabel(compartment: .named("a+b")), compartments: [0, 1]),
        ])
        let outputs = 6, replicates = 41
        @Sendable func replicate(_ rng: inout Philox4x64, _ record: (Int, [Int]) -> Void) {
            for t in 0..<outputs {
                let u = Sampler.uniform(using: &rng)
                let w = Sampler.uniform(using: &rng)
                record(t, [u < 0.3 ? 0 : Int(u * 5_000), t > 3 ? 0 : Int(w * 20)])
            }
        }
        let runner = EnsembleRunner(replicates: replicates, threads: threads, seed: 9)
        let (chunked, _) = runner.run(layout: layout, outputCount: outputs, replicate: replicate)
        var sequential = EnsembleAccumulator(layout: layout, outputCount: outputs)
        for r in 0..<replicates {
            var rng = Philox4x64(stream: StreamID(seed: 9, point: 0, replicate: UInt64(r)))
            replicate(&rng) { t, counts in sequential.record(output: t, counts: counts) }
        }
        #expect(chunked == sequential)
        #expect(chunked.replicates == replicates)
        for s in 0..<layout.count { #expect(chunked.lossCounts(series: s) == sequential.lossCounts(series: s)) }
    }
}
