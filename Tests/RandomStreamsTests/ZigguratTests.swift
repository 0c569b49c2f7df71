import Foundation
@testable import RandomStreams
import TestSupport
import Testing

/// The ziggurat exponential sampler and the truncated exponential, against
/// the exact law `P(X > x) = e^{−x}`.
@Suite("Exponential ziggurat")
struct ZigguratTests {
    /// The layers must all have the area `v = r·e^{−r} + e^{−r}`: the top
    /// layer closes the recursion, so a wrong r or a wrong recursion shows
    /// there first. Relative error below 1e-9.
    @Test("every layer of the table has the same area")
    func layerAreas() {
        let table = ExponentialZiggurat()
        let r = ExponentialZiggurat.tailStart
        let area = r * exp(-r) + exp(-r)
        #expect(table.edge(1) == r && table.edge(256) == 0 && table.height(256) == 1)
        for i in 1..<256 {
            let layer = table.edge(i) * (table.height(i + 1) - table.height(i))
            #expect(abs(layer / area - 1) < 1e-9, "layer \(i): area \(layer) vs \(area)")
        }
        #expect(abs(table.edge(0) * table.height(1) / area - 1) < 1e-12)
    }

    /// Chi-square over 300 bins, equiprobable on the body plus bins on the
    /// tail (beyond r = 7.697, 10, 12 and 14), from 3,000,000 draws, at
    /// α = 1e-4. One layer drawn with a wrong width or wedge test moves about
    /// 1/256 of the mass by a fraction of its width; a 2% error in one layer's
    /// mass (about 230 of 11,700 draws) adds about 9 to χ² per bin it touches
    /// and is caught by the tail bins if it is the base layer.
    @Test("standardExponential: χ² over the body and the tail")
    func chiSquare() {
        let draws = 3_000_000
        var rng = Philox4x64(stream: StreamID(seed: 4101, point: 0, replicate: 0))
        var edges = (1..<296).map { -log1p(-Double($0) / 296) }
        edges += [ExponentialZiggurat.tailStart, 10, 12, 14]
        edges.sort()
        var observed = [Int](repeating: 0, count: edges.count + 1)
        for _ in 0..<draws {
            let x = Sampler.standardExponential(using: &rng)
            #expect(x > 0)
            var lo = 0, hi = edges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if x < edges[mid] { hi = mid } else { lo = mid + 1 }
            }
            observed[lo] += 1
        }
        var statistic = 0.0
        var previous = 1.0 // P(X > left edge)
        for (bin, count) in observed.enumerated() {
            let next = bin < edges.count ? exp(-edges[bin]) : 0
            let expected = Double(draws) * (previous - next)
            statistic += (Double(count) - expected) * (Double(count) - expected) / expected
            previous = next
        }
        let critical = GoodnessOfFit.chiSquareCritical(degreesOfFreedom: observed.count - 1)
        #expect(statistic < critical, "χ² = \(statistic) on \(observed.count - 1) df, critical \(critical)")
    }

    @Test("exponential(rate: 0.4) by the ziggurat against 1 − e^{−0.4x} (KS)")
    func rate() {
        var rng = Philox4x64(stream: StreamID(seed: 4101, point: 1, replicate: 0))
        let xs = (0..<100_000).map { _ in Sampler.exponential(rate: 0.4, using: &rng) }
        let d = GoodnessOfFit.kolmogorovSmirnov(xs) { -expm1(-0.4 * $0) }
        #expect(d < GoodnessOfFit.kolmogorovSmirnovCritical(count: xs.count), "D = \(d)")
    }

    /// Both branches of the truncated exponential: rejection (p ≥ ½) and
    /// inversion (p < ½, here p ≈ 1e-3), KS against `(1 − e^{−rx})/p` on
    /// (0, bound), 100,000 draws each, and every draw below the bound.
    @Test("exponential(rate:below:probability:) against the truncated law", arguments: [(0.7, 3.0), (0.002, 0.5)])
    func truncated(rate: Double, bound: Double) {
        let p = -expm1(-rate * bound)
        var rng = Philox4x64(stream: StreamID(seed: 4101, point: 2, replicate: 0))
        let xs = (0..<100_000).map { _ in Sampler.exponential(rate: rate, below: bound, probability: p, using: &rng) }
        #expect(xs.allSatisfy { $0 >= 0 && $0 < bound })
        let d = GoodnessOfFit.kolmogorovSmirnov(xs) { -expm1(-rate * $0) / p }
        #expect(d < GoodnessOfFit.kolmogorovSmirnovCritical(count: xs.count), "D = \(d)")
    }
}
