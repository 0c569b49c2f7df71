import Foundation
import Optimization
import Testing

/// `ProfileLikelihood.guidedSide` against profiles known in closed form.
@Suite("Guided profile sides")
struct GuidedProfileTests {
    static let t = ProfileLikelihood.threshold95

    func bound(_ half: HalfProfile) -> Double? {
        guard case .at(let v) = half.bound else { return nil }
        return v
    }

    func sides(_ i: Int, optimum: OptimizationResult, box: Box, objective: @escaping @Sendable ([Double]) -> Double,
               firstStep: Double, tolerance: Double = 1e-4) -> (HalfProfile, HalfProfile) {
        let settings = OptimizerSettings(relativeTolerance: 1e-10, absoluteTolerance: 1e-10, maxEvaluations: 5000, initialStep: 0.02)
        let halves = ProfileSide.allCases.map {
            ProfileLikelihood.guidedSide($0, parameter: i, optimum: optimum, box: box, objective: objective, settings: settings,
                                         firstStep: firstStep, objectiveTolerance: tolerance, xTolerance: 1e-9)
        }
        return (halves[0], halves[1])
    }

    /// `½(x − m)ᵀH(x − m)`, H = [[4, 3], [3, 4]]: the profile of x₀ is
    /// `0.875·(x₀ − m₀)²`, crossing at m₀ ± √(2t/1.75). The first step is the
    /// slice's Wald distance √(2t/4), inside the crossing, as a calibration
    /// gives it. The profile is exactly quadratic, so the second point lands
    /// on the crossing (to the tolerance): two re-optimisations per side.
    @Test("a correlated quadratic: the bound is exact and found in two points per side")
    func correlatedQuadratic() throws {
        let m = [0.5, -0.2]
        let objective = TestObjectives.quadratic2D(h00: 4, h01: 3, h11: 4, m: m)
        let box = Box(lower: [-5, -5], upper: [5, 5])
        let optimum = BoundedOptimizer.minimize(objective, start: [2, 2],
                                                box: box, settings: .init(relativeTolerance: 1e-12, absoluteTolerance: 1e-14))
        let (lower, upper) = sides(0, optimum: optimum, box: box, objective: objective, firstStep: (2 * Self.t / 4).squareRoot(),
                                   tolerance: 1e-3)
        let half = (2 * Self.t / 1.75).squareRoot()
        let low = try #require(bound(lower)), high = try #require(bound(upper))
        // |p − p̂ − t| ≤ 1e-3 at the bound, so |v − crossing| ≤ 1e-3/(dp/dv) = 1e-3/(1.75·half).
        #expect(abs(low - (m[0] - half)) < 2e-3 / (1.75 * half), "lower \(low), expected \(m[0] - half)")
        #expect(abs(high - (m[0] + half)) < 2e-3 / (1.75 * half), "upper \(high), expected \(m[0] + half)")
        // overshoot 1.05 puts the second point 5% beyond: a crossing search follows, but it is short.
        #expect(lower.points.count <= 4 && upper.points.count <= 4, "\(lower.points.count) and \(upper.points.count) points")
    }

    /// A non-quadratic profile: `(e^{x₀} − e^{m})²·w/2` rises faster on the
    /// right than on the left. The crossings solve `e^{x} = e^{m} ± √(2t/w)`
    /// exactly; the walk must bracket and locate them, whatever the first step.
    @Test("an asymmetric profile: exact crossings from a poor first step", arguments: [0.01, 0.3, 3.0])
    func asymmetric(_ firstStep: Double) throws {
        let w = 50.0, m = 0.2
        let objective: @Sendable ([Double]) -> Double = { x in
            let d = exp(x[0]) - exp(m)
            return 0.5 * w * d * d + (x[1] - x[0]) * (x[1] - x[0])
        }
        let box = Box(lower: [-4, -4], upper: [4, 4])
        let optimum = BoundedOptimizer.minimize(objective, start: [0, 0], box: box,
                                                settings: .init(relativeTolerance: 1e-12, absoluteTolerance: 1e-14))
        let (lower, upper) = sides(0, optimum: optimum, box: box, objective: objective, firstStep: firstStep)
        let r = (2 * Self.t / w).squareRoot()
        let expectedLow = log(exp(m) - r), expectedHigh = log(exp(m) + r)
        let low = try #require(bound(lower)), high = try #require(bound(upper))
        #expect(abs(low - expectedLow) < 1e-3, "lower \(low), expected \(expectedLow)")
        #expect(abs(high - expectedHigh) < 1e-3, "upper \(high), expected \(expectedHigh)")
        #expect(lower.points.count + upper.points.count <= 30)
    }

    /// `(x₀ − 1)²` does not depend on x₁, and x₀'s right crossing lies beyond
    /// the box's edge: those sides end at the edge, not reached.
    @Test("a flat direction and a crossing beyond the edge are not reached")
    func notReached() {
        let objective: @Sendable ([Double]) -> Double = { x in (x[0] - 1) * (x[0] - 1) }
        let box = Box(lower: [-3, -3], upper: [2, 3])
        let optimum = BoundedOptimizer.minimize(objective, start: [0, 0.5], box: box)
        let (flatLow, flatHigh) = sides(1, optimum: optimum, box: box, objective: objective, firstStep: 0.1)
        #expect(flatLow.bound == .notReached && flatHigh.bound == .notReached)
        #expect(flatLow.points.last?.value == -3 && flatHigh.points.last?.value == 3)
        // x₀: crossings at 1 ± √t = 1 ± 1.386; the upper one (2.386) is beyond the edge 2.
        let (low, high) = sides(0, optimum: optimum, box: box, objective: objective, firstStep: 0.5)
        #expect(high.bound == .notReached)
        #expect(abs((bound(low) ?? .nan) - (1 - Self.t.squareRoot())) < 1e-3)
    }

    /// Agreement with the equal-grid walk (`side`, 8 points) on the same
    /// correlated quadratic, both to their tolerances.
    @Test("the guided and the grid walk agree")
    func agreesWithGrid() throws {
        let objective = TestObjectives.quadratic2D(h00: 2, h01: -1.2, h11: 1, m: [1, 2])
        let box = Box(lower: [-6, -6], upper: [6, 6])
        let optimum = BoundedOptimizer.minimize(objective, start: [0, 0], box: box,
                                                settings: .init(relativeTolerance: 1e-12, absoluteTolerance: 1e-14))
        for i in 0..<2 {
            let (gl, gu) = sides(i, optimum: optimum, box: box, objective: objective, firstStep: 0.2)
            let grid = ProfileLikelihood.profile(parameter: i, optimum: optimum, box: box, objective: objective,
                                                 settings: .init(relativeTolerance: 1e-10, absoluteTolerance: 1e-10))
            guard case .at(let low) = grid.lower, case .at(let high) = grid.upper else {
                Issue.record("the grid profile of \(i) is not bounded")
                continue
            }
            let guidedLow = try #require(bound(gl)), guidedHigh = try #require(bound(gu))
            #expect(abs(guidedLow - low) < 1e-3 && abs(guidedHigh - high) < 1e-3, "guided \(guidedLow)…\(guidedHigh), grid \(low)…\(high)")
        }
    }
}
