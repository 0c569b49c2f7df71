import Foundation

/// Sample moments and z-scores against exact moments.
public enum Moments {
    /// `(mean − μ)/(σ/√N)`: standard normal for large N if μ, σ are right.
    public static func meanZ(_ xs: [Double], mean mu: Double, sd sigma: Double) -> Double {
        let n = Double(xs.count)
        let m = xs.reduce(0, +) / n
        return (m - mu) / (sigma / n.squareRoot())
    }

    /// z-score of the sample variance about the known mean μ against σ².
    ///
    /// `s² = Σ(x − μ)²/N` has mean σ² and variance `(μ₄ − σ⁴)/N`; the fourth
    /// central moment μ₄ is estimated from the sample itself.
    public static func varianceZ(_ xs: [Double], mean mu: Double, variance sigma2: Double) -> Double {
        let n = Double(xs.count)
        var s2 = 0.0
        var m4 = 0.0
        for x in xs {
            let d2 = (x - mu) * (x - mu)
            s2 += d2
            m4 += d2 * d2
        }
        s2 /= n
        m4 /= n
        return (s2 - sigma2) / ((m4 - s2 * s2) / n).squareRoot()
    }

    /// `|x̂ − μ| / se`: the size of an estimate's error in standard errors.
    public static func z(_ estimate: Double, _ exact: Double, standardError: Double) -> Double {
        abs(estimate - exact) / standardError
    }
}
