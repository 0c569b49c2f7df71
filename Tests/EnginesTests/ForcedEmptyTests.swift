import Foundation
import Testing
@testable import Engines
import RateModel

/// `GeneratingTarget.empty`: the joint `E[s^{X_S} · 1[X_E = 0]]`, against the
/// closed form of independent cells and across the two methods.
///
/// Network: a bolus of n cells into a at day 0 (a → out at d, a → b at e,
/// a → c at g, b and c absorbing). One cell is at t in a, b, c with
/// `(α, β, γ) = (e^{−kt}, e/k·(1 − e^{−kt}), g/k·(1 − e^{−kt}))`, k = d + e + g, so
/// `E[s^{X_a} 1[X_b = 0]] = (1 − (1 − s)α − β)^n` and with c also empty
/// `(1 − (1 − s)α − β − γ)^n`. Thresholds: 1e-12 relative on ln G for the
/// exact forward pass; 1e-9 absolute on G for the backward solve.
@Suite("Moments engine: generating functions with compartments forced empty")
struct ForcedEmptyTests {
    static let (d, e, g, n) = (0.05, 0.02, 0.01, 7)

    static func model(divide: Double = 0) -> NetworkModel {
        let w = TimeWindow(start: 0, end: 100)
        return NetworkModel(
            name: "forced", horizon: 100, outputTimes: [1, 10, 100],
            compartments: [Compartment(name: "a", initial: n), Compartment(name: "b", initial: 0), Compartment(name: "c", initial: 0)],
            flows: [Flow(from: 0, to: .out, rate: d, window: w), Flow(from: 0, to: .compartment(1), rate: e, window: w),
                    Flow(from: 0, to: .compartment(2), rate: g, window: w)],
            divisions: divide > 0 ? [Division(compartment: 2, rate: divide, window: w)] : [])
    }

    static func exact(t: Double, s: Double, emptyC: Bool) -> Double {
        let k = d + e + g, alpha = exp(-k * t), rest = -expm1(-k * t)
        return Double(n) * log(1 - (1 - s) * alpha - e / k * rest - (emptyC ? g / k * rest : 0))
    }

    @Test("forward and backward against the closed form, with one and two compartments forced empty",
          arguments: [MomentsEngine.ExtinctionMethod.cohorts, .backward])
    func closedForm(method: MomentsEngine.ExtinctionMethod) throws {
        let targets = [GeneratingTarget(compartments: [0], argument: 0.3, empty: [1]),
                       GeneratingTarget(compartments: [0], argument: 0.3, empty: [2, 1]),
                       GeneratingTarget(compartments: [], empty: [1])]
        let got = try GeneratingFunctionTests.logG(Self.model(), targets, method: method)
        for (k, t) in [1.0, 10, 100].enumerated() {
            let want = [Self.exact(t: t, s: 0.3, emptyC: false), Self.exact(t: t, s: 0.3, emptyC: true), Self.exact(t: t, s: 1, emptyC: false)]
            for (value, exact) in zip(got[k], want) {
                if method == .cohorts {
                    #expect(GeneratingFunctionTests.exactlyClose(value, exact), "day \(t): \(value) vs \(exact)")
                } else {
                    #expect(abs(exp(value) - exp(exact)) <= 1e-9, "day \(t): \(value) vs \(exact)")
                }
            }
        }
    }

    @Test("a dividing compartment outside the target's sets does not change the joint value (the natural plan, 1e-9)")
    func divisionElsewhere() throws {
        let got = try GeneratingFunctionTests.logG(Self.model(divide: 0.005), [GeneratingTarget(compartments: [0], argument: 0.3, empty: [1])])
        for (k, t) in [1.0, 10, 100].enumerated() {
            #expect(abs(exp(got[k][0]) - exp(Self.exact(t: t, s: 0.3, emptyC: false))) <= 1e-9)
        }
    }
}
