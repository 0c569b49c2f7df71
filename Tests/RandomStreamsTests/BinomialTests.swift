import Foundation
import RandomStreams
import TestSupport
import Testing

@Suite("Binomial variates")
struct BinomialTests {
    struct Case: Sendable, CustomStringConvertible {
        let n: Int
        let p: Double
        let draws: Int
        var description: String { "n = \(n), p = \(p), \(draws) draws" }
    }

    /// With s = min(p, 1−p): inversion when n·s < 10 — (10, 0.3), (1000, 0.002),
    /// (1e9, 1e-12), (50, 0.97) and (1e6, 0.999999) by symmetry; BTRS from
    /// n·s = 10 — (100, 0.1) at the switch, (1e9, 1e-8), (1e9, 1e-6), (1e9, 0.5).
    static let cases: [Case] = [
        Case(n: 10, p: 0.3, draws: 200_000),
        Case(n: 1000, p: 0.002, draws: 200_000),
        Case(n: 1_000_000_000, p: 1e-12, draws: 400_000),
        Case(n: 50, p: 0.97, draws: 200_000),
        Case(n: 1_000_000, p: 0.999999, draws: 200_000),
        Case(n: 100, p: 0.1, draws: 200_000),
        Case(n: 1_000_000_000, p: 1e-8, draws: 200_000),
        Case(n: 1_000_000_000, p: 1e-6, draws: 200_000),
        Case(n: 1_000_000_000, p: 0.5, draws: 200_000),
    ]

    /// Chi-square against the exact pmf `C(n,k)pᵏqⁿ⁻ᵏ` (lgamma, log space) on
    /// np ± (9σ + 25) clipped to [0, n]; pass if χ² ≤ the α = 1e-4
    /// Wilson–Hilferty critical value, with fine and coarse bins
    /// (`GoodnessOfFit.chiSquareFineAndCoarse`). (1e9, 0.5) uses the exact pmf
    /// too, not a normal approximation.
    @Test("chi-square against the exact pmf", arguments: cases)
    func chiSquare(_ c: Case) {
        var rng = Philox4x64(stream: StreamID(seed: 2001, point: UInt64(c.n) &+ c.p.bitPattern, replicate: 0))
        let xs = (0..<c.draws).map { _ in Sampler.binomial(count: c.n, probability: c.p, using: &rng) }
        let mean = Double(c.n) * c.p
        let sd = (mean * (1 - c.p)).squareRoot()
        let lo = max(0, Int((mean - 9 * sd - 25).rounded(.down)))
        let hi = min(c.n, Int((mean + 9 * sd + 25).rounded(.up)))
        for result in GoodnessOfFit.chiSquareFineAndCoarse(xs, support: lo...hi, logPMF: {
            Reference.logBinomial($0, count: c.n, probability: c.p)
        }) {
            #expect(abs(result.missingMass) < 1e-5, "\(result)")  // lgamma cancellation at n = 1e9: ~2e-6
            #expect(result.passes, "\(result)")
        }
    }

    @Test("n = 0, p = 0 and p = 1 are exact and draw nothing")
    func edgeCases() {
        var rng = CountingGenerator(Philox4x64(key: (0, 0)))
        #expect(Sampler.binomial(count: 0, probability: 0.3, using: &rng) == 0)
        #expect(Sampler.binomial(count: 1_000_000_000, probability: 0, using: &rng) == 0)
        #expect(Sampler.binomial(count: 1_000_000_000, probability: 1, using: &rng) == 1_000_000_000)
        #expect(Sampler.binomial(count: 1 << 53, probability: 1, using: &rng) == 1 << 53)
        #expect(rng.count == 0)
    }

    /// P(X > 0) on the 2⁵³-point lattice of `uniform`, found by bisection,
    /// against the exact `1 − (1−p)ⁿ = −expm1(n·log1p(−p))`:
    /// (1e9, 1e-12) to 1e-9 relative (the naive `pow(1 − p, n)` is off by 9e-5
    /// here, since 1 − 1e-12 rounds), and (1, 1e-12) to 1e-3 relative (the
    /// lattice spacing 1.1e-16 is 1e-4 of p).
    @Test("rare events: P(X > 0) is exact on the uniform lattice",
          arguments: [(1_000_000_000, 1e-12, 1e-9), (1, 1e-12, 1e-3)])
    func rareEventThreshold(_ n: Int, _ p: Double, _ tolerance: Double) {
        func draw(_ j: UInt64) -> Int {
            var g = ScriptedGenerator([ScriptedGenerator.word(lattice: j)])
            return Sampler.binomial(count: n, probability: p, using: &g)
        }
        var lo: UInt64 = 1
        var hi: UInt64 = (1 << 53) - 1
        #expect(draw(lo) == 0 && draw(hi) > 0)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if draw(mid) == 0 { lo = mid } else { hi = mid }
        }
        let pPositive = Double((1 << 53) - hi) / Double((1 << 53) - 1)
        let exact = -expm1(Double(n) * log1p(-p))
        #expect(abs(pPositive / exact - 1) < tolerance)
    }

    /// n = 2⁵³ (the largest supported count) by BTRS (p = 0.25, 0.75) and by
    /// inversion (p = 1e-15, n·p ≈ 9.007): z-scores of the sample mean and of
    /// the variance about the true mean, N = 100 000; |z| < 5 each.
    @Test("n = 2⁵³: sample mean and variance match np and npq", arguments: [0.25, 0.75, 1e-15])
    func hugeCountMoments(_ p: Double) {
        let n = 1 << 53
        var rng = Philox4x64(stream: StreamID(seed: 2002, point: p.bitPattern, replicate: 0))
        let xs = (0..<100_000).map { _ in Double(Sampler.binomial(count: n, probability: p, using: &rng)) }
        let mean = Double(n) * p
        let variance = mean * (1 - p)
        let zMean = Moments.meanZ(xs, mean: mean, sd: variance.squareRoot())
        let zVar = Moments.varianceZ(xs, mean: mean, variance: variance)
        #expect(abs(zMean) < 5 && abs(zVar) < 5, "z(mean) = \(zMean), z(var) = \(zVar)")
    }
}
