import Foundation

/// Exact pmfs and CDFs, computed independently of the code under test.
///
/// The pmfs use `lgamma` directly (the textbook form): at n or λ ~ 1e9 the
/// terms cancel from ~2e10, leaving an absolute error of a few 1e-6 in the
/// log-pmf, i.e. a relative error of a few 1e-6 in each expected count,
/// far below what a chi-square test with ~1e5 samples resolves (~1e-2).
public enum Reference {
    public static func logPoisson(_ k: Int, mean: Double) -> Double {
        if k < 0 { return -.infinity }
        return Double(k) * log(mean) - mean - logFactorial(k)
    }

    /// The Poisson pmf `λᵏe^{−λ}/k!`, with the point mass at 0 for `λ = 0`.
    public static func poissonPMF(_ k: Int, mean: Double) -> Double {
        mean == 0 ? (k == 0 ? 1 : 0) : exp(logPoisson(k, mean: mean))
    }

    /// `ln k!`.
    public static func logFactorial(_ k: Int) -> Double { lgamma(Double(k) + 1) }

    public static func logBinomial(_ k: Int, count n: Int, probability p: Double) -> Double {
        if k < 0 || k > n { return -.infinity }
        let (kd, nd) = (Double(k), Double(n))
        let logChoose = lgamma(nd + 1) - lgamma(kd + 1) - lgamma(nd - kd + 1)
        let logP = k == 0 ? 0 : kd * log(p)
        let logQ = k == n ? 0 : (nd - kd) * log1p(-p)
        return logChoose + logP + logQ
    }

    public static func normalCDF(_ x: Double, mean: Double = 0, sd: Double = 1) -> Double {
        0.5 * erfc(-(x - mean) / (sd * 2.0.squareRoot()))
    }

    /// The regularised lower incomplete gamma function `P(a, x) = γ(a, x)/Γ(a)`.
    ///
    /// For `x < a + 1` the series `P = e^{−x}·x^a/Γ(a+1) · Σₙ xⁿ/((a+1)…(a+n))`;
    /// otherwise `1 − Q` with Legendre's continued fraction
    /// `Q = e^{−x}·x^a/Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …)))`,
    /// evaluated by the modified Lentz method (Abramowitz & Stegun 6.5.29,
    /// 6.5.31). Both converge to ~1e-15 relative.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = 1.0
            while abs(term) > abs(sum) * 1e-17 {
                term *= x / (a + n)
                sum += term
                n += 1
            }
            return sum * exp(logPrefix)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while true {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return 1 - exp(logPrefix) * h
    }
}
