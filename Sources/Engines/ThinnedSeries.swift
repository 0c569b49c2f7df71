import Foundation

/// The probability generating function of a thinned count, truncated after
/// `z^{order−1}` and kept in a form without cancellation:
///
///     G(z) = z^shift · e^{logScale} · C(z) · exp(E(z)) + O(z^order),   C(0) = 1.
///
/// Independent factors multiply. A cell whose descendants are seen with the
/// generating function `q(z) = 1 − p(z)` (non-negative coefficients: `q_m` is
/// the probability of m seen) enters as `q(z)^cells` in `C`, normalised by its
/// first non-zero coefficient `q_v` (`z^v` goes to `shift`, `ln q_v` to
/// `logScale`); powers and products of series with non-negative coefficients
/// involve no cancellation, so every coefficient keeps its relative accuracy
/// (where the logarithm of a binomial's generating function would alternate in
/// sign and lose the zeros past n). Inflowing cells give `exp(E(z))` with
/// `E(z) = −∫ uᵀ·p(z)`, summed over changes of the inflow (whose terms may have
/// either sign) and exponentiated once at the end, when its coefficients
/// `E_m = ∫ uᵀ·q^{(m)}`, m ≥ 1, are non-negative: the exponential's recurrence
/// `h_m = (1/m)·Σ_{j=1}^m j·E_j·h_{m−j}` adds positive terms only.
/// A shift of `order` or more means `G = O(z^order)`.
///
/// Complexity: O(order²·log₂ cells) per cell factor, O(order²) per product and
/// for the final exponential.
struct ThinnedSeries: Sendable, Hashable {
    var shift = 0
    var logScale = 0.0
    /// `C(z)`, with `C(0) = 1`.
    var coefficients: [Double]
    /// `E(z)`, the inflow exponent.
    var exponent: [Double]

    /// `G = 1`: no factor yet.
    init(order: Int) {
        precondition(order >= 1, "a truncated series needs at least one coefficient")
        coefficients = [1] + [Double](repeating: 0, count: order - 1)
        exponent = [Double](repeating: 0, count: order)
    }

    var order: Int { coefficients.count }

    /// Multiplies by another factor.
    mutating func multiply(by other: ThinnedSeries) {
        shift += other.shift
        logScale += other.logScale
        coefficients = Self.product(coefficients, other.coefficients)
        for m in exponent.indices { exponent[m] += other.exponent[m] }
    }

    /// Multiplies by `(1 − p(z))^cells` for the jet `p_0, p_1, …` (`p[m·stride]`);
    /// `p_0` is clamped into [0, 1] and the coefficients `q_m = −p_m`, m ≥ 1, at 0 from below
    /// (both only against rounding).
    mutating func multiply(oneMinus p: UnsafePointer<Double>, stride: Int = 1, cells: Int) {
        guard cells > 0 else { return }
        let n = order
        var q = [Double](repeating: 0, count: n)
        q[0] = 1 - min(max(p[0], 0), 1)
        for m in 1..<n { q[m] = max(-p[m * stride], 0) }
        guard let v = q.firstIndex(where: { $0 > 0 }) else {
            shift = n
            return
        }
        let (added, overflow) = (v * cells).addingReportingOverflow(shift)
        shift = overflow ? n : min(added, n)
        guard shift < n else { return }
        logScale += Double(cells) * (v == 0 ? log1p(-min(max(p[0], 0), 1)) : log(q[v]))
        var base = [Double](repeating: 0, count: n)
        for m in 0..<(n - v) { base[m] = q[v + m] / q[v] }
        var power = [1] + [Double](repeating: 0, count: n - 1)
        var e = cells
        while true { // binary powering
            if e & 1 == 1 { power = Self.product(power, base) }
            e >>= 1
            if e == 0 { break }
            base = Self.product(base, base)
        }
        coefficients = Self.product(coefficients, power)
    }

    /// `[z^k] G` for k < order, with `ln [z^shift] G = leadingLog` when given (else from the
    /// factors). Each value is `exp(ln lead + ln c_m)`, so a tiny leading term does not
    /// underflow before the growth of the coefficients is applied; clamped to [0, 1].
    func probabilities(leadingLog: Double? = nil) -> [Double] {
        let n = order
        var result = [Double](repeating: 0, count: n)
        guard shift < n else { return result }
        var h = [1] + [Double](repeating: 0, count: n - 1)
        for m in 1..<n {
            var s = 0.0
            for j in 1...m { s += Double(j) * max(exponent[j], 0) * h[m - j] }
            h[m] = s / Double(m)
        }
        let c = Self.product(coefficients, h)
        let lead = leadingLog ?? logScale + exponent[0]
        for m in 0..<(n - shift) where c[m] > 0 {
            result[shift + m] = min(exp(lead + log(c[m])), 1)
        }
        return result
    }

    /// The Cauchy product of two series, truncated to their common length.
    static func product(_ a: [Double], _ b: [Double]) -> [Double] {
        (0..<a.count).map { k in
            var s = 0.0
            for j in 0...k { s += a[j] * b[k - j] }
            return s
        }
    }
}
