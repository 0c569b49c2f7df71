import Foundation
import RandomStreams
@testable import StochasticEngines
import Testing

/// A `CountHistogram` with more than `exactCapacity` distinct large values
/// becomes coarse: values from 512 up are kept by bin. Checked on 6,000
/// values spread over four powers of two (a cohort's large counts): built in
/// one pass or merged from three parts in two orders, the histograms are equal
/// and give identical statistics (bytes do not depend on the split); mean and
/// sd equal those computed from the raw values (1e-12 relative); every
/// quantile lies within 2⁻⁹ (0.2%) of the exact type-7 quantile; P(present) is
/// exact. With at most `exactCapacity` distinct values nothing is binned.
@Suite("Count histogram: bounded memory for many large counts")
struct CoarseHistogramTests {
    static let values: [Int] = {
        var rng = Philox4x64(stream: StreamID(seed: 11, point: 0, replicate: 0))
        return (0..<6_000).map { i in i % 10 == 0 ? 0 : Int(1_000 * exp2(4 * Sampler.uniform(using: &rng))) }
    }()

    static func histogram(_ values: ArraySlice<Int>) -> CountHistogram {
        var h = CountHistogram()
        for v in values { h.add(v) }
        return h
    }

    static func exactQuantile(_ p: Double, sorted: [Int]) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let frac = h - Double(lo)
        return lo + 1 < sorted.count ? Double(sorted[lo]) + frac * Double(sorted[lo + 1] - sorted[lo]) : Double(sorted[lo])
    }

    @Test("split-independent, exact mean and sd, quantiles within 0.2%")
    func coarse() {
        let v = Self.values
        let whole = Self.histogram(v[...])
        #expect(whole.isCoarse)
        let parts = [v[0..<1_000], v[1_000..<3_500], v[3_500...]].map { Self.histogram($0) }
        var forward = parts[0]
        forward.merge(parts[1])
        forward.merge(parts[2])
        var backward = parts[2]
        backward.merge(parts[1])
        backward.merge(parts[0])
        #expect(forward == whole && backward == whole)
        let stats = whole.statistics()
        #expect(forward.statistics() == stats && backward.statistics() == stats)

        let n = Double(v.count)
        let mean = Double(v.reduce(0, +)) / n
        let sd = (v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)).squareRoot()
        #expect(abs(stats.mean - mean) <= 1e-12 * mean)
        #expect(abs(stats.sd! - sd) <= 1e-9 * sd)
        #expect(stats.pPresent == Double(v.filter { $0 > 0 }.count) / n)
        let sorted = v.sorted()
        let q = stats.quantiles!
        for (p, got) in [(0.05, q.q05), (0.25, q.q25), (0.5, q.q50), (0.75, q.q75), (0.95, q.q95)] {
            let exact = Self.exactQuantile(p, sorted: sorted)
            #expect(abs(got - exact) <= exact / 512 + 1e-9, "q\(p): \(got) vs \(exact)")
        }
    }

    @Test("few distinct values stay exact")
    func exactWhenFew() {
        let v = Self.values.prefix(900)
        let h = Self.histogram(v)
        #expect(!h.isCoarse)
        let sorted = v.sorted()
        #expect(h.statistics().quantiles!.q50 == Self.exactQuantile(0.5, sorted: sorted))
        #expect(h.sortedEntries.map(\.value) == Array(Set(sorted)).sorted())
    }

    @Test("a bin's midpoint falls in the bin, within 2⁻⁹ of every value in it")
    func bins() {
        for value in [512, 513, 1_023, 1_024, 99_999, 1 << 40, (1 << 50) - 1] {
            let index = CountHistogram.binIndex(value)
            let midpoint = CountHistogram.binMidpoint(index)
            #expect(CountHistogram.binIndex(midpoint) == index)
            #expect(abs(Double(midpoint - value)) <= Double(value) / 512)
        }
    }
}
