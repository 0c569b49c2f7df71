import Foundation
import Testing
@testable import Engines
import LinearAlgebra
import RateModel

/// The moments engine's covariance against closed forms and an independent
/// RK4 integration of the moment ODEs, to 1e-9 relative.
@Suite("Moments engine: exact covariance")
struct CovarianceTests {
    static let tolerance = 1e-9

    /// `|got − exact| ≤ 1e-9·|exact| + floor`.
    static func close(_ got: Double, _ exact: Double, floor: Double = 1e-300) -> Bool {
        abs(got - exact) <= tolerance * abs(exact) + floor
    }

    static func oneCompartment(initial: Int, horizon: Double, outputs: [Double], loss: Double = 0,
                               division: Double = 0, inflow: Double = 0) -> NetworkModel {
        let w = TimeWindow(start: 0, end: horizon)
        return NetworkModel(
            name: "one", horizon: horizon, outputTimes: outputs,
            compartments: [Compartment(name: "x", initial: initial)],
            flows: loss > 0 ? [Flow(from: 0, to: .out, rate: loss, window: w)] : [],
            divisions: division > 0 ? [Division(compartment: 0, rate: division, window: w)] : [],
            inflows: inflow > 0 ? [Inflow(compartment: 0, rate: inflow, window: w)] : [])
    }

    @Test("immigration-death from 0: Poisson, variance equals mean", arguments: [1e-3, 0.3466, 62.4])
    func immigrationDeath(k: Double) throws {
        let h = 50 * 365.25
        let outputs: [Double] = [0, 1e-3, 0.1, 1] + Array(stride(from: 30.0, through: h, by: 365.25 / 2))
        let model = Self.oneCompartment(initial: 0, horizon: h, outputs: outputs, loss: k, inflow: 30)
        let result = try MomentsEngine(model: model).run()
        for (idx, t) in outputs.enumerated() {
            let mean = 30 / k * -expm1(-k * t)
            let p = result.series[0].points[idx]
            #expect(Self.close(p.mean, mean), "mean at \(t)")
            #expect(Self.close(p.sd! * p.sd!, mean), "variance at \(t): \(p.sd! * p.sd!) vs \(mean)")
            #expect(Self.close(result.series[1].points[idx].sd!, p.sd!), "total sd at \(t)")
        }
    }

    @Test("pure death from X0: binomial, X0·p·(1 − p) with p = e^{−dt}", arguments: [0.01, 62.4])
    func pureDeath(d: Double) throws {
        let outputs: [Double] = [0, 0.5, 1, 2, 4, 5].map { (x: Double) -> Double in x / d }
        let model = Self.oneCompartment(initial: 1000, horizon: outputs.last!, outputs: outputs, loss: d)
        let cov = try MomentsEngine(model: model).covarianceTrajectory()
        for (idx, t) in outputs.enumerated() {
            let p = exp(-d * t)
            #expect(Self.close(cov[idx][0, 0], 1000 * p * -expm1(-d * t)), "day \(t): \(cov[idx][0, 0])")
        }
    }

    @Test("linear birth-death: X0·(b+d)/(b−d)·e^{(b−d)t}·(e^{(b−d)t} − 1); critical 2·X0·b·t",
          arguments: [(0.0109, 0.0111), (0.02, 0.01), (0.01, 0.01), (3.0, 62.4)])
    func birthDeath(b: Double, d: Double) throws {
        let scale: Double = b == d ? 1 / b : 1 / abs(b - d)
        let outputs: [Double] = [0, 0.01, 0.1, 0.5, 1, 2, 4].map { (x: Double) -> Double in x * scale }
        let model = Self.oneCompartment(initial: 10, horizon: outputs.last!, outputs: outputs, loss: d, division: b)
        let trajectory = try MomentsEngine(model: model).momentTrajectory()
        for (idx, t) in outputs.enumerated() {
            let r = b - d
            let growth: Double = exp(r * t) * expm1(r * t)
            let variance: Double = r == 0 ? 20 * b * t : 10 * (b + d) / r * growth
            #expect(Self.close(trajectory.covariances[idx][0, 0], variance), "day \(t): \(trajectory.covariances[idx][0, 0]) vs \(variance)")
            #expect(Self.close(trajectory.means[idx][0], 10 * exp(r * t)))
        }
    }

    @Test("transfer chain 0 → 1 → out without division: multinomial covariance",
          arguments: [(0.05, 0.02), (0.3, 62.4), (62.4, 0.3)])
    func chain(k1: Double, k2: Double) throws {
        let outputs: [Double] = [0, 0.01, 0.1, 1, 3, 10, 30, 100]
        let w = TimeWindow(start: 0, end: 100)
        let model = NetworkModel(
            name: "chain", horizon: 100, outputTimes: outputs,
            compartments: [Compartment(name: "a", initial: 500), Compartment(name: "b")],
            flows: [Flow(from: 0, to: .compartment(1), rate: k1, window: w), Flow(from: 1, to: .out, rate: k2, window: w)])
        let trajectory = try MomentsEngine(model: model).momentTrajectory()
        for (idx, t) in outputs.enumerated() {
            let p1: Double = exp(-k1 * t)
            let p2: Double = k1 / (k2 - k1) * (exp(-k1 * t) - exp(-k2 * t))
            let c = trajectory.covariances[idx]
            #expect(Self.close(c[0, 0], 500 * p1 * (1 - p1), floor: 1e-12), "var a at \(t)")
            #expect(Self.close(c[1, 1], 500 * p2 * (1 - p2), floor: 1e-12), "var b at \(t): \(c[1, 1])")
            #expect(Self.close(c[0, 1], -500 * p1 * p2, floor: 1e-12), "cov at \(t): \(c[0, 1]) vs \(-500 * p1 * p2)")
            #expect(c[0, 1] == c[1, 0])
            let total: Double = 500 * (p1 + p2) * (1 - p1 - p2)
            #expect(Self.close(trajectory.totalStandardDeviation(time: idx), total.squareRoot(), floor: 1e-7))
        }
    }

    @Test("window edges, boluses, division and inflow: equal to an RK4 integration of the moment ODEs")
    func windowsAndBoluses() throws {
        var outputs = Array(stride(from: 0.0, through: 3 * 365.25, by: 28))
        outputs += [50.5, 100, 280, 400, 700, 3 * 365.25]
        outputs = Array(Set(outputs)).sorted()
        let model = MomentsEngineTests.twoCompartmentModel(outputs: outputs)
        let trajectory = try MomentsEngine(model: model).momentTrajectory()
        let reference = MomentODEReference(model: model).run()
        #expect(reference.covariances.count == outputs.count)
        for (k, t) in outputs.enumerated() {
            let scale = max(abs(reference.covariances[k][0][0]), abs(reference.covariances[k][1][1]))
            for i in 0..<2 {
                #expect(Self.close(trajectory.means[k][i], reference.means[k][i]), "mean \(i) at \(t)")
                for j in 0..<2 {
                    let got = trajectory.covariances[k][i, j], want = reference.covariances[k][i][j]
                    #expect(abs(got - want) <= Self.tolerance * scale, "Σ[\(i),\(j)] at day \(t): \(got) vs \(want)")
                }
            }
        }
        // A bolus leaves the covariance unchanged: the output at the bolus instant 50.5 equals its left limit.
        let k = outputs.firstIndex(of: 50.5)!
        let before = MomentsEngine(model: MomentsEngineTests.twoCompartmentModel(outputs: [50.5 - 1e-9]))
        let left = try before.covarianceTrajectory()[0]
        #expect(abs(left[1, 1] - trajectory.covariances[k][1, 1]) < 1e-6 * trajectory.covariances[k][1, 1])
    }

    @Test("three compartments, all processes: equal to the RK4 reference")
    func threeCompartments() throws {
        let h = 400.0
        let all = TimeWindow(start: 0, end: h)
        let model = NetworkModel(
            name: "three", horizon: h, outputTimes: [0, 0.25, 3, 17, 60, 150, 151, 299.5, 400],
            compartments: [Compartment(name: "blood", initial: 40), Compartment(name: "marrow", initial: 5), Compartment(name: "lung")],
            flows: [
                Flow(from: 0, to: .out, rate: 2.1, window: all),
                Flow(from: 0, to: .compartment(1), rate: 0.4, window: all),
                Flow(from: 0, to: .compartment(2), rate: 0.25, window: TimeWindow(start: 10, end: 200)),
                Flow(from: 1, to: .compartment(0), rate: 0.03, window: all),
                Flow(from: 2, to: .compartment(0), rate: 0.01, window: all),
                Flow(from: 2, to: .out, rate: 0.02, window: all),
            ],
            divisions: [Division(compartment: 1, rate: 0.028, window: all), Division(compartment: 2, rate: 0.015, window: TimeWindow(start: 150, end: 300))],
            inflows: [Inflow(compartment: 0, rate: 12, window: TimeWindow(start: 5, end: 150))],
            boluses: [Bolus(compartment: 0, cells: 300, time: 150), Bolus(compartment: 2, cells: 9, time: 299.5)])
        let trajectory = try MomentsEngine(model: model).momentTrajectory()
        let reference = MomentODEReference(model: model, stepsPerDay: 32).run()
        for (k, t) in model.outputTimes.enumerated() {
            let scale = (0..<3).map { abs(reference.covariances[k][$0][$0]) }.max()!
            for i in 0..<3 {
                for j in 0..<3 {
                    let got = trajectory.covariances[k][i, j], want = reference.covariances[k][i][j]
                    #expect(abs(got - want) <= Self.tolerance * scale, "Σ[\(i),\(j)] at day \(t): \(got) vs \(want)")
                }
            }
        }
    }
}
