import Foundation
import Optimization

/// Objectives with known minima, written out independently of the optimizer.
enum TestObjectives {
    /// Rosenbrock's banana `(1 − x)² + 100(y − x²)²`: minimum 0 at (1, 1).
    static func rosenbrock(_ x: [Double]) -> Double {
        let (a, b) = (1 - x[0], x[1] - x[0] * x[0])
        return a * a + 100 * b * b
    }

    /// `Σ wᵢ(xᵢ − cᵢ)²` with weights 1, 2, 3, …: minimum 0 at `center`.
    static func weightedQuadratic(center: [Double]) -> @Sendable ([Double]) -> Double {
        { x in zip(x, center).enumerated().reduce(0) { sum, term in
            let d = term.element.0 - term.element.1
            return sum + Double(term.offset + 1) * d * d
        } }
    }

    /// `½(x − m)ᵀH(x − m)` for a symmetric 2×2 `H = [[h00, h01], [h01, h11]]`.
    static func quadratic2D(h00: Double, h01: Double, h11: Double, m: [Double]) -> @Sendable ([Double]) -> Double {
        { x in
            let (d0, d1) = (x[0] - m[0], x[1] - m[1])
            return 0.5 * (h00 * d0 * d0 + 2 * h01 * d0 * d1 + h11 * d1 * d1)
        }
    }

    /// The negative log-likelihood of a normal mean with known σ:
    /// `Σ(xᵢ − μ)²/(2σ²)` as a function of `[μ]`.
    static func gaussianMean(data: [Double], sigma: Double) -> @Sendable ([Double]) -> Double {
        { x in data.reduce(0) { $0 + ($1 - x[0]) * ($1 - x[0]) } / (2 * sigma * sigma) }
    }
}
