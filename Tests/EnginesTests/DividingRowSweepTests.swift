import Foundation
import Testing
@testable import Engines
import LinearAlgebra
import RateModel

/// `RiccatiStepper` solves each step's node equations on the rows of the
/// dividing compartments alone and recovers `p(h)` and `∫₀ʰ p` from the
/// converged `N` by precomposed maps (`CompactWeights`). That is the same
/// collocation solution as sweeping every node row (`fullSweeps`, the earlier
/// form, kept for this comparison): the two agree far inside the solver's
/// tolerance (1e-10 on the sum of local errors), and the reduced form still
/// meets the RK4 reference at the 1e-9 every generating-function test uses.
@Suite("Moments engine: sweeps on the dividing rows")
struct DividingRowSweepTests {
    /// A host-like part of 12 compartments of which 3 divide (blood feeding
    /// nine tissues, three of them self-renewing, and a mature pool), whose
    /// transfer and division change at day 60 and day 200 (three blocks), with
    /// an inflow, a bolus and initial cells; and a second part of two
    /// compartments, one dividing, so the network has two parts.
    static func model() -> NetworkModel {
        let all = TimeWindow(start: 0, end: 900), early = TimeWindow(start: 0, end: 60)
        let middle = TimeWindow(start: 60, end: 200), late = TimeWindow(start: 200, end: 900)
        var flows: [Flow] = []
        for t in 1...9 {
            flows.append(Flow(from: 0, to: .compartment(t), rate: 0.004 * Double(t), window: all))
            flows.append(Flow(from: t, to: .compartment(0), rate: 0.002 + 0.0005 * Double(t), window: all))
            flows.append(Flow(from: t, to: .out, rate: 0.001 * Double(10 - t), window: all))
        }
        flows += [Flow(from: 0, to: .compartment(10), rate: 0.3, window: early),
                  Flow(from: 0, to: .compartment(10), rate: 0.1, window: middle),
                  Flow(from: 10, to: .compartment(11), rate: 0.05, window: all),
                  Flow(from: 11, to: .out, rate: 0.2, window: all),
                  Flow(from: 10, to: .out, rate: 0.5, window: all),
                  Flow(from: 0, to: .out, rate: 0.05, window: all),
                  Flow(from: 12, to: .compartment(13), rate: 0.02, window: all),
                  Flow(from: 13, to: .compartment(12), rate: 0.01, window: all),
                  Flow(from: 13, to: .out, rate: 0.015, window: all)]
        return NetworkModel(
            name: "host", horizon: 900, outputTimes: [0, 20, 59, 60, 100, 199, 200, 250, 400, 401, 600, 899, 900],
            compartments: (0..<14).map { Compartment(name: "c\($0)", initial: $0 == 3 ? 4 : ($0 == 12 ? 2 : 0)) },
            flows: flows,
            divisions: [Division(compartment: 2, rate: 0.006, window: all), Division(compartment: 5, rate: 0.02, window: middle),
                        Division(compartment: 5, rate: 0.004, window: late), Division(compartment: 8, rate: 0.009, window: all),
                        Division(compartment: 13, rate: 0.012, window: all)],
            inflows: [Inflow(compartment: 0, rate: 40, window: early), Inflow(compartment: 0, rate: 2, window: middle)],
            boluses: [Bolus(compartment: 0, cells: 500, time: 100), Bolus(compartment: 4, cells: 7, time: 401)])
    }

    /// The terminal columns of a part: each compartment alone, and every one together.
    static func terminals(_ members: [Int], argument s: Double) -> [[Double]] {
        members.indices.map { a in members.indices.map { $0 == a ? 1 - s : 0 } } + [members.map { _ in 1 - s }]
    }

    @Test("reduced sweeps equal full sweeps within 1e-12 on ln G, every part, column and output", arguments: [0.0, 0.6])
    func reducedEqualsFull(s: Double) throws {
        for model in [Self.model(), ConcurrentMomentsTests.model(), RestrictedStepTests.family()] {
            let schedule = EpochSchedule(model: model)
            let parts = NetworkParts(schedule: schedule, count: model.count)
            for (p, members) in parts.members.enumerated() where parts.divides[p] {
                let terminal = Self.terminals(members, argument: s)
                let reduced = try BackwardExtinction.logGenerating(model: model, schedule: schedule, part: members, terminal: terminal,
                                                                   tolerance: MomentsEngine.extinctionTolerance)
                let full = try BackwardExtinction.logGenerating(model: model, schedule: schedule, part: members, terminal: terminal,
                                                                tolerance: MomentsEngine.extinctionTolerance, fullSweeps: true)
                #expect(reduced.count == full.count)
                // Equal values include ln P(empty) = −∞ where a cell is surely present (initial cells at T = 0).
                let worst = zip(reduced, full).map { $0 == $1 ? 0 : abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                #expect(worst <= 1e-12, "\(model.name), part \(members), s \(s): largest difference \(worst)")
            }
        }
    }

    @Test("the 12-compartment part with 3 dividing meets the RK4 reference at 1e-9")
    func meetsReference() throws {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let reference = ExtinctionODEReference(model: model, stepsPerDay: 16)
        let sets = [[0], [2], [5], [10], [11], [1, 2, 3, 4, 5, 6, 7, 8, 9], Array(0...13)]
        let logs = try engine.logGeneratingFunction(targets: sets.map { GeneratingTarget(compartments: $0) })
        for (k, t) in model.outputTimes.enumerated() where t > 0 {
            let expected = reference.logGenerating(at: t, targets: sets, argument: 0)
            for c in sets.indices {
                #expect(abs(exp(logs[k][c]) - exp(expected[c])) <= 1e-9, "set \(sets[c]), day \(t): \(logs[k][c]) vs \(expected[c])")
            }
        }
    }

    @Test("a part's outputs split into ranges of about equal crossing work, every output once; one-block parts unsplit")
    func outputRanges() {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let ranges = engine.outputRanges(part: Array(0..<12), pieces: 2)
        #expect(ranges.count == 2 && ranges.first?.lowerBound == 0 && ranges.last?.upperBound == model.outputTimes.count)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty && !$1.isEmpty })
        // Blocks start at 0, 60 and 200 for this part: the outputs weigh 0 (three), 60 (three) or 200 days (seven);
        // half of the 1,580 is passed at the output of day 401, the tenth.
        #expect(ranges[0] == 0..<10, "\(ranges)")
        #expect(engine.outputRanges(part: Array(0..<12), pieces: 1) == [0..<model.outputTimes.count])
        // The second part has the same rates throughout (one block): nothing crosses, nothing is split.
        #expect(engine.outputRanges(part: [12, 13], pieces: 2) == [0..<model.outputTimes.count])
    }

    @Test("the split solves give the unsplit solve's ln G within 1e-12, on 1 and 3 threads alike", arguments: [0.0, 0.6])
    func splitEqualsWhole(s: Double) throws {
        for model in [Self.model(), ConcurrentMomentsTests.model()] {
            let engine = MomentsEngine(model: model)
            let parts = NetworkParts(schedule: engine.schedule, count: model.count)
            var targets: [GeneratingTarget] = []
            var whole: [[Double]] = []
            for (p, members) in parts.members.enumerated() where parts.divides[p] {
                targets += members.map { GeneratingTarget(compartments: [$0], argument: s) } + [GeneratingTarget(compartments: members, argument: s)]
                let values = try BackwardExtinction.logGenerating(model: model, schedule: engine.schedule, part: members,
                                                                  terminal: Self.terminals(members, argument: s),
                                                                  tolerance: MomentsEngine.extinctionTolerance)
                whole.append(values)
            }
            let split = try engine.logGeneratingFunction(targets: targets)
            let threaded = try engine.logGeneratingFunction(targets: targets, threads: 3)
            #expect(split.map { $0.map(\.bitPattern) } == threaded.map { $0.map(\.bitPattern) })
            var column = 0
            for values in whole {
                let pieces = values.count / model.outputTimes.count
                for k in model.outputTimes.indices {
                    for c in 0..<pieces {
                        let (a, b) = (split[k][column + c], values[k * pieces + c])
                        #expect(a == b || abs(a - b) <= 1e-12 * max(1, abs(b)), "\(model.name), output \(k), piece \(c): \(a) vs \(b)")
                    }
                }
                column += pieces
            }
        }
    }
}
