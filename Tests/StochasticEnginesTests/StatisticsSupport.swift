import Foundation

/// Goodness-of-fit helpers for the engine tests (written here, independent of the engines).
enum Stat {
    /// Upper α-quantile of χ² with `df` degrees of freedom by the Wilson–Hilferty
    /// cube-root normal approximation (accurate to a few % for df ≥ 3), with
    /// `z` the upper α-quantile of the standard normal (α = 1e-4: z = 3.719).
    static func chiSquareCritical(df: Int, z: Double = 3.719) -> Double {
        let k = Double(df)
        let c = 1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot()
        return k * c * c * c
    }

    /// Pearson's χ² of `observed` counts against `probabilities` (summing to ≤ 1; the
    /// remainder is an implicit tail bin). Bins whose expected count is below 5 are pooled
    /// into the tail bin. Returns the statistic and its degrees of freedom.
    static func chiSquare(observed: [Int], tail observedTail: Int, probabilities: [Double], draws: Int) -> (statistic: Double, df: Int) {
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
            stat += .infinity // far more mass in the tail than the law allows
        }
        return (stat, bins - 1)
    }

    static func logFactorial(_ k: Int) -> Double { lgamma(Double(k) + 1) }

    static func poissonPMF(_ k: Int, mean: Double) -> Double {
        mean == 0 ? (k == 0 ? 1 : 0) : exp(Double(k) * log(mean) - mean - logFactorial(k))
    }

    /// `|x̂ − μ| / se`.
    static func z(_ estimate: Double, _ exact: Double, standardError: Double) -> Double {
        abs(estimate - exact) / standardError
    }
}
