import Foundation
import Testing
@testable import Engines
import RateModel

/// `P(K = k)` of a binomially thinned count, against closed forms.
///
/// Thresholds: without division the jets are exact up to the rounding of the
/// step exponentials and of the series recurrences, held to 1e-12 relative
/// (plus 1e-15 absolute). With division the backward equation and its jets are
/// accurate to about 1e-9 absolute per coefficient of one cell's generating
/// function (`MomentsEngine.extinctionTolerance` = 1e-10 on the sum of local
/// errors), so probabilities are held to 1e-9 absolute. `P(K = 0)` must equal
/// `exp(logGeneratingFunction)` at `s = 1 − f` to 1e-12 relative.
@Suite("Moments engine: thinned-count probabilities (limits of detection above 1)")
struct ThinnedCountTests {
    static func close(_ got: Double, _ exact: Double) -> Bool { abs(got - exact) <= 1e-12 * abs(exact) + 1e-15 }

    static func poisson(_ k: Int, mean: Double) -> Double { mean == 0 ? (k == 0 ? 1 : 0) : exp(Double(k) * log(mean) - mean - lgamma(Double(k + 1))) }

    static func binomial(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard k <= n else { return 0 }
        return exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    /// P(K = 0) is the generating function at s = 1 − f, to 1e-12 relative.
    static func checkZero(_ engine: MomentsEngine, _ targets: [ThinnedCountTarget], _ probabilities: [[[Double]]]) throws {
        let logG = try engine.logGeneratingFunction(targets: targets.map(\.generating))
        for (k, row) in probabilities.enumerated() {
            for t in targets.indices {
                let g = exp(logG[k][t])
                #expect(abs(row[t][0] - g) <= 1e-12 * g, "output \(k), target \(t): \(row[t][0]) vs \(g)")
            }
        }
    }

    @Test("immigration-death: K is Poisson with mean f·u/μ·(1 − e^{−μt}); with a dividing neighbour (backward jets) too",
          arguments: [false, true])
    func immigrationDeath(dividingNeighbour: Bool) throws {
        let (u, mu, f) = (3.0, 0.25, 0.35)
        let outputs: [Double] = [0, 0.5, 4, 20]
        let w = TimeWindow(start: 0, end: 20)
        // a: inflow and loss; b receives cells from a (rate 0.1, part of a's loss) and divides, never sending cells back.
        let model = NetworkModel(
            name: "id", horizon: 20, outputTimes: outputs,
            compartments: [Compartment(name: "a"), Compartment(name: "b", initial: dividingNeighbour ? 2 : 0)],
            flows: [Flow(from: 0, to: .out, rate: mu - 0.1, window: w), Flow(from: 0, to: .compartment(1), rate: 0.1, window: w),
                    Flow(from: 1, to: .out, rate: 0.3, window: w)],
            divisions: dividingNeighbour ? [Division(compartment: 1, rate: 0.2, window: w)] : [],
            inflows: [Inflow(compartment: 0, rate: u, window: w)])
        let engine = MomentsEngine(model: model)
        let targets = [ThinnedCountTarget(compartments: [0], fraction: f, maxCount: 8), ThinnedCountTarget(compartments: [0], fraction: 1, maxCount: 3)]
        let probabilities = try engine.thinnedCountProbabilities(targets: targets)
        for (k, t) in outputs.enumerated() {
            let mean = u / mu * -expm1(-mu * t)
            for (index, target) in targets.enumerated() {
                #expect(probabilities[k][index].count == target.maxCount)
                for (j, p) in probabilities[k][index].enumerated() {
                    let exact = Self.poisson(j, mean: target.fraction * mean)
                    let ok = dividingNeighbour ? abs(p - exact) <= 1e-9 : Self.close(p, exact)
                    #expect(ok, "day \(t), f = \(target.fraction), P(K = \(j)) = \(p) vs \(exact)")
                }
            }
        }
        try Self.checkZero(engine, targets, probabilities)
    }

    @Test("pure death from n0 cells: K is Binomial(n0, f·e^{−μt}), including f = 1 at t = 0 (K = n0 surely)")
    func pureDeath() throws {
        let (n0, mu) = (7, 0.1)
        let outputs: [Double] = [0, 1, 10, 50]
        let w = TimeWindow(start: 0, end: 50)
        let model = NetworkModel(name: "death", horizon: 50, outputTimes: outputs, compartments: [Compartment(name: "x", initial: n0)],
                                 flows: [Flow(from: 0, to: .out, rate: mu, window: w)])
        let engine = MomentsEngine(model: model)
        let targets = [0.2, 0.9, 1].map { ThinnedCountTarget(compartments: [0], fraction: $0, maxCount: 10) }
        let probabilities = try engine.thinnedCountProbabilities(targets: targets)
        for (k, t) in outputs.enumerated() {
            for (index, target) in targets.enumerated() {
                let p = target.fraction * exp(-mu * t)
                for j in 0..<10 {
                    let exact = p == 1 ? (j == n0 ? 1.0 : 0.0) : Self.binomial(j, n0, p)
                    #expect(Self.close(probabilities[k][index][j], exact), "day \(t), f = \(target.fraction), P(K = \(j)) = \(probabilities[k][index][j]) vs \(exact)")
                }
            }
        }
        try Self.checkZero(engine, targets, probabilities)
    }

    /// The thinned law of a linear birth-death process (birth λ, death μ, r = λ − μ) from one cell:
    /// `P(X = 0) = α`, `P(X = j) = (1 − α)(1 − β)β^{j−1}` with `α = μ(e^{rt} − 1)/(λe^{rt} − μ)`,
    /// `β = λ(e^{rt} − 1)/(λe^{rt} − μ)` (Kendall 1948). With c = 1 − f, D = 1 − βc and β' = βf/D,
    /// `G_K(z) = α + (1 − α)(1 − β)(c + fz)/(D(1 − β'z))`, so `P(K = 0) = α + (1 − α)(1 − β)c/D` and
    /// `P(K = j) = (1 − α)(1 − β)/D·β'^{j−1}(cβ' + f)` for j ≥ 1.
    static func thinnedBirthDeath(birth l: Double, death m: Double, f: Double, t: Double, count: Int) -> [Double] {
        let e = exp((l - m) * t)
        let alpha = m * (e - 1) / (l * e - m), beta = l * (e - 1) / (l * e - m)
        let c = 1 - f, d = 1 - beta * c, b = beta * f / d
        return (0..<count).map { j in
            j == 0 ? alpha + (1 - alpha) * (1 - beta) * c / d : (1 - alpha) * (1 - beta) / d * pow(b, Double(j - 1)) * (c * b + f)
        }
    }

    static func convolve(_ x: [Double], _ y: [Double]) -> [Double] {
        (0..<x.count).map { k in (0...k).reduce(0.0) { $0 + x[$1] * y[k - $1] } }
    }

    @Test("linear birth-death from 1 and from 3 cells, sub- and supercritical: the thinned Kendall law", arguments: [(0.3, 0.45), (0.5, 0.2)])
    func birthDeath(rates: (Double, Double)) throws {
        let (l, m) = rates
        let outputs: [Double] = [0, 0.5, 3, 8]
        let w = TimeWindow(start: 0, end: 8)
        for cells in [1, 3] {
            let model = NetworkModel(name: "bd", horizon: 8, outputTimes: outputs, compartments: [Compartment(name: "x", initial: cells)],
                                     flows: [Flow(from: 0, to: .out, rate: m, window: w)], divisions: [Division(compartment: 0, rate: l, window: w)])
            let engine = MomentsEngine(model: model)
            let targets = [0.3, 1].map { ThinnedCountTarget(compartments: [0], fraction: $0, maxCount: 10) }
            let probabilities = try engine.thinnedCountProbabilities(targets: targets)
            for (k, t) in outputs.enumerated() {
                for (index, target) in targets.enumerated() {
                    let one = Self.thinnedBirthDeath(birth: l, death: m, f: target.fraction, t: t, count: 10)
                    let exact = (1..<cells).reduce(one) { law, _ in Self.convolve(law, one) }
                    for j in 0..<10 {
                        #expect(abs(probabilities[k][index][j] - exact[j]) <= 1e-9,
                                "\(cells) cells, day \(t), f = \(target.fraction): P(K = \(j)) = \(probabilities[k][index][j]) vs \(exact[j])")
                    }
                }
            }
            try Self.checkZero(engine, targets, probabilities)
        }
    }

    /// Two dividing compartments with inflow, a bolus, and an independent division-free part.
    static func twoParts(outputs: [Double]) -> NetworkModel {
        let h = outputs.last!
        let w = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "parts", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "a", initial: 2), Compartment(name: "b"), Compartment(name: "c", initial: 5), Compartment(name: "d")],
            flows: [Flow(from: 0, to: .compartment(1), rate: 0.2, window: w), Flow(from: 1, to: .compartment(0), rate: 0.1, window: w),
                    Flow(from: 0, to: .out, rate: 0.5, window: w), Flow(from: 1, to: .out, rate: 0.4, window: w),
                    Flow(from: 2, to: .compartment(3), rate: 0.3, window: w), Flow(from: 3, to: .out, rate: 0.2, window: w)],
            divisions: [Division(compartment: 0, rate: 0.3, window: w), Division(compartment: 1, rate: 0.1, window: w)],
            inflows: [Inflow(compartment: 0, rate: 1.5, window: TimeWindow(start: 0, end: 3)), Inflow(compartment: 3, rate: 0.7, window: w)],
            boluses: [Bolus(compartment: 1, cells: 3, time: 2)])
    }

    @Test("independent parts: the law of a sum over two parts is the convolution of the parts' laws; P(K = 0) is the generating function")
    func partsConvolve() throws {
        let outputs: [Double] = [0, 1, 2, 2.5, 6]
        let engine = MomentsEngine(model: Self.twoParts(outputs: outputs))
        let f = 0.6
        let targets = [[0, 1], [2, 3], [0, 1, 2, 3], [1, 3]].map { ThinnedCountTarget(compartments: $0, fraction: f, maxCount: 7) }
        let probabilities = try engine.thinnedCountProbabilities(targets: targets)
        let separate = try engine.thinnedCountProbabilities(targets: [targets[0]])
        for k in outputs.indices {
            let whole = Self.convolve(probabilities[k][0], probabilities[k][1])
            for j in 0..<7 {
                #expect(abs(probabilities[k][2][j] - whole[j]) <= 1e-12, "output \(k): P(K = \(j)) = \(probabilities[k][2][j]) vs \(whole[j])")
                #expect(abs(separate[k][0][j] - probabilities[k][0][j]) <= 1e-9) // alone or with other targets
            }
        }
        try Self.checkZero(engine, targets, probabilities)
    }

    @Test("with division and immigration, enough terms hold the whole law: Σ P(K = k) = 1 and Σ k·P(K = k) = f·E[X_S]")
    func massAndMean() throws {
        let outputs: [Double] = [1, 2.5, 6]
        let model = Self.twoParts(outputs: outputs)
        let engine = MomentsEngine(model: model)
        let f = 0.45
        let target = ThinnedCountTarget(compartments: [0, 1], fraction: f, maxCount: 40)
        let probabilities = try engine.thinnedCountProbabilities(targets: [target])
        let means = try engine.run(layout: SeriesLayout(network: model), presence: false)
        for (k, t) in outputs.enumerated() {
            let law = probabilities[k][0]
            let mean = means.series[0].points[k].mean + means.series[1].points[k].mean
            let total = law.reduce(0, +)
            let first = law.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
            #expect(abs(total - 1) <= 1e-8, "day \(t): Σ P = \(total)")
            #expect(abs(first - f * mean) <= 1e-7 * max(1, f * mean), "day \(t): E[K] = \(first) vs \(f * mean)")
        }
    }
}
