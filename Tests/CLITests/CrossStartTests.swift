import Foundation
@testable import MicrochimeraKit
import Optimization
import Testing

/// `CalibrationPipeline.crossStart`: one structure's estimate as a start for
/// another, on the stand-in suite of the calibrate tests (three parameters)
/// and a structure without marrow self-renewal (two).
@Suite("Cross-structure starts")
struct CrossStartTests {
    static func problems() throws -> (full: FitProblem, nested: FitProblem) {
        let dir = try CalibrateCommandTests.folder()
        let nested = CalibrateCommandTests.fitFile(CalibrateCommandTests.studies, name: "nested")
            .split(separator: "\n").filter { !$0.contains("self_renewal") }.joined(separator: "\n") + "\n"
        _ = try CLIHarness.write(nested, named: "nested.yaml", in: dir)
        func load(_ file: String) throws -> FitProblem {
            try FitPipeline.load(FitRequest(fitFilePath: dir.appendingPathComponent(file).path, threads: 1))
        }
        return (try load("suite.yaml"), try load("nested.yaml"))
    }

    static func structure(_ name: String, _ problem: FitProblem, _ point: [Double]) -> CalibrationPipeline.FittedStructure {
        .init(name: name, problem: problem, best: OptimizationResult(point: point, value: problem.objective(point), evaluations: 1,
                                                                       status: .converged("test"), start: point))
    }

    @Test("shared parameters keep the source's values; the missing one takes the best of four fills, by the objective")
    func fillsTheMissingCoordinateWithTheBestOfFour() throws {
        let (full, nested) = try Self.problems()
        #expect(full.coordinates.map(\.parameter.name).contains("cell_types.progenitor.tissues.bone_marrow.self_renewal"))
        #expect(nested.coordinates.count == 2)
        // The source: half-life 4 days, homing 0.02/day (in the nested problem's coordinates).
        let names = nested.coordinates.map(\.parameter.name)
        let values = ["cell_types.progenitor.clearance.half_life": 4.0, "cell_types.progenitor.homing.bone_marrow": 0.02]
        let sourcePoint = nested.coordinates.indices.map { nested.coordinates[$0].coordinate(values[names[$0]]!) }
        let source = Self.structure("nested", nested, sourcePoint)
        let targetPoint = full.box.lower.indices.map { full.box.lower[$0] + 0.3 * (full.box.upper[$0] - full.box.lower[$0]) }
        let target = Self.structure("full", full, targetPoint)
        let (start, value) = CalibrationPipeline.crossStart(source, into: target, objective: full.objective)
        #expect(value == full.objective(start))
        let renewal = try #require(full.coordinates.firstIndex { $0.parameter.name.hasSuffix("self_renewal") })
        for (j, c) in full.coordinates.enumerated() where j != renewal {
            #expect(abs(c.value(start[j]) - values[c.parameter.name]!) <= 1e-12 * values[c.parameter.name]!)
        }
        // The four fills of the missing coordinate, evaluated here: the start must hold the lowest.
        let box = full.box
        let fills = [targetPoint[renewal], box.lower[renewal], box.upper[renewal], (box.lower[renewal] + box.upper[renewal]) / 2]
        let objectives = fills.map { fill -> Double in
            var x = start
            x[renewal] = fill
            return full.objective(x)
        }
        let lowest = objectives.indices.min { objectives[$0] < objectives[$1] }!
        #expect(start[renewal] == fills[lowest], "fills \(fills) with objectives \(objectives), start \(start[renewal])")
        // The other way round nothing is missing: the start is the mapped estimate itself.
        let (back, backValue) = CalibrationPipeline.crossStart(target, into: source, objective: nested.objective)
        #expect(backValue == nested.objective(back))
        #expect(back.count == 2 && full.coordinates.indices.filter { $0 != renewal }.enumerated().allSatisfy { k, j in
            abs(nested.coordinates[k].value(back[k]) - full.coordinates[j].value(targetPoint[j])) <= 1e-9 * full.coordinates[j].value(targetPoint[j])
        })
    }

    @Test("an alternative's starts: the source's values for shared parameters, 5 levels (bounds, quarters, middle) of its own; nothing to vary, one start")
    func extensionStartsGridTheAlternativesOwnParameters() throws {
        let (full, nested) = try Self.problems()
        let names = nested.coordinates.map(\.parameter.name)
        let values = ["cell_types.progenitor.clearance.half_life": 4.0, "cell_types.progenitor.homing.bone_marrow": 0.02]
        let source = Self.structure("nested", nested, nested.coordinates.indices.map { nested.coordinates[$0].coordinate(values[names[$0]]!) })
        let starts = CalibrationPipeline.extensionStarts(from: source, into: full, seed: 1)
        let renewal = try #require(full.coordinates.firstIndex { $0.parameter.name.hasSuffix("self_renewal") })
        let box = full.box
        #expect(starts.count == 5)
        let levels = starts.map { ($0[renewal] - box.lower[renewal]) / box.width(renewal) }
        #expect(zip(levels, [0, 0.25, 0.5, 0.75, 1]).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(levels)")
        for start in starts {
            for (j, c) in full.coordinates.enumerated() where j != renewal {
                #expect(abs(c.value(start[j]) - values[c.parameter.name]!) <= 1e-12 * values[c.parameter.name]!)
            }
        }
        let target = Self.structure("full", full, starts[2])
        #expect(CalibrationPipeline.extensionStarts(from: target, into: nested, seed: 1).count == 1)
    }
}
