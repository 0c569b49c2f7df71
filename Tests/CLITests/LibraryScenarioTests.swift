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
        func series(_ host: String, _ origin: String, _ type: SeriesLabel.Part = .allCellTypes,
                    _ compartment: SeriesLabel.Part = .total) throws -> TimeSeries {
            try #require(try seriesIfPresent(host, origin, type, compartment), "no series \(host)/\(origin)/\(type)/\(compartment)")
        }

        /// The series, or nil when the compiler left it out because no cell can ever be there.
        func seriesIfPresent(_ host: String, _ origin: String, _ type: SeriesLabel.Part = .allCellTypes,
                             _ compartment: SeriesLabel.Part = .total) throws -> TimeSeries? {
            guard let entry = compiled.layout.entries.first(where: {
                $0.label.host == host && $0.label.origin == .named(origin) && $0.label.cellType == type && $0.label.compartment == compartment
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
        let blood = try run.series("mother", "donor", .allCellTypes, .named("blood"))
        let at31 = try #require(run.times.firstIndex(of: 31)), at40 = try #require(run.times.firstIndex(of: 40))
        #expect(blood.points[at40].mean < 0.1 * blood.points[at31].mean)
        let total = try run.series("mother", "donor")
        #expect((total.points[try run.index(ofYear: 19)].pPresent ?? 0) > 0.5)
        #expect(try run.pDetect("blood_y_qpcr", years: 5) > 0)
    }

    @Test("a surgical termination leaves more of the conceptus's cells than a medical one, at the procedure and 20 years later")
    func terminationMethods() throws {
        let run = try Self.run("termination-surgical-vs-medical")
        let pregnancies = run.scenario.pregnancies
        try #require(pregnancies.map(\.outcome) == [.termination(.surgical), .termination(.medical)])
        try #require(pregnancies[0].length == pregnancies[1].length)
        let surgical = try run.series("mother", "conceptus_1"), medical = try run.series("mother", "conceptus_2")
        let (surgicalEnd, medicalEnd) = (pregnancies[0].end, pregnancies[1].end)
        // Same gestation, same kinetics: at the end the two differ exactly by the two pulses.
        try #require(pregnancies.allSatisfy { $0.pulse == nil })
        let pulses = run.scenario.transfer.fetalToMaternal.pulse
        let atEnd = surgical.points[try run.index(ofDay: surgicalEnd)].mean - medical.points[try run.index(ofDay: medicalEnd)].mean
        let expected = Double(pulses.surgicalTermination - pulses.medicalTermination)
        #expect(expected > 0)
        #expect(abs(atEnd - expected) <= 1e-9 * expected, "difference at the procedure \(atEnd), pulses differ by \(expected)")
        // Compared at the same time after each procedure: a week, a year and 20 years later.
        for after in [7.0, 365.25, 7305] {
            let s = surgical.points[try run.index(ofDay: surgicalEnd + after)].mean
            let m = medical.points[try run.index(ofDay: medicalEnd + after)].mean
            #expect(s > m && m > 0, "\(after) days after: surgical \(s), medical \(m)")
            // A draw a week after either procedure is surely positive (P = 1 to rounding); later the larger pulse is seen more often.
            let (pS, pM) = (try run.pDetect("blood_hla_conceptus_1", day: surgicalEnd + after), try run.pDetect("blood_hla_conceptus_2", day: medicalEnd + after))
            #expect(pS > pM || (pS == 1 && pM == 1), "\(after) days after: P(detect) surgical \(pS), medical \(pM)")
        }
    }

    @Test("two terminations by the same method leave the same curves, shifted by three years: the comparison is fair")
    func terminationTimingIsNeutral() throws {
        let run = try Self.run("termination-surgical-vs-medical", ["pregnancies[1].method=surgical"])
        let pregnancies = run.scenario.pregnancies
        let first = try run.series("mother", "conceptus_1"), second = try run.series("mother", "conceptus_2")
        for after in [0.0, 7, 365.25, 7305] {
            let a = first.points[try run.index(ofDay: pregnancies[0].end + after)].mean
            let b = second.points[try run.index(ofDay: pregnancies[1].end + after)].mean
            #expect(abs(a - b) <= 1e-9 * a, "\(after) days after: \(a) vs \(b)")
        }
    }

    @Test("each twin carries the co-twin's cells for years, and a Y assay on the sister finds her brother")
    func twinsExchangeCells() throws {
        let run = try Self.run("twins")
        for (host, cotwin) in [("brother", "sister"), ("sister", "brother")] {
            let cells = try run.series(host, cotwin)
            for years in [1.0, 5, 9] {
                let point = cells.points[try run.index(ofYear: years)]
                #expect(point.mean > 0)
                #expect((point.pPresent ?? 0) > 0.9, "\(host) carries \(cotwin): P(present) at \(years) years = \(point.pPresent ?? -1)")
            }
        }
        // The exchange is symmetric: the two twins carry the same number of each other's cells.
        let toSister = try run.series("sister", "brother"), toBrother = try run.series("brother", "sister")
        for k in run.times.indices {
            #expect(abs(toSister.points[k].mean - toBrother.points[k].mean) <= 1e-9 * max(1, toSister.points[k].mean))
        }
        for years in [1.0, 5, 9] {
            #expect(try run.pDetect("sister_blood_y", years: years) > 0)
            #expect(try run.pDetect("brother_blood_hla_sister", years: years) > 0)
        }
        // Co-twin cells arrive two ways: directly, and through the mother's blood like any
        // sibling's. Without the direct exchange each twin carries far fewer.
        let indirect = try Self.run("twins", ["transfer.twins=0 /day"])
        let viaMother = try indirect.series("sister", "brother")
        for years in [1.0, 5, 9] {
            let (both, only) = (toSister.points[try run.index(ofYear: years)].mean, viaMother.points[try indirect.index(ofYear: years)].mean)
            #expect(both > 2 * only && only > 0, "\(years) years: \(both) with the direct exchange, \(only) through the mother only")
        }
        // Two girls: the sister's Y assay has nothing to see.
        let girls = try Self.run("twins", ["pregnancies[0].sex=female"])
        #expect(try girls.series("sister", "brother").points[try girls.index(ofYear: 5)].mean > 0)
        for years in [1.0, 5, 9] { #expect(try girls.pDetect("sister_blood_y", years: years) == 0) }
    }

    @Test("the second child carries cells of the grandmother and of the older sibling; the first child none of the second")
    func threeGenerations() throws {
        let run = try Self.run("three-generations")
        let second = run.scenario.pregnancies[1]
        let grandmother = try run.series("son", "grandmother"), sister = try run.series("son", "daughter")
        for series in [grandmother, sister] {
            #expect(series.points[try run.index(ofDay: second.start)].mean == 0)
            #expect(series.points[try run.index(ofDay: second.end)].mean > 0)
            for years in [5.0, 11] { #expect(series.points[try run.index(ofYear: years)].mean > 0) }
        }
        #expect(try run.pDetect("son_blood_hla_grandmother", years: 5) > 0)
        #expect(try run.pDetect("son_blood_hla_sister", years: 5) > 0)
        // The daughter, born before her brother was conceived, has none of his cells.
        if let brother = try run.seriesIfPresent("daughter", "son") {
            for (k, t) in run.times.enumerated() where t <= second.start { #expect(brother.points[k].mean == 0) }
        }
    }

    @Test("grandmother and sibling cells reach the grandchild only through the mother")
    func onlyThroughTheMother() throws {
        // Without the grandmother's cells in the mother, the son has none either.
        let none = try Self.run("three-generations", ["mother.carries[0].cells=0"])
        #expect(try none.seriesIfPresent("son", "grandmother").map { $0.points.allSatisfy { $0.mean == 0 } } ?? true)
        for years in [5.0, 8, 11] { #expect(try none.pDetect("son_blood_hla_grandmother", years: years) == 0) }
        #expect(try none.series("son", "daughter").points[try none.index(ofYear: 5)].mean > 0)
        // With no crossing of carried cells at the placenta, the son carries only his mother's cells.
        let closed = try Self.run("three-generations", ["transfer.carried=0 /day"])
        for origin in ["grandmother", "daughter"] {
            #expect(try closed.seriesIfPresent("son", origin).map { $0.points.allSatisfy { $0.mean == 0 } } ?? true)
        }
        #expect(try closed.series("son", "mother").points[try closed.index(ofYear: 5)].mean > 0)
        #expect(try closed.series("mother", "grandmother").points[try closed.index(ofYear: 5)].mean > 0)
    }

    @Test("a heart injury raises the son's cells in his mother's heart above the same life without it, and changes nothing before")
    func heartInjury() throws {
        let injured = try Self.run("heart-injury")
        let control = try Self.run("heart-injury", ["events[0].injury.homing_factor=1"])
        guard case .injury(let injury)? = injured.scenario.events.first else {
            Issue.record("heart-injury.yaml: the first event is not an injury")
            return
        }
        #expect(injury.tissue == "heart" && injury.homingFactor > 1)
        try #require(injured.times == control.times)
        let heart = try injured.series("mother", "son", .allCellTypes, .named("heart")), baseline = try control.series("mother", "son", .allCellTypes, .named("heart"))
        for (k, t) in injured.times.enumerated() {
            let (a, b) = (heart.points[k].mean, baseline.points[k].mean)
            if t <= injury.start {
                #expect(abs(a - b) <= 1e-12 * max(1, b), "day \(t): \(a) vs \(b) before the injury")
            } else {
                #expect(a > b, "day \(t): \(a) with the injury, \(b) without")
            }
        }
        // The comparison covers years after the injury, not just its weeks.
        #expect(try #require(injured.times.last) >= injury.end + 4 * 365.25)
        #expect(try injured.pDetect("heart_y", years: 21) > control.pDetect("heart_y", years: 21))
        let (before, unchanged) = (try injured.pDetect("heart_y", years: 19), try control.pDetect("heart_y", years: 19))
        #expect(abs(before - unchanged) <= 1e-12, "P(heart assay positive) at 19 years: \(before) vs \(unchanged)")
    }

    @Test("every scenario of the library loads, compiles and opens with a header comment")
    func everyScenarioLoads() throws {
        let directory = CLIHarness.packageRoot.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 8)
        for file in files {
            let path = directory.appendingPathComponent(file).path
            let loaded = try RunPipeline.load(path: path, overrides: [])
            // A cohort's template may be empty: its women bring the pregnancies.
            if loaded.cohort == nil || !loaded.model.compartments.isEmpty {
                #expect(loaded.model.invariantViolations().isEmpty, "\(file)")
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasPrefix("# "), "\(file) should open with a comment on the biology it teaches")
        }
    }
}
