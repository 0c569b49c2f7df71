import Foundation
import Testing
@testable import Engines
import LinearAlgebra
import RateModel

/// Moments part by part equal the moments of the whole network: two
/// independent parts (interleaved indices, division, windows, inflows and
/// boluses) give the same means and covariance to 1e-12 relative, with exact
/// zeros between parts. The whole-network pass is the reference: it is
/// checked against closed forms and an RK4 integration in CovarianceTests.
@Suite("Moments engine: part by part")
struct PartwiseMomentsTests {
    static func model() -> NetworkModel {
        let all = TimeWindow(start: 0, end: 400), early = TimeWindow(start: 0, end: 150), late = TimeWindow(start: 150, end: 400)
        // Part A: compartments 0 and 2; part B: 1 and 3 (indices interleaved on purpose).
        return NetworkModel(
            name: "two parts", horizon: 400, outputTimes: [0, 50, 100, 150, 200.5, 300, 400],
            compartments: [Compartment(name: "a0", initial: 100), Compartment(name: "b1", initial: 0),
                           Compartment(name: "a2", initial: 5), Compartment(name: "b3", initial: 0)],
            flows: [Flow(from: 0, to: .compartment(2), rate: 0.05, window: early),
                    Flow(from: 2, to: .compartment(0), rate: 0.01, window: all),
                    Flow(from: 0, to: .out, rate: 0.02, window: all),
                    Flow(from: 1, to: .compartment(3), rate: 0.03, window: all),
                    Flow(from: 3, to: .out, rate: 0.004, window: late),
                    Flow(from: 1, to: .compartment(0), rate: 0, window: all)],   // rate 0: no link
            divisions: [Division(compartment: 2, rate: 0.008, window: all), Division(compartment: 3, rate: 0.002, window: early)],
            inflows: [Inflow(compartment: 1, rate: 3, window: early)],
            boluses: [Bolus(compartment: 3, cells: 40, time: 200.5)])
    }

    @Test("block-diagonal covariance and means equal the whole-network pass")
    func matchesWhole() throws {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let parts = NetworkParts(schedule: engine.schedule, count: model.count)
        #expect(parts.members == [[0, 2], [1, 3]])
        let whole = try engine.momentTrajectory()
        let byPart = try engine.partwiseMomentTrajectory(parts: parts)
        for k in model.outputTimes.indices {
            for i in 0..<4 {
                let (a, b) = (whole.means[k][i], byPart.means[k][i])
                #expect(abs(a - b) <= 1e-12 * max(abs(a), 1), "mean \(i) at output \(k): \(a) vs \(b)")
                for j in 0..<4 {
                    let (x, y) = (whole.covariances[k][i, j], byPart.covariances[k][i, j])
                    #expect(abs(x - y) <= 1e-12 * max(abs(x), 1), "cov(\(i), \(j)) at output \(k): \(x) vs \(y)")
                    if parts.label[i] != parts.label[j] { #expect(y == 0) }
                }
            }
        }
        #expect(byPart.means.last![3] > 0 && byPart.covariances.last![2, 2] > 0, "both parts hold cells at the end")
    }
}
