import BiologyModel
import Engines
import Foundation
import MicrochimeraKit
import RateModel
import ScenarioFormat
import Testing

/// Each scenario of the library shows the biology its header promises; the
/// properties are checked with exact answers (means, P(present) and the
/// assay's generating function), so the thresholds have no sampling noise.
@Suite("Scenario library: biological properties")
struct LibraryScenarioTests {
    /// A scenario's exact means at every output, with P(present) and the
    /// assays' detection probabilities computed on demand (exactly, from the
    /// generating function) for the series a test asks about. The covariance,
    /// which no test here needs, is never computed: it costs O(n^4) per step
    /// for the n = 100-150 compartments of the larger families.
    final class Run {
        let loaded: LoadedScenario
        let compiled: CompiledScenario
        let engine: MomentsEngine
        /// The output times, in days.
        let times: [Double]
        /// `means[k][i]`: the mean of compartment i at output k.
        let means: [[Double]]
        private var detection: [String: [Double]] = [:]

        init(loaded: LoadedScenario) throws {
            self.loaded = loaded
            compiled = try #require(loaded.compiled)
            engine = MomentsEngine(model: compiled.network)
            times = compiled.network.outputTimes
            means = try engine.meanTrajectory()
        }

        /// The series (mean and exact P(present) at every output).
        func series(_ host: String, _ origin: String, _ type: String = "all", _ compartment: String = "total") throws -> TimeSeries {
            try #require(try seriesIfPresent(host, origin, type, compartment), "no series \(host)/\(origin)/\(type)/\(compartment)")
        }

        /// The series, or nil when the compiler left it out because no cell can ever be there.
        func seriesIfPresent(_ host: String, _ origin: String, _ type: String = "all", _ compartment: String = "total") throws -> TimeSeries? {
            guard let entry = compiled.layout.entries.first(where: {
                $0.label.host == host && $0.label.origin == origin && $0.label.cellType == type && $0.label.compartment == compartment
            }) else { return nil }
            let logEmpty = try engine.logGeneratingFunction(targets: [.empty(entry.compartments)])
            return TimeSeries(label: entry.label, points: means.indices.map { k in
                PointStatistics(mean: entry.compartments.reduce(0) { $0 + means[k][$1] }, pPresent: -expm1(logEmpty[k][0]))
            })
        }

        func index(ofYear years: Double) throws -> Int {
            try index(ofDay: years * 365.25)
        }

        func index(ofDay day: Double) throws -> Int {
            try #require(times.firstIndex { abs($0 - day) < 1e-6 }, "no output at day \(day)")
        }

        var scenario: BiologyScenario { compiled.scenario }

        /// P(the named assay is positive) at `years`, exact (limit of detection 1).
        func pDetect(_ assay: String, years: Double) throws -> Double {
            try pDetect(assay, day: years * 365.25)
        }

        /// P(the named assay is positive) at `day`, exact (limit of detection 1).
        func pDetect(_ assay: String, day: Double) throws -> Double {
            let k = try index(ofDay: day)
            if let known = detection[assay] { return known[k] }
            let a = try #require(compiled.assays.first { $0.assay.name == assay }, "no assay \(assay)")
            var p = [Double](repeating: 0, count: times.count)
            if !a.compartments.isEmpty {
                let logG = try engine.logGeneratingFunction(targets: [GeneratingTarget(compartments: a.compartments, argument: 1 - a.sampledFraction)])
                p = logG.map { -expm1($0[0]) }
            }
            detection[assay] = p
            return p[k]
        }
    }

    static func run(_ name: String, _ overrides: [String] = []) throws -> Run {
        let path = CLIHarness.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path
        return try Run(loaded: RunPipeline.load(path: path, overrides: try overrides.map { try SetOverride(parsing: $0) }))
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
        let at31 = try #require(run.times.firstIndex(of: 31)), at40 = try #require(run.times.firstIndex(of: 40))
        #expect(blood.points[at40].mean < 0.1 * blood.points[at31].mean)
        let total = try run.series("mother", "donor")
        #expect((total.points[try run.index(ofYear: 19)].pPresent ?? 0) > 0.5)
        #expect(try run.pDetect("blood_y_qpcr", years: 5) > 0)
    }
}
