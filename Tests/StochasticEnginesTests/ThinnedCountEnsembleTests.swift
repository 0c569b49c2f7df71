import Engines
import Foundation
import RandomStreams
import RateModel
@testable import StochasticEngines
import TestSupport
import Testing

/// The moments engine's exact thinned-count probabilities against an ensemble
/// of the exact (Gillespie) engine, sampled and thinned cell by cell.
///
/// Threshold: Pearson's χ² over the bins k < 30 (bins of fewer than 5 expected
/// samples pooled with the tail k ≥ 30) below its 1 − 1e-4 quantile
/// (Wilson–Hilferty). The seed is fixed, so the test is deterministic.
@Suite("Thinned-count probabilities against the exact engine")
struct ThinnedCountEnsembleTests {
    /// a ⇄ b, both dividing and dying, 3 initial cells in a, inflow into a until day 3, a bolus into b on day 1.
    static let model: NetworkModel = {
        let w = TimeWindow(start: 0, end: 5)
        return NetworkModel(
            name: "small", horizon: 5, outputTimes: [0, 2, 5],
            compartments: [Compartment(name: "a", initial: 3), Compartment(name: "b")],
            flows: [Flow(from: 0, to: .compartment(1), rate: 0.3, window: w), Flow(from: 1, to: .compartment(0), rate: 0.1, window: w),
                    Flow(from: 0, to: .out, rate: 0.4, window: w), Flow(from: 1, to: .out, rate: 0.3, window: w)],
            divisions: [Division(compartment: 0, rate: 0.35, window: w), Division(compartment: 1, rate: 0.2, window: w)],
            inflows: [Inflow(compartment: 0, rate: 2, window: TimeWindow(start: 0, end: 3))],
            boluses: [Bolus(compartment: 1, cells: 2, time: 1)])
    }()

    @Test("a dividing network with immigration and a bolus: the law of K (f = 0.4, k < 30) at days 2 and 5")
    func ensemble() throws {
        let (f, bins, draws) = (0.4, 30, 40_000)
        let exact = try MomentsEngine(model: Self.model)
            .thinnedCountProbabilities(targets: [ThinnedCountTarget(compartments: [0, 1], fraction: f, maxCount: bins)])
        let engine = try ExactEngine(model: Self.model)
        var observed = [[Int]](repeating: [Int](repeating: 0, count: bins), count: 3)
        var tail = [0, 0, 0]
        for r in 0..<draws {
            var rng = Philox4x64(stream: StreamID(seed: 19, point: 0, replicate: UInt64(r)))
            var counts = [[Int]](repeating: [], count: 3)
            _ = engine.simulate(using: &rng, record: { k, state in counts[k] = state })
            for (k, state) in counts.enumerated() {
                let seen = Sampler.binomial(count: state[0] + state[1], probability: f, using: &rng)
                if seen < bins { observed[k][seen] += 1 } else { tail[k] += 1 }
            }
        }
        for k in [1, 2] {
            let (stat, df) = GoodnessOfFit.chiSquare(observed: observed[k], tail: tail[k], probabilities: exact[k][0], draws: draws)
            #expect(df >= 8, "the law spreads over enough bins to test its shape")
            #expect(stat < GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df), "day \(Self.model.outputTimes[k]): χ² = \(stat) with \(df) df")
        }
    }
}
