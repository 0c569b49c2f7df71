import Foundation
import RandomStreams
import TestSupport
import Testing

/// The goodness-of-fit tests used in this target can fail: each case feeds
/// them samples from a slightly wrong distribution (a 1% parameter error, a
/// clipped tail, a missing correlation) and expects rejection. Thresholds and
/// sample sizes are those of the real tests.
@Suite("Power of the statistical tests")
struct PowerTests {
    /// Poisson(37.875) samples against the Poisson(37.5) pmf, N = 200 000:
    /// noncentrality ≈ N·(0.375)²/37.5 = 750, far above the critical ~95.
    @Test("chi-square rejects a 1% error in a Poisson mean")
    func poissonMeanShift() {
        var rng = Philox4x64(stream: StreamID(seed: 9001, point: 0, replicate: 0))
        let xs = (0..<200_000).map { _ in Sampler.poisson(mean: 37.5 * 1.01, using: &rng) }
        let result = GoodnessOfFit.chiSquare(xs, support: 0...120) { Reference.logPoisson($0, mean: 37.5) }
        #expect(!result.passes, "\(result)")
    }

    /// Poisson(1e9) samples with everything beyond ±3σ moved to ±3σ (0.27% of
    /// the mass, as a sampler with a truncated hat would do), against the exact
    /// pmf: the fine-bin pass of the real test rejects. (The coarse pass cannot:
    /// its outermost bins hold the whole tail beyond ~2.9σ.)
    @Test("chi-square sees a clipped 3σ tail at λ = 1e9")
    func poissonClippedTail() {
        let lambda = 1e9
        let sd = lambda.squareRoot()
        let (lo, hi) = (Int(lambda - 3 * sd), Int(lambda + 3 * sd))
        var rng = Philox4x64(stream: StreamID(seed: 9001, point: 1, replicate: 0))
        let xs = (0..<200_000).map { _ in min(max(Sampler.poisson(mean: lambda, using: &rng), lo), hi) }
        let support = Int(lambda - 9 * sd)...Int(lambda + 9 * sd)
        let results = GoodnessOfFit.chiSquareFineAndCoarse(xs, support: support) {
            Reference.logPoisson($0, mean: lambda)
        }
        #expect(!results[0].passes, "\(results[0])")
    }

    /// Poisson(λ + 0.05σ) samples against the Poisson(λ) pmf at λ = 1e9,
    /// N = 200 000: noncentrality ≈ N·0.05² = 500. The coarse pass of the real
    /// test rejects (critical ≈ df + 120); the fine pass, spread over ~40 000
    /// df (critical ≈ df + 1000), would not: hence both.
    @Test("coarse chi-square bins see a 0.05σ mean shift at λ = 1e9")
    func poissonHugeMeanShift() {
        let lambda = 1e9
        let sd = lambda.squareRoot()
        var rng = Philox4x64(stream: StreamID(seed: 9001, point: 5, replicate: 0))
        let xs = (0..<200_000).map { _ in Sampler.poisson(mean: lambda + 0.05 * sd, using: &rng) }
        let support = Int(lambda - 9 * sd)...Int(lambda + 9 * sd)
        let results = GoodnessOfFit.chiSquareFineAndCoarse(xs, support: support) {
            Reference.logPoisson($0, mean: lambda)
        }
        #expect(!results[1].passes, "\(results[1])")
    }

    /// Binomial(10, 0.303) samples against the Binomial(10, 0.3) pmf,
    /// N = 200 000: noncentrality ≈ N·0.03²/2.1 ≈ 86 against a critical ~34.
    @Test("chi-square rejects a 1% error in a binomial probability")
    func binomialProbabilityShift() {
        var rng = Philox4x64(stream: StreamID(seed: 9001, point: 2, replicate: 0))
        let xs = (0..<200_000).map { _ in Sampler.binomial(count: 10, probability: 0.303, using: &rng) }
        let result = GoodnessOfFit.chiSquare(xs, support: 0...10) { Reference.logBinomial($0, count: 10, probability: 0.3) }
        #expect(!result.passes, "\(result)")
    }

    /// N(0, 1.05²) samples against Φ, and Gamma(2.55) against P(2.5, ·),
    /// N = 100 000: D ≈ 0.012 against the critical 0.0062.
    @Test("KS rejects a 5% error in sd and a 2% error in a gamma shape")
    func kolmogorovSmirnovShifts() {
        var rng = Philox4x64(stream: StreamID(seed: 9001, point: 3, replicate: 0))
        let n = 100_000
        let critical = GoodnessOfFit.kolmogorovSmirnovCritical(count: n)
        let normals = (0..<n).map { _ in Sampler.normal(mean: 0, sd: 1.05, using: &rng) }
        #expect(GoodnessOfFit.kolmogorovSmirnov(normals) { Reference.normalCDF($0) } > critical)
        let gammas = (0..<n).map { _ in Sampler.gamma(shape: 2.55, scale: 1, using: &rng) }
        #expect(GoodnessOfFit.kolmogorovSmirnov(gammas) { Reference.regularizedGammaP(2.5, $0) } > critical)
    }

    /// Independent binomials per category have the right marginals but zero
    /// covariance; the covariance z-score of the real test (|z| < 5) rejects.
    @Test("the covariance z-score rejects independent binomial marginals")
    func independentMarginals() {
        let n = 1000
        let p = [0.5, 0.3, 0.15, 0.05]
        var rng = Philox4x64(stream: StreamID(seed: 9001, point: 4, replicate: 0))
        let draws = (0..<100_000).map { _ in p.map { Sampler.binomial(count: n, probability: $0, using: &rng) } }
        #expect(abs(MultinomialTests.covarianceZ(draws, 0, 1, n: n, p: p)) > 5)
    }
}
