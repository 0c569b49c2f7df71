import Foundation
import RandomStreams
import TestSupport
import Testing

/// The saddle-point log-pmfs against lgamma where that is accurate, and
/// against exact identities (ratio recurrences, normalisation, the central
/// binomial asymptotic) where lgamma is not.
@Suite("Log probability masses")
struct ProbabilityMassTests {
    /// Moderate parameters, whole support: |Δ| < 1e-10 against the lgamma form
    /// (whose own error here is below ~1e-12 absolute).
    @Test("Poisson log-pmf agrees with the lgamma form", arguments: [1e-8, 0.5, 9.99, 10, 37.5, 1000])
    func poissonAgainstLgamma(_ lambda: Double) {
        let hi = Int(lambda + 12 * lambda.squareRoot() + 30)
        for k in 0...hi {
            let a = ProbabilityMass.logPoisson(k, mean: lambda)
            let b = Reference.logPoisson(k, mean: lambda)
            #expect(abs(a - b) < 1e-10 * max(1, abs(b)), "k = \(k): \(a) vs \(b)")
        }
        #expect(ProbabilityMass.logPoisson(-1, mean: lambda) == -.infinity)
        #expect(ProbabilityMass.logPoisson(0, mean: 0) == 0)
        #expect(ProbabilityMass.logPoisson(3, mean: 0) == -.infinity)
    }

    @Test("binomial log-pmf agrees with the lgamma form",
          arguments: [(10, 0.3), (50, 0.97), (1000, 0.002), (1000, 0.5), (100, 0.1), (30, 1e-12)])
    func binomialAgainstLgamma(_ n: Int, _ p: Double) {
        for k in 0...n {
            let a = ProbabilityMass.logBinomial(k, count: n, probability: p)
            let b = Reference.logBinomial(k, count: n, probability: p)
            #expect(abs(a - b) < 1e-10 * max(1, abs(b)), "k = \(k): \(a) vs \(b)")
        }
        #expect(ProbabilityMass.logBinomial(n + 1, count: n, probability: p) == -.infinity)
        #expect(ProbabilityMass.logBinomial(0, count: n, probability: 0) == 0)
        #expect(ProbabilityMass.logBinomial(n, count: n, probability: 1) == 0)
    }

    /// λ = 1e9 and 1e15: `log p(k+1) − log p(k) = log(λ/(k+1))` to 1e-12 at
    /// k = λ − 5σ, λ, λ + 5σ (the lgamma form is off by ~1e-6 and ~1 here).
    /// Together with the normalisation below this pins the pmf down.
    @Test("Poisson ratio recurrence at huge means", arguments: [1e9, 1e15])
    func poissonRecurrence(_ lambda: Double) {
        let sd = lambda.squareRoot()
        for z in [-5.0, 0, 5] {
            let k = Int(lambda + z * sd)
            let step = ProbabilityMass.logPoisson(k + 1, mean: lambda) - ProbabilityMass.logPoisson(k, mean: lambda)
            #expect(abs(step - log(lambda / Double(k + 1))) < 1e-12, "k = \(k)")
        }
    }

    /// Σ exp(log p(k)) over mean ± 10σ equals 1 to 1e-10 at λ = 1e9 (Poisson)
    /// and n = 1e9, p = 0.5 (binomial); the omitted tails are < 1e-22.
    @Test("the log-pmfs are normalised at 1e9")
    func normalisation() {
        let lambda = 1e9
        let sd = lambda.squareRoot()
        var sum = 0.0
        for k in Int(lambda - 10 * sd)...Int(lambda + 10 * sd) { sum += exp(ProbabilityMass.logPoisson(k, mean: lambda)) }
        #expect(abs(sum - 1) < 1e-10, "Poisson: \(sum)")
        let n = 1_000_000_000
        let bsd = (Double(n) * 0.25).squareRoot()
        sum = 0
        for k in Int(5e8 - 10 * bsd)...Int(5e8 + 10 * bsd) {
            sum += exp(ProbabilityMass.logBinomial(k, count: n, probability: 0.5))
        }
        #expect(abs(sum - 1) < 1e-10, "binomial: \(sum)")
    }

    /// n = 2⁵³: the ratio `f(k+1)/f(k) = (n−k)/(k+1)·p/q` to 1e-12 in log space
    /// around the mean for p = 0.5 and 1e-9, and the central term
    /// `C(2m, m)/4ᵐ = (πm)^{−1/2}·(1 − 1/(8m) + …)` at m = 2⁵² to 1e-13.
    @Test("binomial at n = 2⁵³")
    func binomialHugeCount() {
        let n = 1 << 53
        for p in [0.5, 1e-9] {
            let mean = Double(n) * p
            let sd = (mean * (1 - p)).squareRoot()
            for z in [-5.0, 0, 5] {
                let k = Int(mean + z * sd)
                let step = ProbabilityMass.logBinomial(k + 1, count: n, probability: p)
                    - ProbabilityMass.logBinomial(k, count: n, probability: p)
                let exact = log(Double(n - k) / Double(k + 1)) + log(p) - log1p(-p)
                #expect(abs(step - exact) < 1e-12, "p = \(p), k = \(k)")
            }
        }
        let m = Double(n / 2)
        let central = ProbabilityMass.logBinomial(n / 2, count: n, probability: 0.5)
        #expect(abs(central - (-0.5 * log(Double.pi * m))) < 1e-13)
    }

    /// The end points are the closed forms `n·log1p(−p)` and `n·log p`; for p
    /// near 1, `n·log p` is evaluated as `n·log1p(−(1 − p))`, `1 − p` being exact.
    @Test("binomial end points")
    func binomialEnds() {
        let n = 1_000_000_000
        #expect(ProbabilityMass.logBinomial(0, count: n, probability: 1e-12) == Double(n) * log1p(-1e-12))
        let p = 1 - 1e-12
        #expect(ProbabilityMass.logBinomial(n, count: n, probability: p) == Double(n) * log1p(-(1 - p)))
        #expect(ProbabilityMass.logBinomial(n, count: n, probability: 0.5) == Double(n) * log(0.5))
    }
}
