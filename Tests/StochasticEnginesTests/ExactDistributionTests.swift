import Engines
import Foundation
import LinearAlgebra
import RandomStreams
import RateModel
@testable import StochasticEngines
import TestSupport
import Testing

/// Both stochastic engines against exact distributions.
///
/// Thresholds: χ² below its 1 − 1e-4 quantile (Wilson–Hilferty); z-scores below 4.
/// All seeds are fixed, so every test is deterministic.
@Suite("Stochastic engines against exact distributions")
struct ExactDistributionTests {
    /// A, B with initial cells, inflow into A, transfer both ways and loss (no division).
    static func monomolecular(outputs: [Double]) -> NetworkModel {
        let w = TimeWindow(start: 0, end: 10)
        return NetworkModel(
            name: "mono", horizon: 10, outputTimes: outputs,
            compartments: [Compartment(name: "A", initial: 20), Compartment(name: "B", initial: 5)],
            flows: [Flow(from: 0, to: .compartment(1), rate: 0.3, window: w), Flow(from: 0, to: .out, rate: 0.2, window: w),
                    Flow(from: 1, to: .compartment(0), rate: 0.1, window: w), Flow(from: 1, to: .out, rate: 0.15, window: w)],
            inflows: [Inflow(compartment: 0, rate: 3, window: w)])
    }

    /// The exact joint law of (X_A, X_B) at time t (Jahnke & Huisinga 2007): the
    /// convolution of Multinomial(20, P·e_A), Multinomial(5, P·e_B) and independent
    /// Poisson(g_A), Poisson(g_B), with P = e^{Qt} and g = ∫₀ᵗ e^{Qs} u ds from the
    /// (independently tested) matrix exponential of the 3-state and augmented generators.
    static func exactJoint(at t: Double, size k: Int) throws -> [[Double]] {
        var q = Matrix(rows: 4, cols: 4) // states A, B, out, and the augmented inflow column
        q[1, 0] = 0.3; q[2, 0] = 0.2; q[0, 0] = -0.5
        q[0, 1] = 0.1; q[2, 1] = 0.15; q[1, 1] = -0.25
        q[0, 3] = 3 // inflow into A
        let e = try q.exponential(times: t)
        func multinomial(_ cells: Int, _ pa: Double, _ pb: Double) -> [[Double]] {
            var d = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            let po = max(0, 1 - pa - pb)
            for a in 0...cells { for b in 0...(cells - a) where a < k && b < k {
                let lp = Reference.logFactorial(cells) - Reference.logFactorial(a) - Reference.logFactorial(b) - Reference.logFactorial(cells - a - b)
                    + Double(a) * log(pa) + Double(b) * log(pb) + Double(cells - a - b) * log(po)
                d[a][b] = exp(lp)
            } }
            return d
        }
        func convolve(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
            var z = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            for a in 0..<k { for b in 0..<k where x[a][b] > 0 {
                for c in 0..<(k - a) { for d in 0..<(k - b) { z[a + c][b + d] += x[a][b] * y[c][d] } }
            } }
            return z
        }
        var immigrants = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for a in 0..<k { for b in 0..<k { immigrants[a][b] = Reference.poissonPMF(a, mean: e[0, 3]) * Reference.poissonPMF(b, mean: e[1, 3]) } }
        return convolve(convolve(multinomial(20, e[0, 0], e[1, 0]), multinomial(5, e[0, 1], e[1, 1])), immigrants)
    }

    /// Draws `draws` samples of the counts at output `index`.
    static func sample(draws: Int, seed: UInt64, index: Int, simulate: (inout Philox4x64, (Int, [Int]) -> Void) -> Void) -> [[Int]] {
        (0..<draws).map { r in
            var rng = Philox4x64(stream: StreamID(seed: seed, point: 0, replicate: UInt64(r)))
            var value: [Int] = []
            simulate(&rng) { i, counts in if i == index { value = counts } }
            return value
        }
    }

    static func jointChiSquare(_ samples: [[Int]], exact: [[Double]]) -> (statistic: Double, critical: Double) {
        let k = exact.count
        var observed = [Int](repeating: 0, count: k * k)
        var tail = 0
        for s in samples { if s[0] < k && s[1] < k { observed[s[0] * k + s[1]] += 1 } else { tail += 1 } }
        let (stat, df) = GoodnessOfFit.chiSquare(observed: observed, tail: tail, probabilities: exact.flatMap { $0 }, draws: samples.count)
        return (stat, GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df))
    }

    @Test("exact engine: joint law of a transfer-loss-inflow network is the multinomial-Poisson product")
    func exactJointLaw() throws {
        let engine = try ExactEngine(model: Self.monomolecular(outputs: [0, 3, 10]))
        let samples = Self.sample(draws: 40_000, seed: 11, index: 1) { rng, rec in _ = engine.simulate(using: &rng, record: rec) }
        let (stat, critical) = Self.jointChiSquare(samples, exact: try Self.exactJoint(at: 3, size: 40))
        #expect(stat < critical, "χ² = \(stat), critical \(critical)")
    }

    @Test("fast engine without division: exact at a step of one output interval (same joint law)")
    func fastJointLaw() throws {
        let engine = try FastEngine(model: Self.monomolecular(outputs: [0, 3, 10]), allowsCellwise: false)
        #expect(engine.leapsPerReplicate == 2) // one leap per output interval: no substeps
        let samples = Self.sample(draws: 40_000, seed: 12, index: 1) { rng, rec in engine.simulate(using: &rng, record: rec) }
        let (stat, critical) = Self.jointChiSquare(samples, exact: try Self.exactJoint(at: 3, size: 40))
        #expect(stat < critical, "χ² = \(stat), critical \(critical)")
        let late = Self.sample(draws: 40_000, seed: 13, index: 2) { rng, rec in engine.simulate(using: &rng, record: rec) }
        let (stat10, critical10) = Self.jointChiSquare(late, exact: try Self.exactJoint(at: 10, size: 40))
        #expect(stat10 < critical10, "χ² = \(stat10), critical \(critical10)")
    }

    /// Immigration-death: X(t) ~ Poisson(u/d·(1 − e^{−dt})) from X(0) = 0.
    @Test("immigration-death: the count is Poisson", arguments: [EngineKind.exact, .fast])
    func immigrationDeath(method: EngineKind) throws {
        let w = TimeWindow(start: 0, end: 20)
        let model = NetworkModel(name: "id", horizon: 20, outputTimes: [0, 20],
                                 compartments: [Compartment(name: "x")],
                                 flows: [Flow(from: 0, to: .out, rate: 0.4, window: w)],
                                 inflows: [Inflow(compartment: 0, rate: 12, window: TimeWindow(start: 0, end: 15))])
        let draws = 40_000
        let engine = try method.sampler(for: model)
        let samples = Self.sample(draws: draws, seed: method == .exact ? 21 : 22, index: 1) { rng, rec in
            _ = engine.trajectory(using: &rng, record: rec)
        }
        let mean = 12 / 0.4 * (1 - exp(-0.4 * 15)) * exp(-0.4 * 5) // inflow stops at day 15, then pure death
        var observed = [Int](repeating: 0, count: 40)
        var tail = 0
        for s in samples { if s[0] < 40 { observed[s[0]] += 1 } else { tail += 1 } }
        let (stat, df) = GoodnessOfFit.chiSquare(observed: observed, tail: tail, probabilities: (0..<40).map { Reference.poissonPMF($0, mean: mean) }, draws: draws)
        #expect(stat < GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df), "χ² = \(stat) with \(df) df")
    }

    /// Linear birth-death from X0 cells: Kendall (1948) gives
    /// P(X(t) = 0) = (d(e^{(b−d)t} − 1) / (b e^{(b−d)t} − d))^{X0},
    /// E X = X0 e^{(b−d)t}, Var X = X0 (b+d)/(b−d) e^{(b−d)t}(e^{(b−d)t} − 1).
    /// X0 = 8 and X0 = 40 take both paths of the exact engine's interval step
    /// (cells drawn one by one, and binomials over a larger count).
    @Test("linear birth-death: extinction probability (Kendall), mean and variance", arguments: [EngineKind.exact, .fast], [8, 40])
    func birthDeath(method: EngineKind, x0: Int) throws {
        let (b, d, t) = (0.3, 0.45, 6.0)
        let w = TimeWindow(start: 0, end: t)
        let model = NetworkModel(name: "bd", horizon: t, outputTimes: [0, t],
                                 compartments: [Compartment(name: "x", initial: x0)],
                                 flows: [Flow(from: 0, to: .out, rate: d, window: w)],
                                 divisions: [Division(compartment: 0, rate: b, window: w)])
        let draws = 40_000
        let runner = EnsembleRunner(replicates: draws, threads: 2, seed: (method == .exact ? 31 : 32) + UInt64(x0))
        let engine = try method.sampler(for: model)
        let accumulator = runner.run(layout: SeriesLayout(network: model), outputCount: 2) { rng, rec in
            _ = engine.trajectory(using: &rng, record: rec)
        }.accumulator
        let s = accumulator.histogram(output: 1, series: 0).statistics()
        let g = exp((b - d) * t)
        let p0 = pow(d * (g - 1) / (b * g - d), Double(x0))
        let mean = Double(x0) * g
        let variance = Double(x0) * (b + d) / (b - d) * g * (g - 1)
        let n = Double(draws)
        #expect(Moments.z(1 - s.pPresent!, p0, standardError: (p0 * (1 - p0) / n).squareRoot()) < 4, "P(0) \(1 - s.pPresent!) vs \(p0)")
        #expect(Moments.z(s.mean, mean, standardError: (variance / n).squareRoot()) < 4, "mean \(s.mean) vs \(mean)")
        // The sample variance's standard error uses the fourth moment, estimated here conservatively as 3σ⁴+... : use the
        // asymptotic Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ from the sample histogram.
        let h = accumulator.histogram(output: 1, series: 0).sortedEntries
        let m4 = h.reduce(0.0) { $0 + Double($1.count) * pow(Double($1.value) - s.mean, 4) } / n
        #expect(Moments.z(s.sd! * s.sd!, variance, standardError: ((m4 - variance * variance) / n).squareRoot()) < 4,
                "variance \(s.sd! * s.sd!) vs \(variance)")
        // Power: a 2% bias of the mean would be more than 4 standard errors.
        #expect(0.02 * mean > 4 * (variance / n).squareRoot())
    }
}
