import Foundation
import Testing
@testable import Engines
import RateModel

/// The moments engine's mean against independent closed forms, to 1e-9
/// relative at every output time, across window edges and boluses.
@Suite("Moments engine: exact mean")
struct MomentsEngineTests {
    static let tolerance = 1e-9

    /// Blood and marrow with immigration, transfer both ways, loss and a
    /// division window, and boluses on and between output times.
    static func twoCompartmentModel(outputs: [Double]) -> NetworkModel {
        let h = 3 * 365.25
        let all = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "two", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "blood", initial: 1000), Compartment(name: "marrow", initial: 3)],
            flows: [
                Flow(from: 0, to: .out, rate: log(2.0) / 2, window: all),
                Flow(from: 0, to: .compartment(1), rate: 0.004, window: all),
                Flow(from: 0, to: .compartment(1), rate: 0.002, window: TimeWindow(start: 280, end: 400)), // adds up
                Flow(from: 1, to: .compartment(0), rate: 0.0002, window: all),
                Flow(from: 1, to: .out, rate: 0.0012, window: all),
            ],
            divisions: [Division(compartment: 1, rate: 0.001, window: TimeWindow(start: 100, end: 700))],
            inflows: [Inflow(compartment: 0, rate: 2000, window: TimeWindow(start: 0, end: 280))],
            boluses: [
                Bolus(compartment: 0, cells: 500, time: 280),      // on an output time and a window edge
                Bolus(compartment: 1, cells: 40, time: 50.5),      // between output times
                Bolus(compartment: 1, cells: 7, time: 50.5),       // same instant: adds up
            ])
    }

    /// The reference: step the closed form from breakpoint to breakpoint in the test itself.
    static func reference(_ outputs: [Double]) -> [[Double]] {
        let k = log(2.0) / 2
        func generator(_ t: Double) -> AnalyticMean2 {
            let toMarrow = 0.004 + ((280..<400).contains(t) ? 0.002 : 0)
            let division = (100..<700).contains(t) ? 0.001 : 0
            let inflow = t < 280 ? 2000.0 : 0
            return AnalyticMean2(
                a: [[-k - toMarrow, 0.0002], [toMarrow, -0.0002 - 0.0012 + division]],
                u: [inflow, 0])
        }
        let edges: [Double] = [50.5, 100, 280, 400, 700]
        var m = [1000.0, 3.0]
        var t = 0.0
        var result: [[Double]] = []
        for tau in outputs {
            while t < tau {
                let next = min(tau, edges.first { $0 > t } ?? .infinity)
                m = generator(t).advance(m, by: next - t)
                t = next
                if t == 50.5 { m[1] += 47 }
                if t == 280 { m[0] += 500 }
            }
            result.append(m)
        }
        return result
    }

    @Test("two compartments with every process: mean equals Sylvester's closed form")
    func twoCompartments() throws {
        var outputs = Array(stride(from: 0.0, through: 3 * 365.25, by: 7))
        outputs += [100, 280, 400, 700, 3 * 365.25]
        outputs = Array(Set(outputs)).sorted()
        let result = try MomentsEngine(model: Self.twoCompartmentModel(outputs: outputs)).run()
        let expected = Self.reference(outputs)
        #expect(result.series.map(\.label.compartment) == [.named("blood"), .named("marrow"), .total])
        for (k, t) in outputs.enumerated() {
            for i in 0..<2 {
                let got = result.series[i].points[k].mean
                let rel = abs(got - expected[k][i]) / abs(expected[k][i])
                #expect(rel < Self.tolerance, "compartment \(i) at day \(t): \(got) vs \(expected[k][i])")
            }
            let total = result.series[2].points[k].mean
            #expect(abs(total - expected[k][0] - expected[k][1]) <= 1e-9 * total)
        }
        // Right-continuity: the bolus of 500 at day 280 is already in the output at 280.
        let i280 = outputs.firstIndex(of: 280)!
        #expect(result.series[0].points[i280].mean > 500)
    }

    @Test("immigration-death: m(t) = u/k + (m₀ − u/k)·e^{−kt}", arguments: [1e-3, 0.3466, 62.4])
    func immigrationDeath(k: Double) throws {
        let h = 50 * 365.25
        let outputs = stride(from: 0.0, through: h, by: 365.25 / 12).map { $0 }
        let model = NetworkModel(
            name: "imm-death", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "x", initial: 250)],
            flows: [Flow(from: 0, to: .out, rate: k, window: TimeWindow(start: 0, end: h))],
            inflows: [Inflow(compartment: 0, rate: 30, window: TimeWindow(start: 0, end: h))])
        let result = try MomentsEngine(model: model).run()
        for (idx, t) in outputs.enumerated() {
            let exact = 30 / k + (250 - 30 / k) * exp(-k * t)
            #expect(abs(result.series[0].points[idx].mean - exact) / exact < Self.tolerance)
        }
    }

    @Test("pure birth in one compartment: m(t) = m₀·e^{(b−d)t}")
    func birthDeath() throws {
        let h = 30 * 365.25
        let outputs = [0, 1, 10, 100, 1000, h]
        let w = TimeWindow(start: 0, end: h)
        let model = NetworkModel(
            name: "bd", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "x", initial: 10)],
            flows: [Flow(from: 0, to: .out, rate: 0.0012, window: w)],
            divisions: [Division(compartment: 0, rate: 0.001, window: w)])
        let result = try MomentsEngine(model: model).run()
        for (idx, t) in outputs.enumerated() {
            let exact = 10 * exp(-0.0002 * t)
            #expect(abs(result.series[0].points[idx].mean - exact) / exact < Self.tolerance)
        }
    }

    @Test("a model that breaks an invariant is refused")
    func invalid() {
        let model = NetworkModel(name: "bad", horizon: 10, outputTimes: [0, 11], compartments: [Compartment(name: "x")])
        #expect(throws: EngineError.self) { try MomentsEngine(model: model).run() }
    }
}
