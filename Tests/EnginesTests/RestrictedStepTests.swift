import Foundation
import Testing
@testable import Engines
import RateModel

/// `RiccatiStepper` steps each gap on the compartments that can reach a
/// non-zero p only. A twin-like family where the hosts exchange cells during
/// a pregnancy and not after it exercises every case: after day 30 a target
/// in the son restricts the son's part to his compartments (one of which
/// divides), a target in his sister to her single compartment, which does
/// not divide (the restricted block is linear), and before day 30 nothing is
/// restricted. Held to 1e-9 on G, as the other generating-function tests,
/// against `ExtinctionODEReference` (plain RK4, no restriction).
@Suite("Moments engine: gaps stepped on the compartments that matter")
struct RestrictedStepTests {
    static let outputs: [Double] = [0, 10, 30, 31, 100, 200]

    /// 0 mother's blood and 1 her marrow (both divide), 2 son's blood, 3 his
    /// marrow (divides), 4 sister's blood; the three hosts exchange cells on
    /// [0, 30) only; inflow into the sister on [0, 30), a bolus into the
    /// mother at day 20, initial cells in the mother and the son's marrow.
    static func family() -> NetworkModel {
        let all = TimeWindow(start: 0, end: 200), pregnancy = TimeWindow(start: 0, end: 30)
        func flow(_ a: Int, _ b: Int, _ r: Double, _ w: TimeWindow = all) -> Flow { Flow(from: a, to: .compartment(b), rate: r, window: w) }
        return NetworkModel(
            name: "twins", horizon: 200, outputTimes: outputs,
            compartments: [Compartment(name: "m_blood", initial: 3), Compartment(name: "m_marrow"), Compartment(name: "s_blood"),
                           Compartment(name: "s_marrow", initial: 2), Compartment(name: "t_blood")],
            flows: [flow(0, 1, 0.1), flow(1, 0, 0.05), flow(2, 3, 0.08), flow(3, 2, 0.03),
                    flow(0, 2, 0.02, pregnancy), flow(2, 0, 0.01, pregnancy), flow(4, 2, 0.03, pregnancy), flow(2, 4, 0.02, pregnancy),
                    flow(4, 0, 0.01, pregnancy),
                    Flow(from: 0, to: .out, rate: 0.03, window: all), Flow(from: 1, to: .out, rate: 0.012, window: all),
                    Flow(from: 2, to: .out, rate: 0.05, window: all), Flow(from: 3, to: .out, rate: 0.02, window: all),
                    Flow(from: 4, to: .out, rate: 0.04, window: all)],
            divisions: [Division(compartment: 0, rate: 0.02, window: all), Division(compartment: 1, rate: 0.01, window: all),
                        Division(compartment: 3, rate: 0.015, window: all)],
            inflows: [Inflow(compartment: 4, rate: 5, window: pregnancy)],
            boluses: [Bolus(compartment: 0, cells: 10, time: 20)])
    }

    @Test("targets in one host after the exchange ends: equal to the unrestricted RK4 reference", arguments: [0.0, 0.3])
    func oneHostTargets(s: Double) throws {
        let model = Self.family()
        let engine = MomentsEngine(model: model)
        let reference = ExtinctionODEReference(model: model, stepsPerDay: 64)
        // Solved together, the columns of a batch restrict to the union of what they need:
        // the son's three targets to his compartments; the others one by one, and two across hosts.
        for sets in [[[2], [3], [2, 3]], [[4]], [[0]], [[1]], [[0, 4]], [[1, 2, 4]]] {
            let logs = try engine.logGeneratingFunction(targets: sets.map { GeneratingTarget(compartments: $0, argument: s) })
            for (k, t) in Self.outputs.enumerated() where t > 0 {
                let expected = reference.logGenerating(at: t, targets: sets, argument: s)
                for c in sets.indices {
                    #expect(abs(exp(logs[k][c]) - exp(expected[c])) <= 1e-9, "s \(s), set \(sets[c]), day \(t): \(logs[k][c]) vs \(expected[c])")
                }
            }
        }
    }
}
