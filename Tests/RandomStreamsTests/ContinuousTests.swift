import Foundation
import RandomStreams
import TestSupport
import Testing

/// Kolmogorov–Smirnov tests of the continuous samplers against exact CDFs.
///
/// Each case draws N = 100 000 variates from its own stream; D must stay below
/// the asymptotic α = 0.001 critical value 1.9495/√N ≈ 0.00616. A 5% error in
/// a scale parameter moves D to ~0.012 (see `PowerTests`).
@Suite("Continuous variates")
struct ContinuousTests {
    static let draws = 100_000

    static func ks(_ point: UInt64, cdf: (Double) -> Double,
                   draw: (inout Philox4x64) -> Double) -> (d: Double, critical: Double) {
        var rng = Philox4x64(stream: StreamID(seed: 4001, point: point, replicate: 0))
        let xs = (0..<draws).map { _ in draw(&rng) }
        return (GoodnessOfFit.kolmogorovSmirnov(xs, cdf: cdf),
                GoodnessOfFit.kolmogorovSmirnovCritical(count: draws))
    }

    @Test("exponential(rate: 2.5) against 1 − e^{−2.5x}")
    func exponential() {
        let r = Self.ks(0, cdf: { -expm1(-2.5 * $0) }) { Sampler.exponential(rate: 2.5, using: &$0) }
        #expect(r.d < r.critical, "D = \(r.d)")
    }

    @Test("normal(mean: −3, sd: 2) against Φ((x + 3)/2)")
    func normal() {
        let r = Self.ks(1, cdf: { Reference.normalCDF($0, mean: -3, sd: 2) }) {
            Sampler.normal(mean: -3, sd: 2, using: &$0)
        }
        #expect(r.d < r.critical, "D = \(r.d)")
    }

    /// Both halves of the Box–Muller pair are N(0, 1) (KS), and uncorrelated:
    /// |r·√N| < 5 (under independence r·√N is standard normal).
    @Test("normalPair: both components standard normal and uncorrelated")
    func normalPair() {
        var rng = Philox4x64(stream: StreamID(seed: 4001, point: 2, replicate: 0))
        let pairs = (0..<Self.draws).map { _ in Sampler.normalPair(using: &rng) }
        let critical = GoodnessOfFit.kolmogorovSmirnovCritical(count: Self.draws)
        let d0 = GoodnessOfFit.kolmogorovSmirnov(pairs.map(\.0)) { Reference.normalCDF($0) }
        let d1 = GoodnessOfFit.kolmogorovSmirnov(pairs.map(\.1)) { Reference.normalCDF($0) }
        #expect(d0 < critical && d1 < critical, "D = \(d0), \(d1)")
        let r = pairs.reduce(0.0) { $0 + $1.0 * $1.1 } / Double(Self.draws)
        #expect(abs(r * Double(Self.draws).squareRoot()) < 5)
    }

    @Test("lognormal(mu: 1, sigma: 0.5) against Φ((log x − 1)/0.5)")
    func lognormal() {
        let r = Self.ks(3, cdf: { $0 <= 0 ? 0 : Reference.normalCDF(log($0), mean: 1, sd: 0.5) }) {
            Sampler.lognormal(mu: 1, sigma: 0.5, using: &$0)
        }
        #expect(r.d < r.critical, "D = \(r.d)")
    }

    /// lognormal(mean: 2, coefficientOfVariation: 0.8): the sample mean has
    /// |z| < 5 against 2 (σ_X = 1.6), the sample variance |z| < 5 against
    /// (0.8·2)² = 2.56, and KS passes against the lognormal with
    /// σ² = log(1 + cv²), μ = log 2 − σ²/2.
    @Test("lognormal from mean and coefficient of variation")
    func lognormalFromMoments() {
        var rng = Philox4x64(stream: StreamID(seed: 4001, point: 4, replicate: 0))
        let xs = (0..<Self.draws).map { _ in Sampler.lognormal(mean: 2, coefficientOfVariation: 0.8, using: &rng) }
        let zMean = Moments.meanZ(xs, mean: 2, sd: 1.6)
        let zVar = Moments.varianceZ(xs, mean: 2, variance: 2.56)
        #expect(abs(zMean) < 5 && abs(zVar) < 5, "z(mean) = \(zMean), z(var) = \(zVar)")
        let s2 = log(1 + 0.64)
        let d = GoodnessOfFit.kolmogorovSmirnov(xs) { Reference.normalCDF(log($0), mean: log(2) - s2 / 2, sd: s2.squareRoot()) }
        #expect(d < GoodnessOfFit.kolmogorovSmirnovCritical(count: Self.draws), "D = \(d)")
    }

    /// Gamma(shape k, scale 2) against the regularised incomplete gamma
    /// `P(k, x/2)`: k = 0.05 and 0.3 exercise the `U^{1/k}` boost, k = 1, 2.5
    /// and 40 Marsaglia–Tsang directly.
    @Test("gamma against the regularised incomplete gamma CDF", arguments: [0.05, 0.3, 1, 2.5, 40])
    func gamma(_ shape: Double) {
        let r = Self.ks(10 + UInt64(shape * 100), cdf: { Reference.regularizedGammaP(shape, $0 / 2) }) {
            Sampler.gamma(shape: shape, scale: 2, using: &$0)
        }
        #expect(r.d < r.critical, "shape \(shape): D = \(r.d)")
    }

    /// normal(mean: 10, sd: 2, atLeast: 10 + 2a) against the truncated CDF
    /// `1 − Q(z)/Q(a)` (Q the upper normal tail, `erfc(z/√2)/2`, so the deep
    /// tail a = 8 keeps its precision): a = −1 and 0.3 take the rejection
    /// branch, 0.46, 2 and 8 Robert's exponential proposal. Every draw must
    /// also respect the bound.
    @Test("truncated normal against its exact CDF", arguments: [-1.0, 0.3, 0.46, 2, 8])
    func truncatedNormal(_ a: Double) {
        let q = { (z: Double) in erfc(z / 2.0.squareRoot()) / 2 }
        var below = 0
        let r = Self.ks(40 + UInt64((a + 2) * 10), cdf: { x in
            let z = (x - 10) / 2
            return z <= a ? 0 : 1 - q(z) / q(a)
        }) { rng in
            let x = Sampler.normal(mean: 10, sd: 2, atLeast: 10 + 2 * a, using: &rng)
            if x < 10 + 2 * a { below += 1 }
            return x
        }
        #expect(below == 0)
        #expect(r.d < r.critical, "D = \(r.d)")
    }

    @Test("truncated normal with sd 0 is the larger of mean and bound")
    func truncatedNormalDegenerate() {
        var rng = Philox4x64(stream: StreamID(seed: 4001, point: 60, replicate: 0))
        #expect(Sampler.normal(mean: 3, sd: 0, atLeast: 5, using: &rng) == 5)
        #expect(Sampler.normal(mean: 7, sd: 0, atLeast: 5, using: &rng) == 7)
    }
}
