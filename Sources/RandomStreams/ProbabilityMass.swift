import Foundation

/// Logarithms of Poisson and binomial probabilities, accurate for huge arguments.
///
/// The textbook forms `k·log λ − λ − log k!` and
/// `log n! − log k! − log(n−k)! + k·log p + (n−k)·log q` subtract numbers of
/// size `n·log n`: at n = 10⁹ they lose six digits, at n = 2⁵³ all of them.
/// These functions use instead the saddle-point expansion of C. Loader (2000),
/// "Fast and accurate computation of binomial probabilities" (technical note,
/// r-project.org/doc/reports/CLoader-dbinom-2002.pdf; the method behind R's
/// `dpois` and `dbinom`):
///
///     log Pois(k; λ)  = −δ(k) − D(k; λ) − ½·log(2πk)                    (k ≥ 1)
///     log Bin(k; n,p) = δ(n) − δ(k) − δ(n−k) − D(k; np) − D(n−k; nq)
///                       + ½·log(n / (2π·k·(n−k)))                      (0 < k < n)
///
/// with the Stirling remainder `δ(m) = log m! − (m+½)·log m + m − ½·log 2π`
/// and the deviance `D(x; M) = x·log(x/M) + M − x ≥ 0`. No term is much
/// larger than the result and none cancels another, so the result carries an
/// error of a few ulps of the log-probability itself, whatever n or λ
/// (tested to 1e-12 against exact recurrences at λ = 1e15 and n = 2⁵³).
///
/// Complexity O(1) per call (at most ~25 series terms).
public enum ProbabilityMass {
    /// `log P(X = k)` for `X ~ Poisson(mean)`; `−∞` for `k < 0`.
    ///
    /// - Precondition: `mean ≥ 0` and finite.
    public static func logPoisson(_ k: Int, mean: Double) -> Double {
        precondition(mean >= 0 && mean.isFinite, "Poisson mean must be finite and ≥ 0, got \(mean)")
        if k < 0 { return -.infinity }
        if mean == 0 { return k == 0 ? 0 : -.infinity }
        return logPoissonUnchecked(Double(k), mean: mean)
    }

    /// `log P(X = k)` for `X ~ Binomial(count, probability)`; `−∞` outside `0…count`.
    ///
    /// - Precondition: `count ≥ 0`, `0 ≤ probability ≤ 1`.
    public static func logBinomial(_ k: Int, count n: Int, probability p: Double) -> Double {
        precondition(n >= 0, "binomial count must be ≥ 0, got \(n)")
        precondition(p >= 0 && p <= 1, "binomial probability must be in [0, 1], got \(p)")
        if k < 0 || k > n { return -.infinity }
        if p == 0 { return k == 0 ? 0 : -.infinity }
        if p == 1 { return k == n ? 0 : -.infinity }
        // Bin(k; n, p) = Bin(n−k; n, 1−p): evaluate with the smaller probability
        // s (1 − p is exact for p > 0.5 by Sterbenz's lemma), so n·s is accurate.
        let (j, s) = p <= 0.5 ? (k, p) : (n - k, 1 - p)
        return logBinomialUnchecked(Double(j), count: Double(n), p: s, q: 1 - s, np: Double(n) * s)
    }

    /// `log Pois(k; λ)` for an integer-valued `k ≥ 0` and `λ > 0` (no checks).
    @usableFromInline
    static func logPoissonUnchecked(_ k: Double, mean lambda: Double) -> Double {
        if k == 0 { return -lambda }
        return -stirlingError(k) - deviance(k, mean: lambda, difference: k - lambda)
            - 0.5 * log(2 * Double.pi * k)
    }

    /// `log Bin(k; n, p)` for integer-valued `0 ≤ k ≤ n`, `0 < p < 1` (no checks).
    ///
    /// `q = 1 − p` and `np = n·p` are passed in so callers compute them once;
    /// the deviance of `n − k` about `nq` uses the difference `np − k`, which
    /// avoids subtracting two numbers of size n.
    @usableFromInline
    static func logBinomialUnchecked(_ k: Double, count n: Double, p: Double, q: Double, np: Double) -> Double {
        if k == 0 { return n * log1p(-p) }
        if k == n { return n * log(p) }
        let nq = n * q
        let lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
            - deviance(k, mean: np, difference: k - np)
            - deviance(n - k, mean: nq, difference: np - k)
        return lc + 0.5 * log(n / (2 * Double.pi * k * (n - k)))
    }

    /// The Stirling remainder `δ(m) = log m! − (m+½)·log m + m − ½·log 2π`, m ≥ 1.
    ///
    /// For m ≤ 15 it is evaluated from that definition with the exact factorial
    /// (m! < 2⁵³, so `log m!` is correctly rounded; absolute error below 1e-14).
    /// For m > 15 the asymptotic series
    /// `δ(m) = 1/(12m) − 1/(360m³) + 1/(1260m⁵) − 1/(1680m⁷) + 1/(1188m⁹)`
    /// (Bernoulli numbers B₂…B₁₀) is used; its truncation error is below the
    /// next term, 691/(360360·m¹¹) < 2e-16·δ(m) at m = 16.
    @usableFromInline
    static func stirlingError(_ m: Double) -> Double {
        if m <= 15 {
            var factorial = 1.0
            var j = 2.0
            while j <= m { factorial *= j; j += 1 }
            return log(factorial) - (m + 0.5) * log(m) + m - 0.5 * log(2 * Double.pi)
        }
        let r = 1 / m
        let r2 = r * r
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))))
    }

    /// The deviance `D(x; M) = x·log(x/M) + M − x` for `x ≥ 0`, `M > 0`,
    /// given the difference `d = x − M` computed accurately by the caller.
    ///
    /// When `|d| < 0.1·(x + M)` the direct form cancels; with `v = d/(x+M)`,
    /// `log(x/M) = 2·artanh v`, which gives the alternating-free series
    /// `D = d·v + 2x·(v³/3 + v⁵/5 + v⁷/7 + …)` (Loader 2000, eq. for `bd0`),
    /// summed until the terms no longer change the sum (|v| < 0.1, so at most
    /// ~9 terms). Otherwise the direct form is accurate to a few ulps.
    @usableFromInline
    static func deviance(_ x: Double, mean m: Double, difference d: Double) -> Double {
        if x == 0 { return m }
        let s = x + m
        if abs(d) < 0.1 * s {
            let v = d / s
            let v2 = v * v
            var power = 2 * x * v   // 2x·v^(2j+1), starting at j = 0
            var sum = d * v
            var j = 1.0
            while true {
                power *= v2
                let next = sum + power / (2 * j + 1)
                if next == sum { return sum }
                sum = next
                j += 1
            }
        }
        return x * log(x / m) - d
    }
}
