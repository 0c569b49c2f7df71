import Foundation
import LinearAlgebra
import Testing

/// The Gauss–Hermite rule for the standard normal law against the normal
/// moments `E[Z^k] = (k − 1)!!` (k even, 0 for k odd), which the n-point
/// rule reproduces for k ≤ 2n − 1 and, being a Gauss rule, not for k = 2n.
@Suite("Gauss–Hermite rule")
struct GaussHermiteRuleTests {
    /// `E[Z^k]` for Z standard normal: `(k − 1)!! = 1·3·…·(k − 1)` for even k, 0 for odd k.
    static func normalMoment(_ k: Int) -> Double {
        guard k % 2 == 0 else { return 0 }
        return stride(from: 1, to: k, by: 2).reduce(1.0) { $0 * Double($1) }
    }

    static func quadrature(_ rule: GaussHermiteRule, power k: Int) -> Double {
        zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * pow($1.0, Double(k)) }
    }

    /// Every moment up to degree 2n − 1 to 1e-11 relative to `(k − 1)!!`
    /// (an odd moment against the scale of its even neighbour), and the
    /// moment of degree 2n too small by the Gauss error `n!` (the error
    /// of the n-point rule on x^{2n} for this law is `E[He_n²] = n!`).
    @Test("n points integrate polynomials up to degree 2n − 1 exactly, and not degree 2n", arguments: [1, 2, 3, 5, 7, 12, 21])
    func polynomialExactness(n: Int) {
        let rule = GaussHermiteRule(points: n)
        #expect(rule.nodes.count == n && rule.weights.count == n)
        for k in 0...(2 * n - 1) {
            let scale = Self.normalMoment(k % 2 == 0 ? k : k + 1)
            let error = abs(Self.quadrature(rule, power: k) - Self.normalMoment(k)) / scale
            #expect(error < 1e-11, "n = \(n), degree \(k): relative error \(error)")
        }
        let factorial = (1...n).reduce(1.0) { $0 * Double($1) }
        let shortfall = Self.normalMoment(2 * n) - Self.quadrature(rule, power: 2 * n)
        #expect(abs(shortfall - factorial) < 1e-9 * Self.normalMoment(2 * n), "n = \(n): degree 2n short by \(shortfall), expected n! = \(factorial)")
    }

    /// The 2- and 3-point rules in closed form: nodes ±1 with weights 1/2;
    /// nodes 0, ±√3 with weights 2/3, 1/6.
    @Test("the 2- and 3-point rules are the closed forms")
    func closedForms() {
        let two = GaussHermiteRule(points: 2)
        #expect(abs(two.nodes[0] + 1) < 1e-14 && abs(two.nodes[1] - 1) < 1e-14)
        #expect(two.weights.allSatisfy { abs($0 - 0.5) < 1e-14 })
        let three = GaussHermiteRule(points: 3)
        #expect(three.nodes[1] == 0 && abs(three.nodes[2] - 3.0.squareRoot()) < 1e-14 && three.nodes[0] == -three.nodes[2])
        #expect(abs(three.weights[1] - 2.0 / 3) < 1e-14 && abs(three.weights[0] - 1.0 / 6) < 1e-14 && three.weights[0] == three.weights[2])
    }
}
