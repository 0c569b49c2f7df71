import Engines
import Foundation
import MicrochimeraKit
import RateModel
import ScenarioFormat
import Testing

/// Each scenario of the library shows the biology its header promises; the
/// properties are checked with the exact moments (means, P(present) and the
/// assay's generating function), so the thresholds have no sampling noise.
@Suite("Scenario library: biological properties")
struct LibraryScenarioTests {
    struct Run {
        let result: RunResult
        let loaded: LoadedScenario

        func series(_ host: String, _ origin: String, _ type: String = "all", _ compartment: String = "total") throws -> TimeSeries {
            try #require(result.series.first {
                $0.label.host == host && $0.label.origin == origin && $0.label.cellType == type && $0.label.compartment == compartment
            }, "no series \(host)/\(origin)/\(type)/\(compartment)")
        }

        func index(ofYear years: Double) throws -> Int {
            try #require(result.times.firstIndex { abs($0 - years * 365.25) < 1e-6 })
        }

        /// P(the named assay is positive) at `years`, exact (limit of detection 1).
        func pDetect(_ assay: String, years: Double) throws -> Double {
            let compiled = try #require(loaded.compiled)
            let a = try #require(compiled.assays.first { $0.assay.name == assay })
            if a.compartments.isEmpty { return 0 }
            let logG = try MomentsEngine(model: compiled.network)
                .logGeneratingFunction(targets: [GeneratingTarget(compartments: a.compartments, argument: 1 - a.sampledFraction)])
            return -expm1(logG[try index(ofYear: years)][0])
        }
    }

    static func run(_ name: String, _ overrides: [String] = []) throws -> Run {
        let path = CLIHarness.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path
        let loaded = try RunPipeline.load(path: path, overrides: try overrides.map { try SetOverride(parsing: $0) })
        let compiled = try #require(loaded.compiled)
        return Run(result: try MomentsEngine(model: compiled.network).run(layout: compiled.layout), loaded: loaded)
    }

    @Test("after a miscarriage the mother still carries that conceptus's cells decades later")
    func miscarriageLeavesCells() throws {
        let run = try Self.run("two-pregnancies-miscarriage")
        let lost = try run.series("mother", "lost_son")
        let k = try run.index(ofYear: 25)
        #expect(lost.points[k].mean > 0)
        #expect((lost.points[k].pPresent ?? 0) > 0.5, "P(present) = \(lost.points[k].pPresent ?? -1)")
        #expect(try run.pDetect("blood_y_qpcr", years: 10) > 0)
    }

    @Test("a Y-chromosome assay never detects a daughter's cells")
    func yAssayIgnoresDaughters() throws {
        // The same family with the lost conceptus female: only daughters' cells remain.
        let run = try Self.run("two-pregnancies-miscarriage", ["pregnancies[0].sex=female"])
        #expect(try run.series("mother", "daughter").points[try run.index(ofYear: 10)].mean > 0)
        for years in [1.0, 10, 25] {
            #expect(try run.pDetect("blood_y_qpcr", years: years) == 0)
            #expect(try run.pDetect("blood_any", years: years) > 0)
        }
    }

    @Test("breastfeeding adds maternal cells in the child, and some persist into adulthood")
    func maternalCellsInTheChild() throws {
        let fed = try Self.run("maternal-in-child")
        let unfed = try Self.run("maternal-in-child", ["events[0].breastfeeding.rate=0 /day"])
        let k1 = try fed.index(ofYear: 1)
        #expect(try fed.series("son", "mother").points[k1].mean > unfed.series("son", "mother").points[k1].mean)
        let k39 = try fed.index(ofYear: 39)
        #expect((try fed.series("son", "mother").points[k39].pPresent ?? 0) > 0.1)
    }

    @Test("transfused cells are mostly cleared within days, but progenitors persist for years")
    func transfusion() throws {
        let run = try Self.run("transfusion")
        let blood = try run.series("mother", "donor", "all", "blood")
        let at31 = try #require(run.result.times.firstIndex(of: 31)), at40 = try #require(run.result.times.firstIndex(of: 40))
        #expect(blood.points[at40].mean < 0.1 * blood.points[at31].mean)
        let total = try run.series("mother", "donor")
        #expect((total.points[try run.index(ofYear: 19)].pPresent ?? 0) > 0.5)
        #expect(try run.pDetect("blood_y_qpcr", years: 5) > 0)
    }
}
