import Foundation
import Testing
@testable import Engines
import RateModel

/// `MomentsEngine.generatingWork` reads the cost of a backward solve off the
/// plan the solve will make. Its absolute scale is fitted (docs/performance.md);
/// these tests hold its structure, which a wrong plan would break: linear in
/// the columns solved, growing with the time solved back over, smaller where
/// the solver restricts itself to fewer compartments, and nothing backward
/// for a part without division.
@Suite("Moments engine: the work of a backward solve, estimated before it runs")
struct GeneratingWorkTests {
    static let family = RestrictedStepTests.family()

    static func work(_ targets: [GeneratingTarget], at times: [Double], model: NetworkModel = family) -> Double {
        MomentsEngine(model: model).generatingWork([(targets, times)])[0]
    }

    @Test("two columns on the same compartments cost exactly twice one; each solve of a batch as if alone")
    func linearInColumns() {
        let one = Self.work([GeneratingTarget(compartments: [2])], at: [200])
        let two = Self.work([GeneratingTarget(compartments: [2]), GeneratingTarget(compartments: [2], argument: 0.3)], at: [200])
        #expect(one > 0)
        #expect(two == 2 * one)
        // The same target twice is one column (the plan solves each distinct piece once).
        #expect(Self.work([GeneratingTarget(compartments: [2]), GeneratingTarget(compartments: [2])], at: [200]) == one)
        let batch = MomentsEngine(model: Self.family).generatingWork([([GeneratingTarget(compartments: [2])], [200]),
                                                                      ([GeneratingTarget(compartments: [4])], [50, 200])])
        #expect(batch == [one, Self.work([GeneratingTarget(compartments: [4])], at: [50, 200])])
    }

    @Test("solving from a later time, or at more output times, costs more")
    func growsWithTime() {
        let target = [GeneratingTarget(compartments: [0])]
        let early = Self.work(target, at: [25]), late = Self.work(target, at: [100]), latest = Self.work(target, at: [200])
        #expect(early < late && late < latest, "\(early), \(late), \(latest)")
        #expect(Self.work(target, at: [100, 200]) > latest)
    }

    /// After day 30 the sister's blood (4) is reached from no other compartment, and it does not
    /// divide: a column on it is stepped on one compartment there; the son's blood (2) is reached
    /// from his marrow, which divides.
    @Test("a target the solver restricts to fewer compartments costs less")
    func restricted() {
        let sister = Self.work([GeneratingTarget(compartments: [4])], at: [200])
        let son = Self.work([GeneratingTarget(compartments: [2])], at: [200])
        #expect(sister < son, "\(sister) vs \(son)")
    }

    @Test("a network without division is evaluated forward: no per-step cost, the same for any time solved")
    func divisionFree() {
        let w = TimeWindow(start: 0, end: 100)
        let model = NetworkModel(name: "chain", horizon: 100, outputTimes: [100],
                                 compartments: [Compartment(name: "a", initial: 4), Compartment(name: "b")],
                                 flows: [Flow(from: 0, to: .compartment(1), rate: 0.1, window: w), Flow(from: 1, to: .out, rate: 0.05, window: w)])
        let target = [GeneratingTarget(compartments: [1])]
        let near = Self.work(target, at: [1], model: model), far = Self.work(target, at: [100], model: model)
        #expect(near > 0 && near == far)
        #expect(near < Self.work([GeneratingTarget(compartments: [2])], at: [1]))
    }
}
