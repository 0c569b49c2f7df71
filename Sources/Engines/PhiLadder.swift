import Foundation
import LinearAlgebra

/// The φ-functions `[φ₀ − I, φ₁, …, φ_K]` of `2ʲ·c·L` for integer rungs j,
/// each built from the rung below by one doubling and kept.
///
/// `PhiFunctions.evaluate(x)` scales x down by 2ˢ to a 1-norm of at most 1/4,
/// sums the Taylor series there, and doubles s times. For `x = 2ʲ·c·L` the
/// scaled matrix is rung `j − s` exactly (scaling by a power of two is exact),
/// and the doublings pass through rungs `j − s + 1, …, j`. So a ladder that
/// keeps every rung it has built gives bit for bit what `evaluate` gives, at
/// the cost of one doubling per new rung instead of `s` doublings and a Taylor
/// sum per rung. `RiccatiStepper` uses it for its power-of-two step lengths
/// (`c = 1/M`, rung j for a step of 2ʲ days).
///
/// Complexity: a rung at or below the Taylor rung costs O(m·n³) (m ≤ 20 terms);
/// above it, O(K·n³) per rung not yet built. Storage O(K·n²) per rung.
struct PhiLadder {
    let generator: Matrix
    /// The scale c of rung 0.
    let unit: Double
    /// The highest φ index K.
    let order: Int
    private let unitNorm: Double
    private var rungs: [Int: [[Double]]] = [:]

    init(generator: Matrix, unit: Double, order: Int) {
        precondition(generator.isSquare && order >= 1 && unit > 0, "a φ ladder needs a square matrix, K ≥ 1 and c > 0")
        self.generator = generator
        self.unit = unit
        self.order = order
        unitNorm = generator.scaled(by: unit).oneNorm
    }

    /// `[φ₀ − I, φ₁, …, φ_K]` of `2ʲ·c·L`, column-major n×n each.
    mutating func phi(rung j: Int) throws(LinearAlgebraError) -> [[Double]] {
        if let cached = rungs[j] { return cached }
        let s = PhiFunctions.doublings(norm: scalbn(unitNorm, j))
        if s == 0 {
            let x = generator.scaled(by: scalbn(unit, j))
            guard x.isFinite else { throw .nonFinite(operation: "φ-functions") }
            let phi = PhiFunctions.taylor(x, upTo: order)
            rungs[j] = phi
            return phi
        }
        var r = j - 1
        while r > j - s && rungs[r] == nil { r -= 1 }
        var phi = try self.phi(rung: r)
        for rung in (r + 1)...j {
            phi = PhiFunctions.doubled(phi, size: generator.rows)
            rungs[rung] = phi
        }
        return phi
    }
}
