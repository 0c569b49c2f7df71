import Engines
import Foundation
import RandomStreams
import RateModel
@testable import StochasticEngines
import TestSupport
import Testing

/// The fast engine leaps while a population is large and crosses intervals
/// cell by cell once it is small; both steps are exact without division, so
/// the ensemble must match the exact moments wherever it switches.
///
/// Model: A (200,000 cells at day 0) → B at 0.028/day, A → out 0.0055/day,
/// B → out 0.055/day, B → A 0.014/day; outputs every 10 days to day 400, when
/// about 14 cells are left (8.6 in A, 5.3 in B). 4,000 replicates: |z| < 4 for the mean of A, B
/// and the total at every output, and for p_present where it is in (0, 1).
/// A step that lost or duplicated cells at the switch moves the late means
/// (a few cells) by many standard errors.
@Suite("Fast engine: leaps for many cells, cell by cell for few")
struct FastHybridTests {
    static let model: NetworkModel = {
        let h = 400.0
        let w = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "hybrid", horizon: h, outputTimes: (0...40).map { Double($0) * 10 },
            compartments: [Compartment(name: "A", initial: 200_000), Compartment(name: "B")],
            flows: [Flow(from: 0, to: .compartment(1), rate: 0.028, window: w), Flow(from: 0, to: .out, rate: 0.0055, window: w),
                    Flow(from: 1, to: .out, rate: 0.055, window: w), Flow(from: 1, to: .compartment(0), rate: 0.014, window: w)])
    }()

    @Test("leaps at 200,000 cells, cell by cell at a handful")
    func switches() throws {
        let engine = try FastEngine(model: Self.model)
        #expect(!engine.usesCellwise(interval: 0, counts: [200_000, 0]))
        #expect(engine.usesCellwise(interval: 39, counts: [8, 3]))
    }

    @Test("means and p_present agree with the exact moments at every output")
    func agreesWithMoments() throws {
        let replicates = 4_000
        let exact = try MomentsEngine(model: Self.model).run()
        let engine = try FastEngine(model: Self.model)
        let acc = EnsembleRunner(replicates: replicates, threads: 2, seed: 91)
            .run(layout: SeriesLayout(network: Self.model), outputCount: 41) { rng, rec in engine.simulate(using: &rng, record: rec) }
            .accumulator
        let n = Double(replicates)
        for (s, series) in exact.series.enumerated() {
            for k in 1...40 {
                let truth = series.points[k]
                let got = acc.histogram(output: k, series: s).statistics()
                #expect(Moments.z(got.mean, truth.mean, standardError: truth.sd! / n.squareRoot()) < 4,
                        "\(series.label.compartment) day \(10 * k): mean \(got.mean) vs \(truth.mean)")
                let p = truth.pPresent!
                if p > 0 && p < 1 {
                    #expect(Moments.z(got.pPresent!, p, standardError: (p * (1 - p) / n).squareRoot()) < 4,
                            "\(series.label.compartment) day \(10 * k): p_present \(got.pPresent!) vs \(p)")
                }
            }
        }
    }
}
