import Foundation
import Engines
import LinearAlgebra
import RateModel
@testable import StochasticEngines
import Testing

/// A ladder's rungs compose to the step over their total length: the moments
/// of a Markov process over s + t are those over s, then over t. Propagating
/// a mean and covariance through the rungs of 100.3 days (unit 2⁻⁴ day) must
/// give the whole step's numbers to 1e-9 relative, and the rungs plus the
/// rest must add up to the length exactly.
@Suite("Moment ladder")
struct MomentLadderTests {
    static let rates: RateSet = {
        let w = TimeWindow(start: 0, end: 1000)
        let model = NetworkModel(
            name: "ladder", horizon: 1000, outputTimes: [0, 1000],
            compartments: [Compartment(name: "a", initial: 1000), Compartment(name: "b"), Compartment(name: "c")],
            flows: [Flow(from: 0, to: .compartment(1), rate: 0.01, window: w), Flow(from: 1, to: .out, rate: 0.35, window: w),
                    Flow(from: 1, to: .compartment(2), rate: 0.05, window: w), Flow(from: 2, to: .compartment(0), rate: 0.003, window: w),
                    Flow(from: 0, to: .out, rate: 0.001, window: w)],
            divisions: [Division(compartment: 0, rate: 0.01, window: w), Division(compartment: 2, rate: 0.002, window: w)],
            inflows: [Inflow(compartment: 1, rate: 40, window: w)])
        return RateSet(model: model, at: 1)
    }()

    @Test("the rungs and the rest add up to the length")
    func decomposition() {
        for (length, unit) in [(100.3, -4), (365.25, -11), (0.01, -4), (5_000.0, 0), (2048.0, 10)] {
            let (exponents, rest) = MomentLadder.decompose(length, unitExponent: unit)
            let total = exponents.reduce(0.0) { $0 + exp2(Double($1)) } + rest
            #expect(total == length, "\(length) with unit 2^\(unit)")
            #expect(rest >= 0 && rest < exp2(Double(unit)))
            #expect(exponents == exponents.sorted(by: >), "longest first")
        }
        // A unit too fine for the length (2⁻⁵⁵ days in 10⁵ days) is coarsened, not overflowed.
        let (exponents, rest) = MomentLadder.decompose(100_000, unitExponent: -55)
        #expect(exponents.reduce(0.0) { $0 + exp2(Double($1)) } + rest == 100_000)
        #expect(exponents.count <= 160)
    }

    @Test("composed rungs equal the whole step")
    func composition() throws {
        let ladder = MomentLadder(rates: Self.rates)
        let (exponents, rest) = MomentLadder.decompose(100.3, unitExponent: -4)
        let whole = try ladder.whole(100.3 - rest)
        for inflow in [1.0, 0.0] {
            var m1 = [1000.0, 20, 300], m2 = m1
            var s1 = Matrix(rows: 3, cols: 3), s2 = s1
            var work = MomentStep.Workspace(count: 3)
            for e in exponents { try ladder.rung(e).advance(mean: &m1, covariance: &s1, work: &work, inflow: inflow) }
            whole.advance(mean: &m2, covariance: &s2, work: &work, inflow: inflow)
            for i in 0..<3 {
                #expect(abs(m1[i] - m2[i]) <= 1e-9 * abs(m2[i]), "mean \(i), inflow \(inflow)")
                for j in 0..<3 {
                    #expect(abs(s1[i, j] - s2[i, j]) <= 1e-9 * max(abs(s2[i, j]), s2[i, i]), "cov \(i),\(j), inflow \(inflow)")
                }
            }
        }
    }
}
