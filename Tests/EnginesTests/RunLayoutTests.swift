import Foundation
import Testing
@testable import Engines
import LinearAlgebra
import RateModel

/// `MomentsEngine.run(layout:)`: statistics of sums of compartments.
///
/// Closed forms (thresholds): the mean and the standard deviation of a sum are
/// held to 1e-9 relative (the moment pass is exact up to the rounding of the
/// step exponentials), `p_present` to 1e-12 absolute (exact cohort path). The
/// bookkeeping (a sum's mean and variance against the engine's own per-compartment
/// moments, repeated series, the network layout against `run()`'s formulas) is
/// held to 1e-12 relative or to exact equality where the same sums are formed in
/// the same order.
@Suite("Moments engine: run(layout:) for sums of compartments")
struct RunLayoutTests {
    typealias Chain = GeneratingFunctionTests

    static let outputs: [Double] = [0, 1, 9.5, 10, 12, 40, 70, 200]

    /// a (50 cells, inflow 2.5/day on [0, 40), a bolus of 12 at day 10) → b → c → out; c starts with 2 cells.
    static let model = Chain.chain(initialA: 50, initialB: 0, inflowA: 2.5, inflowB: 0, bolusA: 12, outputs: outputs)

    static func entry(_ name: String, _ compartments: [Int]) -> SeriesLayout.Entry {
        SeriesLayout.Entry(label: SeriesLabel(origin: .named("fetal"), compartment: .named(name)), compartments: compartments)
    }

    @Test("a 2-compartment entry: mean, sd and p_present of X_a + X_b equal the binomial-Poisson closed form")
    func twoCompartmentEntry() throws {
        let layout = SeriesLayout(entries: [Self.entry("ab", [0, 1]), Self.entry("c", [2]), Self.entry("ab again", [1, 0]),
                                            Self.entry("abc", [0, 1, 2]), Self.entry("b", [1])])
        let engine = MomentsEngine(model: Self.model)
        let result = try engine.run(layout: layout)
        let plain = try engine.run()
        let moments = try engine.momentTrajectory()
        #expect(result.series.map(\.label) == layout.entries.map(\.label))
        for (k, t) in Self.outputs.enumerated() {
            // Each initial or bolus cell of a is in {a, b} with probability P, independently;
            // inflowing cells in {a, b} are Poisson with mean M.
            let (a, b) = Chain.fromA(t)
            let p = a + b
            let pBolus = t >= 10 ? Chain.fromA(t - 10).a + Chain.fromA(t - 10).b : 0
            let poisson = Chain.poissonMean(ua: 2.5, ub: 0, t: t)
            let mean = 50 * p + 12 * pBolus + poisson
            let variance = 50 * p * (1 - p) + 12 * pBolus * (1 - pBolus) + poisson
            let present = -expm1(50 * log1p(-p) + 12 * log1p(-pBolus) - poisson)
            let ab = result.series[0].points[k]
            #expect(abs(ab.mean - mean) <= 1e-9 * mean, "mean at day \(t): \(ab.mean) vs \(mean)")
            #expect(abs(ab.sd! - variance.squareRoot()) <= 1e-9 * variance.squareRoot(), "sd at day \(t): \(ab.sd!) vs \(variance.squareRoot())")
            #expect(abs(ab.pPresent! - present) <= 1e-12, "p_present at day \(t): \(ab.pPresent!) vs \(present)")
            #expect(ab.quantiles == nil)

            // Against the engine's own per-compartment moments.
            #expect(ab.mean == plain.series[0].points[k].mean + plain.series[1].points[k].mean)
            let s = moments.covariances[k]
            let block = s[0, 0] + s[1, 1] + 2 * s[0, 1]
            #expect(abs(ab.sd! * ab.sd! - block) <= 1e-12 * max(block, 1e-300), "covariance block at day \(t)")
            #expect(result.series[1].points[k] == plain.series[2].points[k]) // c
            #expect(result.series[2].points[k] == ab)                         // repeated series
            #expect(result.series[3].points[k] == plain.series[3].points[k]) // abc = total
            #expect(result.series[4].points[k] == plain.series[1].points[k]) // b alone
            #expect(result.series[4].points[k].mean == moments.means[k][1])
        }
    }

    @Test("the network layout reproduces run()'s per-compartment and total formulas exactly")
    func networkLayout() throws {
        var outputs = Array(stride(from: 0.0, through: 3 * 365.25, by: 30))
        outputs.append(3 * 365.25)
        for model in [MomentsEngineTests.twoCompartmentModel(outputs: outputs), Self.model] {
            let engine = MomentsEngine(model: model)
            let result = try engine.run(layout: SeriesLayout(network: model))
            let moments = try engine.momentTrajectory()
            let empty = try engine.emptyProbabilities()
            let n = model.count
            #expect(result == (try engine.run()))
            #expect(result.series.map(\.label.compartment) == model.compartments.map { .named($0.name) } + [.total])
            for k in model.outputTimes.indices {
                for i in 0..<n {
                    let point = result.series[i].points[k]
                    #expect(point.mean == moments.means[k][i])
                    #expect(point.sd == max(moments.covariances[k][i, i], 0).squareRoot())
                    #expect(point.pPresent == empty.present(time: k, compartment: i))
                }
                let total = result.series[n].points[k]
                #expect(total.mean == moments.means[k].reduce(0, +))
                #expect(total.sd == max(moments.covariances[k].storage.reduce(0, +), 0).squareRoot())
                #expect(total.pPresent == empty.totalPresent(time: k))
            }
        }
    }

    @Test("a series naming a missing compartment is refused with its name")
    func badLayout() {
        let layout = SeriesLayout(entries: [Self.entry("ab", [0, 1]), Self.entry("lost", [1, 7])])
        #expect {
            try MomentsEngine(model: Self.model).run(layout: layout)
        } throws: { error in
            guard case EngineError.invalidModel(let problems) = error else { return false }
            return problems.count == 1 && problems[0].contains("fetal/lost") && problems[0].contains("#7")
        }
    }
}
