import Foundation
import Testing
@testable import Engines
import RateModel

/// P(X_i(T) = 0) and P(X(T) = 0) against closed forms and an independent RK4
/// reference. With division the stated tolerance of the backward equation is
/// 1e-9 absolute on q (`MomentsEngine.extinctionTolerance` = 1e-10 on the sum
/// of local errors); the closed forms are checked to 1e-9 absolute on P, and
/// the division-free (exact) path to 1e-12.
@Suite("Moments engine: probability of being empty")
struct EmptyProbabilityTests {
    typealias Method = MomentsEngine.ExtinctionMethod

    static func empty(_ model: NetworkModel, method: Method? = nil) throws -> EmptyProbabilities {
        let engine = MomentsEngine(model: model)
        var cache = MomentStepCache(schedule: engine.schedule)
        return try engine.emptyProbabilities(walk: MomentWalk(stops: StopSchedule(model: model)),
                                             cache: &cache, method: method)
    }

    /// Kendall (1948): one cell of a linear birth-death process is extinct by t with probability
    /// `q = d·(e^{rt} − 1)/(b·e^{rt} − d)`, r = b − d; `dt/(1 + dt)` when b = d.
    static func kendall(b: Double, d: Double, t: Double) -> Double {
        let r = b - d
        if r == 0 { return d * t / (1 + d * t) }
        if t == 0 { return 0 }
        let g: Double = expm1(r * t)
        return d / (b + r / g) // = d·g/(b·g + r), without ∞/∞ when e^{rt} overflows
    }

    /// `∫₀^σ (1 − q(s)) ds = ln(1 + b·(e^{rσ} − 1)/r)/b` (`ln(1 + bσ)/b` when r = 0).
    static func kendallIntegral(b: Double, d: Double, sigma: Double) -> Double {
        let r = b - d
        let g: Double = r == 0 ? sigma : expm1(r * sigma) / r
        return log1p(b * g) / b
    }

    static func birthDeath(b: Double, d: Double, initial: Int, outputs: [Double], inflow: Inflow? = nil,
                           boluses: [Bolus] = []) -> NetworkModel {
        let h = outputs.last!
        let w = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "bd", horizon: h, outputTimes: outputs, compartments: [Compartment(name: "x", initial: initial)],
            flows: [Flow(from: 0, to: .out, rate: d, window: w)], divisions: [Division(compartment: 0, rate: b, window: w)],
            inflows: inflow.map { [$0] } ?? [], boluses: boluses)
    }

    @Test("linear birth-death: Kendall's q(t)^X0, including the critical case (d·t/(1 + d·t))^X0",
          arguments: [(0.0109, 0.0111), (0.02, 0.01), (0.01, 0.01), (0.5, 0.3)])
    func kendall(b: Double, d: Double) throws {
        let h = 50 * 365.25
        let outputs: [Double] = [0, 0.3, 7, 30, 100, 365.25, 1000, 3652.5, 10000, h]
        let result = try Self.empty(Self.birthDeath(b: b, d: d, initial: 3, outputs: outputs))
        for (k, t) in outputs.enumerated() {
            let exact = pow(Self.kendall(b: b, d: d, t: t), 3)
            #expect(abs(result.empty(time: k, compartment: 0) - exact) < 1e-9, "day \(t): \(result.empty(time: k, compartment: 0)) vs \(exact)")
            #expect(result.logTotal[k] == result.logCompartments[k][0])
        }
    }

    @Test("birth-death-immigration with an inflow window and a bolus: closed form")
    func birthDeathImmigration() throws {
        let (b, d, u) = (0.03, 0.05, 0.4)
        let outputs: [Double] = [0, 5, 20, 20.5, 60, 61, 200, 1000]
        let inflow = Inflow(compartment: 0, rate: u, window: TimeWindow(start: 20, end: 61))
        let model = Self.birthDeath(b: b, d: d, initial: 2, outputs: outputs, inflow: inflow,
                                    boluses: [Bolus(compartment: 0, cells: 4, time: 60)])
        let result = try Self.empty(model)
        for (k, t) in outputs.enumerated() {
            var log = 2 * Foundation.log(Self.kendall(b: b, d: d, t: t))
            if t >= 60 { log += 4 * Foundation.log(Self.kendall(b: b, d: d, t: t - 60)) }
            if t > 20 {
                log -= u * (Self.kendallIntegral(b: b, d: d, sigma: t - 20) - Self.kendallIntegral(b: b, d: d, sigma: max(t - 61, 0)))
            }
            let exact = exp(log)
            #expect(abs(result.empty(time: k, compartment: 0) - exact) < 1e-9, "day \(t): \(result.empty(time: k, compartment: 0)) vs \(exact)")
        }
        #expect(result.empty(time: outputs.firstIndex(of: 60)!, compartment: 0) == 0) // the bolus is in the output at day 60
    }

    @Test("immigration-death: P(0) = e^{−mean}, on both paths", arguments: [Method.cohorts, .backward])
    func immigrationDeath(method: Method) throws {
        let h = 50 * 365.25
        let outputs: [Double] = [0, 0.001, 0.01, 0.1, 1, 10, 100, 1000, h]
        for k in [1e-3, 0.3466, 62.4] {
            let w = TimeWindow(start: 0, end: h)
            let model = NetworkModel(
                name: "imm", horizon: h, outputTimes: outputs, compartments: [Compartment(name: "x")],
                flows: [Flow(from: 0, to: .out, rate: k, window: w)], inflows: [Inflow(compartment: 0, rate: 0.05, window: w)])
            let result = try Self.empty(model, method: method)
            for (idx, t) in outputs.enumerated() {
                let mean = 0.05 / k * -expm1(-k * t)
                #expect(abs(result.logCompartments[idx][0] + mean) <= 1e-12 * max(mean, 1e-3), "k \(k) day \(t)")
                #expect(abs(result.present(time: idx, compartment: 0) - -expm1(-mean)) <= 1e-12 * -expm1(-mean) + 1e-300)
            }
        }
    }

    @Test("pure death: (1 − e^{−dt})^X0, on both paths", arguments: [Method.cohorts, .backward])
    func pureDeath(method: Method) throws {
        for d in [0.01, 62.4] {
            let outputs: [Double] = [0, 0.01, 0.1, 0.5, 1, 3, 8].map { (x: Double) -> Double in x / d }
            let w = TimeWindow(start: 0, end: outputs.last!)
            let model = NetworkModel(
                name: "death", horizon: outputs.last!, outputTimes: outputs, compartments: [Compartment(name: "x", initial: 20)],
                flows: [Flow(from: 0, to: .out, rate: d, window: w)])
            let result = try Self.empty(model, method: method)
            for (k, t) in outputs.enumerated() {
                let exact = pow(-expm1(-d * t), 20)
                #expect(abs(result.empty(time: k, compartment: 0) - exact) <= 1e-12, "d \(d) day \(t)")
            }
        }
    }

    @Test("transfer chain with boluses (one at the horizon), no division: 1 − P from the transition probabilities",
          arguments: [Method.cohorts, .backward])
    func chain(method: Method) throws {
        let (k1, k2) = (0.3, 0.07)
        let outputs: [Double] = [0, 0.5, 2, 4, 4.5, 10, 30, 80]
        let w = TimeWindow(start: 0, end: 80)
        let model = NetworkModel(
            name: "chain", horizon: 80, outputTimes: outputs,
            compartments: [Compartment(name: "a", initial: 6), Compartment(name: "b", initial: 1)],
            flows: [Flow(from: 0, to: .compartment(1), rate: k1, window: w), Flow(from: 1, to: .out, rate: k2, window: w)],
            boluses: [Bolus(compartment: 1, cells: 2, time: 4), Bolus(compartment: 0, cells: 1, time: 80)])
        let result = try Self.empty(model, method: method)
        #expect(result.logCompartments[outputs.count - 1][0] == -.infinity) // the bolus at the horizon is in the last output
        for (k, t) in outputs.enumerated() {
            let p1: Double = exp(-k1 * t)                                   // a-cell still in a
            let p2: Double = k1 / (k2 - k1) * (exp(-k1 * t) - exp(-k2 * t)) // a-cell now in b
            let stay = exp(-k2 * t)                                         // b-cell still in b
            let bolusStay = t >= 4 ? exp(-k2 * (t - 4)) : 0
            let emptyA = t == 80 ? 0 : pow(1 - p1, 6)
            let emptyB = pow(1 - p2, 6) * (1 - stay) * pow(1 - bolusStay, 2)
            let emptyAll = t == 80 ? 0 : pow(1 - p1 - p2, 6) * (1 - stay) * pow(1 - bolusStay, 2)
            #expect(abs(result.empty(time: k, compartment: 0) - emptyA) < 1e-12, "a at \(t)")
            #expect(abs(result.empty(time: k, compartment: 1) - emptyB) < 1e-12, "b at \(t)")
            #expect(abs(result.totalEmpty(time: k) - emptyAll) < 1e-12, "total at \(t)")
        }
    }

    /// Plasma with a 16-minute half-life beside a slowly dividing tissue, with inflow and a bolus.
    static func stiffModel(outputs: [Double]) -> NetworkModel {
        let h = outputs.last!
        let all = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "stiff", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "plasma", initial: 100), Compartment(name: "tissue")],
            flows: [
                Flow(from: 0, to: .out, rate: log(2.0) / (16.0 / 1440), window: all),
                Flow(from: 0, to: .compartment(1), rate: 2, window: all),
                Flow(from: 1, to: .compartment(0), rate: 0.05, window: all),
                Flow(from: 1, to: .out, rate: 0.03, window: all),
            ],
            divisions: [Division(compartment: 1, rate: 0.04, window: all)],
            inflows: [Inflow(compartment: 0, rate: 5, window: TimeWindow(start: 0, end: 10))],
            boluses: [Bolus(compartment: 1, cells: 3, time: 2)])
    }

    @Test("stiff: 16-minute half-life beside slow division, against an RK4 reference at tiny steps")
    func stiff() throws {
        let outputs: [Double] = [0, 0.01, 0.5, 2, 3, 12]
        let model = Self.stiffModel(outputs: outputs)
        let result = try Self.empty(model)
        let reference = ExtinctionODEReference(model: model)
        for (k, t) in outputs.enumerated() where t > 0 {
            let expected = reference.logEmpty(at: t, targets: [[0], [1], [0, 1]])
            let got = [result.empty(time: k, compartment: 0), result.empty(time: k, compartment: 1), result.totalEmpty(time: k)]
            for s in 0..<3 {
                #expect(abs(got[s] - exp(expected[s])) < 1e-9, "target \(s) at day \(t): \(got[s]) vs \(exp(expected[s]))")
            }
        }
    }

    @Test("the whole process is empty with the product of independent, uncoupled compartments")
    func uncoupledProduct() throws {
        let h = 20 * 365.25
        let w = TimeWindow(start: 0, end: h)
        let outputs: [Double] = [0, 1, 30, 365.25, 3652.5, h]
        let model = NetworkModel(
            name: "uncoupled", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "a", initial: 2), Compartment(name: "b", initial: 1), Compartment(name: "c", initial: 5)],
            flows: [Flow(from: 0, to: .out, rate: 0.011, window: w), Flow(from: 1, to: .out, rate: 0.004, window: w),
                    Flow(from: 2, to: .out, rate: 62.4, window: w)],
            divisions: [Division(compartment: 0, rate: 0.0109, window: w), Division(compartment: 1, rate: 0.004, window: w)])
        let result = try Self.empty(model)
        for (k, t) in outputs.enumerated() {
            let product = (0..<3).map { result.logCompartments[k][$0] }.reduce(0, +)
            #expect(abs(result.totalEmpty(time: k) - exp(product)) < 1e-12, "day \(t)")
            let kendall = pow(Self.kendall(b: 0.0109, d: 0.011, t: t), 2) * Self.kendall(b: 0.004, d: 0.004, t: t)
                * pow(-expm1(-62.4 * t), 5)
            #expect(abs(result.totalEmpty(time: k) - kendall) < 1e-9, "day \(t): \(result.totalEmpty(time: k)) vs \(kendall)")
        }
    }

    @Test("backward path equals the exact cohort path across window edges, inflow pieces and boluses")
    func pathsAgree() throws {
        var outputs = Array(stride(from: 0.0, through: 3 * 365.25, by: 14))
        outputs += [50.5, 100, 280, 400, 700, 3 * 365.25]
        outputs = Array(Set(outputs)).sorted()
        var model = MomentsEngineTests.twoCompartmentModel(outputs: outputs)
        model.divisions = []
        model.inflows = [Inflow(compartment: 0, rate: 0.02, window: TimeWindow(start: 0, end: 280)),
                         Inflow(compartment: 1, rate: 0.001, window: TimeWindow(start: 30, end: 500))]
        model.compartments[0].initial = 2
        model.boluses = [Bolus(compartment: 0, cells: 3, time: 280), Bolus(compartment: 1, cells: 1, time: 50.5)]
        let exact = try Self.empty(model, method: .cohorts)
        let backward = try Self.empty(model, method: .backward)
        // A negligible division (1e-13 per day) switches the backward path to its nonlinear integrator.
        var dividing = model
        dividing.divisions = [Division(compartment: 1, rate: 1e-13, window: TimeWindow(start: 100, end: 700))]
        let nonlinear = try Self.empty(dividing)
        for k in outputs.indices {
            for i in 0..<2 {
                #expect(abs(exact.empty(time: k, compartment: i) - backward.empty(time: k, compartment: i)) < 1e-12)
                #expect(abs(exact.empty(time: k, compartment: i) - nonlinear.empty(time: k, compartment: i)) < 1e-9)
            }
            #expect(abs(exact.totalEmpty(time: k) - backward.totalEmpty(time: k)) < 1e-12, "total at \(outputs[k])")
            #expect(abs(exact.totalEmpty(time: k) - nonlinear.totalEmpty(time: k)) < 1e-9)
        }
    }

    @Test("run() reports sd and p_present for every series; p_present is 1 − P(empty)")
    func runFillsStatistics() throws {
        let model = Self.stiffModel(outputs: [0, 1, 5, 12])
        let result = try MomentsEngine(model: model).run()
        let empty = try MomentsEngine(model: model).emptyProbabilities()
        let moments = try MomentsEngine(model: model).momentTrajectory()
        for (k, _) in model.outputTimes.enumerated() {
            for i in 0..<2 {
                let point = result.series[i].points[k]
                #expect(point.pPresent == empty.present(time: k, compartment: i))
                #expect(point.sd == moments.covariances[k][i, i].squareRoot())
                #expect(point.quantiles == nil)
            }
            #expect(result.series[2].points[k].pPresent == empty.totalPresent(time: k))
        }
        #expect(result.series[0].points[0].pPresent == 1 && result.series[1].points[0].pPresent == 0)
        #expect(result.series[0].points[0].sd == 0)
    }
}
