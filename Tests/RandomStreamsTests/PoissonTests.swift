import Foundation
import RandomStreams
import TestSupport
import Testing

@Suite("Poisson variates")
struct PoissonTests {
    struct Case: Sendable, CustomStringConvertible {
        let mean: Double
        let draws: Int
        var description: String { "mean \(mean), \(draws) draws" }
    }

    /// Inversion below 10 (1e-3, 0.5, 9.99), PTRS from 10 (10, 37.5, 1e4, 1e9).
    static let cases: [Case] = [
        Case(mean: 1e-3, draws: 400_000),
        Case(mean: 0.5, draws: 200_000),
        Case(mean: 9.99, draws: 200_000),
        Case(mean: 10, draws: 200_000),
        Case(mean: 37.5, draws: 200_000),
        Case(mean: 1e4, draws: 200_000),
        Case(mean: 1e9, draws: 200_000),
    ]

    /// Chi-square against the exact pmf `λᵏe^{−λ}/k!` (lgamma, log space) on
    /// λ ± (9σ + 25); pass if χ² ≤ the α = 1e-4 Wilson–Hilferty critical value.
    /// Even at λ = 1e9 this is the exact pmf, not a normal approximation. Two
    /// binnings (`GoodnessOfFit.chiSquareFineAndCoarse`): fine bins see tail
    /// errors, coarse bins see small shape errors in wide distributions.
    @Test("chi-square against the exact pmf", arguments: cases)
    func chiSquare(_ c: Case) {
        var rng = Philox4x64(stream: StreamID(seed: 1001, point: UInt64(c.mean * 1000), replicate: 0))
        let xs = (0..<c.draws).map { _ in Sampler.poisson(mean: c.mean, using: &rng) }
        let sd = c.mean.squareRoot()
        let lo = max(0, Int((c.mean - 9 * sd - 25).rounded(.down)))
        let hi = Int((c.mean + 9 * sd + 25).rounded(.up))
        for result in GoodnessOfFit.chiSquareFineAndCoarse(xs, support: lo...hi, logPMF: {
            Reference.logPoisson($0, mean: c.mean)
        }) {
            #expect(abs(result.missingMass) < 1e-5, "\(result)")  // lgamma cancellation at λ = 1e9: ~1e-7
            #expect(result.passes, "\(result)")
        }
    }

    @Test("mean 0 returns 0 without drawing")
    func zeroMean() {
        var rng = CountingGenerator(Philox4x64(key: (0, 0)))
        #expect((0..<100).allSatisfy { _ in Sampler.poisson(mean: 0, using: &rng) == 0 })
        #expect(rng.count == 0)
    }

    /// At λ = 1e-8, X > 0 iff u > e^{−λ}. Bisection over the 2⁵³-point lattice
    /// of `uniform` finds the exact fraction of lattice points that give X > 0:
    /// it must equal 1 − e^{−λ} = 9.99999995e-9 to 1e-6 relative (the lattice
    /// resolves ~1e-8 relative here). Any error in the threshold above ~1e-14
    /// absolute fails this (e.g. e^{−λ} rounded through Float gives P = 0).
    @Test("λ = 1e-8: P(X > 0) = 1 − e^{−λ} on the uniform lattice")
    func tinyMeanThreshold() {
        let lambda = 1e-8
        func draw(_ j: UInt64) -> Int {
            var g = ScriptedGenerator([ScriptedGenerator.word(lattice: j)])
            return Sampler.poisson(mean: lambda, using: &g)
        }
        var lo: UInt64 = 1              // draw(lo) == 0
        var hi: UInt64 = (1 << 53) - 1  // draw(hi) > 0
        #expect(draw(lo) == 0 && draw(hi) == 1)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if draw(mid) == 0 { lo = mid } else { hi = mid }
        }
        let pPositive = Double((1 << 53) - hi) / Double((1 << 53) - 1)
        let exact = -expm1(-lambda)
        #expect(abs(pPositive / exact - 1) < 1e-6)
        #expect(draw((1 << 53) - 1) == 1)  // the largest u: still 1, since P(X ≥ 2) ≈ 5e-17 < 2⁻⁵³
    }

    /// λ = 1e-5 with N = 1 000 000 draws: the number of non-zero draws is
    /// Binomial(N, 1 − e^{−λ}) ≈ Poisson(10). It must lie in the central
    /// region with exact Poisson(10) tail probability ≥ 5e-5 on each side
    /// (1…24). This end-to-end check through Philox catches a sampler that
    /// never, or far too often (≥ 4×), produces the rare event; the precise
    /// check of the threshold is the lattice test above.
    @Test("λ = 1e-5: the rare-event count matches Poisson(10)")
    func rareEventCount() {
        var rng = Philox4x64(stream: StreamID(seed: 1002, point: 0, replicate: 0))
        var positives = 0
        for _ in 0..<1_000_000 where Sampler.poisson(mean: 1e-5, using: &rng) > 0 { positives += 1 }
        let expected = 1e6 * -expm1(-1e-5)
        let lower = (0...).first { k in (0...k).reduce(0.0) { $0 + exp(Reference.logPoisson($1, mean: expected)) } >= 5e-5 }!
        let upper = (0...).first { k in (0...k).reduce(0.0) { $0 + exp(Reference.logPoisson($1, mean: expected)) } >= 1 - 5e-5 }!
        #expect((lower...upper).contains(positives), "\(positives) not in \(lower)...\(upper)")
    }

    /// Beyond the chi-square range: z-scores of the sample mean (σ = √λ) and
    /// variance (about the true mean) with N = 100 000; |z| < 5 each.
    @Test("huge means: sample mean and variance match λ", arguments: [1e12, 0x1p52])
    func hugeMeanMoments(_ lambda: Double) {
        var rng = Philox4x64(stream: StreamID(seed: 1003, point: UInt64(lambda.exponent), replicate: 0))
        let xs = (0..<100_000).map { _ in Double(Sampler.poisson(mean: lambda, using: &rng)) }
        let zMean = Moments.meanZ(xs, mean: lambda, sd: lambda.squareRoot())
        let zVar = Moments.varianceZ(xs, mean: lambda, variance: lambda)
        #expect(abs(zMean) < 5 && abs(zVar) < 5, "z(mean) = \(zMean), z(var) = \(zVar)")
    }
}
