import Foundation
import Testing
import Engines
@testable import StochasticEngines

@Suite("Exact ensemble statistics from count histograms")
struct CountHistogramTests {
    @Test("mean, sample sd, type-7 quantiles and p_present match a direct computation")
    func statistics() {
        let values = [0, 0, 0, 3, 1, 7, 7, 2, 0, 15, 4, 4, 4, 1]
        var h = CountHistogram()
        for v in values { h.add(v) }
        let s = h.statistics()
        let n = Double(values.count)
        let mean = Double(values.reduce(0, +)) / n
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1)
        let sorted = values.sorted().map(Double.init)
        func type7(_ p: Double) -> Double {
            let h = (n - 1) * p, lo = Int(h.rounded(.down))
            return lo + 1 < sorted.count ? sorted[lo] + (h - Double(lo)) * (sorted[lo + 1] - sorted[lo]) : sorted[lo]
        }
        #expect(abs(s.mean - mean) < 1e-15)
        #expect(abs(s.sd! - variance.squareRoot()) < 1e-12)
        #expect(s.quantiles == Quantiles(q05: type7(0.05), q25: type7(0.25), q50: type7(0.5), q75: type7(0.75), q95: type7(0.95)))
        #expect(s.pPresent == 10.0 / 14.0)
    }

    @Test("merging is exact and order-independent")
    func merge() {
        var a = CountHistogram(), b = CountHistogram(), all = CountHistogram()
        for v in [0, 5, 5, 9] { a.add(v); all.add(v) }
        for v in [1, 0, 5, 1000] { b.add(v); all.add(v) }
        var ab = a; ab.merge(b)
        var ba = b; ba.merge(a)
        #expect(ab == all && ba == all)
        #expect(ab.statistics() == all.statistics())
    }

    @Test("a single replicate has no sd; all-zero gives p_present 0")
    func edges() {
        var h = CountHistogram()
        h.add(0)
        #expect(h.statistics().sd == nil && h.statistics().pPresent == 0 && h.statistics().quantiles?.q95 == 0)
    }
}
