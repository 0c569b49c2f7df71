import Foundation

/// Goodness-of-fit statistics, implemented here so the tests do not rely on
/// the code under test; shared by every test target that needs them.
public enum GoodnessOfFit {
    /// `z` with `P(Z > z) = 1e-4` for a standard normal Z (published quantile).
    public static let zUpper1e4 = 3.719016485455709

    /// The upper α = 1e-4 quantile of χ²(ν), Wilson–Hilferty (1931) approximation.
    ///
    /// `(χ²/ν)^{1/3}` is close to normal with mean `1 − 2/(9ν)` and variance
    /// `2/(9ν)`, so `χ²_{1−α} ≈ ν·(1 − 2/(9ν) + z_{1−α}·√(2/(9ν)))³`. At
    /// α = 1e-4 it overestimates the exact quantile by 7% at ν = 1 (16.21 vs
    /// 15.14, i.e. an actual α of 6e-5), 1.1% at ν = 10, 0.07% at ν = 100 and
    /// less beyond: slightly lenient for few bins, exact enough for many.
    public static func chiSquareCritical(degreesOfFreedom nu: Int) -> Double {
        let v = Double(nu)
        let h = 2 / (9 * v)
        let c = 1 - h + zUpper1e4 * h.squareRoot()
        return v * c * c * c
    }

    /// Chi-square test of integer samples against an exact pmf given in log space.
    ///
    /// Each integer of `support` is a bin with expected count `N·exp(logPMF(k))`;
    /// walking upward, bins are pooled until the expected count reaches
    /// `minExpected` (≥ 5, the usual validity rule); a final short bin joins the
    /// previous one. `support` must hold all but a negligible mass (reported as
    /// `missingMass`); samples outside it are counted in `outside`, which fails
    /// the test. Larger `minExpected` gives fewer, fuller bins, which is what
    /// wide distributions (σ ~ 1e4) need for power against shape errors.
    public static func chiSquare(_ samples: [Int], support: ClosedRange<Int>, minExpected: Double = 5,
                          logPMF: (Int) -> Double) -> ChiSquareResult {
        let table = Table(samples, support: support, logPMF: logPMF)
        let result = table.test(minExpected: minExpected)
        precondition(result.degreesOfFreedom >= 1, "a chi-square test needs two bins; lower minExpected")
        return result
    }

    /// The chi-square test twice: with fine bins (≥ 5 expected counts) and
    /// with coarse bins (≥ N/500, so about 500 bins).
    ///
    /// Fine bins resolve the tails (a clipped or inflated tail beyond 3σ shows
    /// up in bins of its own) but, in wide distributions, spread a smooth
    /// shape error over thousands of degrees of freedom; coarse bins catch
    /// that (the critical value exceeds the df by ~3.7·√(2·df): ~120 rather
    /// than ~1000) but pool each whole tail into one bin. The coarse pass is
    /// dropped where it would leave fewer than 2 degrees of freedom (e.g. a
    /// Poisson with mean 1e-3, whose mass outside 0 is below N/500).
    public static func chiSquareFineAndCoarse(_ samples: [Int], support: ClosedRange<Int>,
                                       logPMF: (Int) -> Double) -> [ChiSquareResult] {
        let table = Table(samples, support: support, logPMF: logPMF)
        let fine = table.test(minExpected: 5)
        precondition(fine.degreesOfFreedom >= 1, "a chi-square test needs two bins")
        let coarse = table.test(minExpected: max(5, Double(samples.count) / 500))
        return coarse.degreesOfFreedom >= 2 ? [fine, coarse] : [fine]
    }

    /// Pearson's χ² of `observed` counts against `probabilities` (summing to
    /// ≤ 1; the remainder is an implicit tail bin holding `observedTail`), over
    /// `draws` samples. Bins whose expected count is below 5 are pooled into
    /// the tail bin; a tail of expected count below 5 that holds more than 10
    /// samples above it makes the statistic infinite (far more mass in the
    /// tail than the law allows). Returns the statistic and its degrees of
    /// freedom (bins − 1), to compare with `chiSquareCritical`.
    public static func chiSquare(observed: [Int], tail observedTail: Int, probabilities: [Double],
                                 draws: Int) -> (statistic: Double, df: Int) {
        let n = Double(draws)
        var stat = 0.0
        var bins = 0
        var pooledObserved = observedTail
        var pooledExpected = n * max(0, 1 - probabilities.reduce(0, +))
        for (o, p) in zip(observed, probabilities) {
            let e = n * p
            if e < 5 {
                pooledObserved += o
                pooledExpected += e
                continue
            }
            stat += (Double(o) - e) * (Double(o) - e) / e
            bins += 1
        }
        if pooledExpected >= 5 {
            stat += (Double(pooledObserved) - pooledExpected) * (Double(pooledObserved) - pooledExpected) / pooledExpected
            bins += 1
        } else if pooledObserved > Int(pooledExpected) + 10 {
            stat += .infinity
        }
        return (stat, bins - 1)
    }

    /// Observed and expected counts per integer of the support.
    private struct Table {
        let expected: [Double]
        let observed: [Int]
        let outside: Int
        let missingMass: Double

        init(_ samples: [Int], support: ClosedRange<Int>, logPMF: (Int) -> Double) {
            let n = Double(samples.count)
            var observed = [Int](repeating: 0, count: support.count)
            var outside = 0
            for x in samples {
                if support.contains(x) { observed[x - support.lowerBound] += 1 } else { outside += 1 }
            }
            let pmf = support.map { exp(logPMF($0)) }
            self.expected = pmf.map { n * $0 }
            self.observed = observed
            self.outside = outside
            self.missingMass = 1 - pmf.reduce(0, +)
        }

        /// Pearson's statistic after pooling to `minExpected` (see `chiSquare`).
        func test(minExpected: Double) -> ChiSquareResult {
            var bins: [(expected: Double, observed: Int)] = []
            var e = 0.0
            var o = 0
            for i in expected.indices {
                e += expected[i]
                o += observed[i]
                if e >= minExpected {
                    bins.append((e, o))
                    e = 0
                    o = 0
                }
            }
            if let last = bins.popLast() {
                bins.append((last.expected + e, last.observed + o))
            } else {
                bins.append((e, o))
            }
            let statistic = bins.reduce(0.0) { sum, bin in
                let d = Double(bin.observed) - bin.expected
                return sum + d * d / bin.expected
            }
            let df = bins.count - 1
            return ChiSquareResult(statistic: statistic, degreesOfFreedom: df,
                                   critical: chiSquareCritical(degreesOfFreedom: max(df, 1)),
                                   outside: outside, missingMass: missingMass)
        }
    }

    /// The Kolmogorov–Smirnov statistic `D = sup |F_N(x) − F(x)|` of the samples.
    ///
    /// With the order statistics `x₍ᵢ₎`,
    /// `D = maxᵢ max(i/N − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i−1)/N)`. O(N log N).
    public static func kolmogorovSmirnov(_ samples: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = sortedFast(samples)
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        return d
    }

    /// `samples` in ascending order, by the C library's `qsort`.
    ///
    /// The generic `sorted()` runs unspecialised in debug builds (~0.4 s per
    /// 1e5 Doubles); `qsort` with a non-generic comparator is ~10× faster,
    /// which keeps the debug test suite within its time budget.
    public static func sortedFast(_ samples: [Double]) -> [Double] {
        var sorted = samples
        sorted.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            qsort(base, buffer.count, MemoryLayout<Double>.stride) { a, b in
                let (x, y) = (a!.load(as: Double.self), b!.load(as: Double.self))
                return x < y ? -1 : (x > y ? 1 : 0)
            }
        }
        return sorted
    }

    /// The asymptotic KS critical value at level α: `√(−ln(α/2)/2)/√N`.
    ///
    /// From Kolmogorov's limit `P(√N·D > t) → 2·Σ (−1)^{j−1} e^{−2j²t²}`, whose
    /// first term dominates; α = 0.001 gives `1.9495/√N`.
    public static func kolmogorovSmirnovCritical(count: Int, alpha: Double = 0.001) -> Double {
        (-log(alpha / 2) / 2).squareRoot() / Double(count).squareRoot()
    }
}
