import BiologyModel
import Engines
import Foundation
@testable import MicrochimeraKit
import RateModel
import Testing

/// `PopulationMixture`'s quadrature and combination against direct numerical
/// integrals over the lognormal law of the multipliers, with the family's
/// answer in closed form at every multiplier: N(t) of a Poisson
/// immigration-death process (immigration λ·T per day, death μ·C per day,
/// empty at 0) is Poisson with mean `m = λT/(μC)·(1 − e^{−μCt})`, so given the
/// multipliers `sd = √m` and `p_present = 1 − e^{−m}`, and over the population
/// `E N = E m`, `Var N = E m + Var m`, `P(N > 0) = E[1 − e^{−m}]`.
@Suite("Population mixture: closed forms")
struct PopulationMixtureTests {
    static let (lambda, mu, t) = (2.0, 0.1, 10.0)

    /// The conditional law's mean at clearance multiplier c and transfer multiplier τ.
    static func mean(clearance c: Double, transfer tau: Double) -> Double {
        lambda * tau / (mu * c) * -expm1(-mu * c * t)
    }

    /// The lognormal multiplier with mean 1 and coefficient of variation `cv` at the standard normal deviate z.
    static func multiplier(_ cv: Double, _ z: Double) -> Double {
        let s2 = log(1 + cv * cv)
        return exp(s2.squareRoot() * z - s2 / 2)
    }

    /// `(E m, E m², E[1 − e^{−m}])` by composite Simpson's rule on z ∈ [−10, 10]
    /// in each varying dimension (1200 panels; the normal tail beyond 10 is
    /// below 1e-22), independent of the Gauss–Hermite code.
    static func integrals(clearanceCV: Double, transferCV: Double) -> (mean: Double, square: Double, present: Double) {
        let panels = 1200, h = 20.0 / Double(panels)
        let grid = (0...panels).map { i -> (z: Double, w: Double) in
            let z = -10 + Double(i) * h
            let simpson = (i == 0 || i == panels) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            return (z, simpson * h / 3 * exp(-z * z / 2) / (2 * Double.pi).squareRoot())
        }
        let transferGrid = transferCV == 0 ? [(z: 0.0, w: 1.0)] : grid
        var (e1, e2, p) = (0.0, 0.0, 0.0)
        for a in grid {
            for b in transferGrid {
                let m = mean(clearance: multiplier(clearanceCV, a.z), transfer: multiplier(transferCV, b.z))
                let w = a.w * b.w
                (e1, e2, p) = (e1 + w * m, e2 + w * m * m, p - w * expm1(-m))
            }
        }
        return (e1, e2, p)
    }

    /// The mixture of the closed-form members against the integrals: 21
    /// points agree to 1e-8 relative, 7 points to 2e-3 (the quadrature error
    /// of the default rule at these coefficients of variation).
    @Test("mean, total-variance sd and p_present over lognormal clearance and transfer match direct integrals",
          arguments: [(0.5, 0.0, 21, 1e-8), (0.5, 0.3, 21, 1e-8), (0.5, 0.3, 7, 2e-3)])
    func poissonImmigrationDeath(clearanceCV: Double, transferCV: Double, nodes: Int, tolerance: Double) {
        let spec = PopulationSpec(variation: RateVariation(clearance: clearanceCV, transfer: transferCV), nodes: nodes)
        let mixture = PopulationMixture(spec)
        #expect(mixture.members.count == (transferCV == 0 ? nodes : nodes * nodes))
        #expect(abs(mixture.members.reduce(0) { $0 + $1.weight } - 1) < 1e-14)
        #expect(mixture.members.allSatisfy { $0.multipliers.homing == 1 && $0.multipliers.selfRenewal == 1 })
        let points = mixture.members.map { member in
            let m = Self.mean(clearance: member.multipliers.clearance, transfer: member.multipliers.transfer)
            return PointStatistics(mean: m, sd: m.squareRoot(), pPresent: -expm1(-m))
        }
        let combined = mixture.combine(points)
        let exact = Self.integrals(clearanceCV: clearanceCV, transferCV: transferCV)
        let sd = (exact.mean + exact.square - exact.mean * exact.mean).squareRoot()
        #expect(abs(combined.mean / exact.mean - 1) < tolerance, "mean \(combined.mean) vs \(exact.mean)")
        #expect(abs(combined.sd! / sd - 1) < tolerance, "sd \(combined.sd!) vs \(sd)")
        #expect(abs(combined.pPresent! / exact.present - 1) < tolerance, "p_present \(combined.pPresent!) vs \(exact.present)")
        #expect(combined.quantiles == nil)

        // The same law through the assay predictions: a thinned count is Poisson(f·m).
        let f = 0.01
        let predictions = mixture.combine(points.map { [AssayPrediction(pPositive: -expm1(-f * $0.mean), meanLevel: $0.mean)] })
        #expect(abs(predictions[0].meanLevel / exact.mean - 1) < tolerance)
        #expect(predictions[0].pPositive > 0 && predictions[0].pPositive < combined.pPresent!)
    }

    /// Without variation the mixture is the family itself: one member, weight 1, multipliers 1.
    @Test("a population without variation is one member with weight 1")
    func noVariation() {
        let mixture = PopulationMixture(PopulationSpec(nodes: 7))
        #expect(mixture.members == [PopulationMixture.Member(multipliers: RateMultipliers(), weight: 1)])
    }
}
