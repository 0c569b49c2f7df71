import Engines
import Foundation
import RandomStreams
import RateModel
@testable import StochasticEngines
import TestSupport
import Testing

/// The fast engine carries large dividing populations by their exact moments
/// (`crossByMoments`): the counts of the large groups' descendants are drawn
/// normal with the exact mean and covariance, the rest crosses exactly. So
/// the ensemble mean must match the exact moments, and the sd closely.
///
/// Model: two independent parts with the default biology's marrow kinetics.
/// Part 1: marrow M (50,000 cells; divides 0.011/day, → blood 0.01, → out
/// 0.0012), blood B (→ out 0.3466, → M 0.02, → tissue T 0.01), tissue T
/// (divides 0.0015, → out 0.0012, → B 0.0002). Part 2: the same with 3,000
/// marrow cells. Outputs every 365.25 days to 3 years, and at days 100.3 and
/// 500.7 (intervals whose lengths need ladder rungs and an exact rest).
/// 600 replicates: |z| < 4 for every mean, |sd/exact − 1| < 0.15 (the
/// standard error of an sd is about 3% here; dropping the division noise
/// from the covariance would halve the marrow sd). The same model with
/// outputs every 14 days for a year (26 short intervals, each crossed by
/// moments from the counts the last one drew) checks that repeated draws
/// keep the means and sd exact: the conditional moments of every step are
/// exact, so the unconditional ones are too.
@Suite("Fast engine: large dividing populations by their moments")
struct FastNormalTests {
    static let model = model(horizon: 3 * 365.25, times: [0, 100.3, 500.7] + (1...3).map { Double($0) * 365.25 })

    /// Outputs every 14 days for a year (the default scenario's spacing).
    static let frequent = model(horizon: 26 * 14, times: (0...26).map { Double($0) * 14 })

    static func model(horizon h: Double, times: [Double]) -> NetworkModel {
        let w = TimeWindow(start: 0, end: h)
        var compartments: [Compartment] = []
        var flows: [Flow] = []
        var divisions: [Division] = []
        for (part, marrow) in [50_000, 3_000].enumerated() {
            let m = 3 * part, b = m + 1, t = m + 2
            compartments += [Compartment(name: "M\(part)", initial: marrow), Compartment(name: "B\(part)"), Compartment(name: "T\(part)")]
            flows += [Flow(from: m, to: .compartment(b), rate: 0.01, window: w), Flow(from: m, to: .out, rate: 0.0012, window: w),
                      Flow(from: b, to: .out, rate: 0.3466, window: w), Flow(from: b, to: .compartment(m), rate: 0.02, window: w),
                      Flow(from: b, to: .compartment(t), rate: 0.01, window: w),
                      Flow(from: t, to: .out, rate: 0.0012, window: w), Flow(from: t, to: .compartment(b), rate: 0.0002, window: w)]
            divisions += [Division(compartment: m, rate: 0.011, window: w), Division(compartment: t, rate: 0.0015, window: w)]
        }
        return NetworkModel(name: "normal", horizon: h, outputTimes: times.sorted(), compartments: compartments,
                            flows: flows, divisions: divisions)
    }

    @Test("the first interval is crossed by moments; without the approximation it is not")
    func choosesMoments() throws {
        let counts = Self.model.compartments.map(\.initial)
        guard case .normal(let plan) = try FastEngine(model: Self.model).crossing(interval: 0, counts: counts) else {
            Issue.record("50,000 dividing cells should cross by their moments")
            return
        }
        #expect(plan.parts.count == 2, "both parts hold at least 1,000 cells")
        #expect(plan.rest > 0 && plan.rest < 1.0 / 16, "100.3 days is not a sum of rungs: an exact rest remains")
        if case .normal = try FastEngine(model: Self.model, allowsNormal: false).crossing(interval: 0, counts: counts) {
            Issue.record("allowsNormal: false must not approximate")
        }
        guard case .normal = try FastEngine(model: Self.frequent).crossing(interval: 0, counts: counts) else {
            Issue.record("a 14-day interval of 50,000 dividing cells should cross by their moments")
            return
        }
    }

    @Test("means and sd agree with the exact moments at every output", arguments: ["yearly and irregular", "every 14 days"])
    func agreesWithMoments(_ spacing: String) throws {
        let model = spacing == "every 14 days" ? Self.frequent : Self.model
        let replicates = 600
        let exact = try MomentsEngine(model: model).run()
        let engine = try FastEngine(model: model)
        let outputs = model.outputTimes.count
        let acc = EnsembleRunner(replicates: replicates, threads: 2, seed: 17)
            .run(layout: SeriesLayout(network: model), outputCount: outputs) { rng, rec in engine.simulate(using: &rng, record: rec) }
            .accumulator
        let n = Double(replicates)
        for (s, series) in exact.series.enumerated() {
            for k in 1..<outputs {
                let truth = series.points[k]
                let got = acc.histogram(output: k, series: s).statistics()
                let where_ = "\(series.label.compartment) day \(model.outputTimes[k])"
                #expect(Moments.z(got.mean, truth.mean, standardError: truth.sd! / n.squareRoot()) < 4,
                        "\(where_): mean \(got.mean) vs \(truth.mean)")
                #expect(abs(got.sd! / truth.sd! - 1) < 0.15, "\(where_): sd \(got.sd!) vs \(truth.sd!)")
            }
        }
    }
}
