import Foundation
@testable import MicrochimeraKit
import ScenarioFormat
import Testing

/// `microchimera calibrate` on a stand-in suite: the three synthetic studies of
/// the fit worked example (scripts/examples/fit, drawn by make-data.py at known
/// values), copied into a temporary folder so that a data byte can change.
@Suite("microchimera calibrate", .serialized)
struct CalibrateCommandTests {
    /// make-data.py drew the stand-in's data at these values.
    static let truth = ["cell_types.progenitor.clearance.half_life": 3.0,
                        "cell_types.progenitor.tissues.bone_marrow.self_renewal": 0.0108,
                        "cell_types.progenitor.homing.bone_marrow": 0.015]
    static let studies = ["postpartum", "decades", "marrow"]

    static let free = """
        free:
          cell_types.progenitor.clearance.half_life: { min: 6 hours, max: 60 days, scale: log }
          cell_types.progenitor.tissues.bone_marrow.self_renewal: { min: 0.008 /day, max: 0.0115 /day }
          cell_types.progenitor.homing.bone_marrow: { min: 0.001 /day, max: 0.2 /day, scale: log }
        """

    /// A fit file of `names` (studies of the stand-in).
    static func fitFile(_ names: [String], name: String = "stand-in suite") -> String {
        "name: \(name)\nstudies:\n" + names.map { "  - { name: \($0), scenario: \($0).yaml, data: \($0).csv }\n" }.joined() + free + "\n"
    }

    /// A folder with the stand-in suite as `suite.yaml` (the example's biology.yaml extends the package's default scenario by absolute path).
    static func folder() throws -> URL {
        let dir = try CLIHarness.temporaryDirectory()
        let examples = CLIHarness.packageRoot.appendingPathComponent("scripts/examples/fit")
        let base = CLIHarness.packageRoot.appendingPathComponent("scenarios/single-pregnancy.yaml").path
        // The studies extend the example's frozen biology (biology.yaml, beside them), which extends the default scenario.
        let biology = try String(contentsOf: examples.appendingPathComponent("biology.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "../../../scenarios/single-pregnancy.yaml", with: base)
        _ = try CLIHarness.write(biology, named: "biology.yaml", in: dir)
        for name in studies {
            let scenario = try String(contentsOf: examples.appendingPathComponent(name + ".yaml"), encoding: .utf8)
            _ = try CLIHarness.write(scenario, named: name + ".yaml", in: dir)
            _ = try CLIHarness.write(String(contentsOf: examples.appendingPathComponent(name + ".csv"), encoding: .utf8), named: name + ".csv", in: dir)
        }
        _ = try CLIHarness.write(fitFile(studies), named: "suite.yaml", in: dir)
        return dir
    }

    /// One calibration of the stand-in, shared by the tests (it takes the better part of a minute).
    static let calibrated: Result<URL, CalibrationTestError> = {
        do {
            let dir = try folder()
            for t in ["1", "2"] {
                let result = try CLIHarness.run(["calibrate", "suite.yaml", "--out", "out\(t)", "--threads", t, "--starts", "2", "--quiet"], in: dir)
                guard result.status == 0 else { return .failure(CalibrationTestError(message: "threads \(t): \(result.stderr)")) }
            }
            return .success(dir)
        } catch {
            return .failure(CalibrationTestError(message: "\(error)"))
        }
    }()

    static func report(_ dir: URL, _ out: String = "out1") throws -> CalibrationReport {
        try CalibrationReport.decode(jsonText: String(contentsOf: dir.appendingPathComponent(out + "/calibration.json"), encoding: .utf8))
    }

    @Test("every file written; the values the data were drawn at inside the 95% intervals; every parameter informed by a study; the counts add up")
    func outputs() throws {
        let dir = try Self.calibrated.get()
        for name in ["calibration.json", "validation.csv", "validation.svg", "fit.json", "residuals.csv", "fit.svg", "profiles.svg",
                     "fitted/postpartum.yaml", "fitted/decades.yaml", "fitted/marrow.yaml"] {
            #expect(FileManager.default.fileExists(atPath: dir.path + "/out1/" + name), "\(name) missing")
        }
        let report = try Self.report(dir)
        #expect(report.studies.map(\.name) == Self.studies && report.observations == 30)
        for p in report.parameters {
            let interval = try #require(p.interval95, "\(p.path) not identifiable")
            let value = try #require(Self.truth[p.path])
            #expect(interval[0].value <= value && value <= interval[1].value, "\(p.path): \(value) outside \(interval)")
            #expect(!p.informedBy.isEmpty && p.informedBy.allSatisfy(Self.studies.contains), "\(p.path): \(p.informedBy)")
            #expect(abs(p.curvatureShares.reduce(0, +) - 1) < 1e-9, "\(p.path): shares \(p.curvatureShares)")
            #expect(p.leaveOneOut.count == 3)
        }
        // The study log-likelihoods add up to the maximum; the agreement counts add up to the observations.
        #expect(abs(report.studies.map(\.logLikelihood).reduce(0, +) - report.maximumLogLikelihood) < 1e-6)
        #expect(report.studies.map(\.inSample.observations) == [10, 10, 10] && report.inSample.observations == 30)
        #expect(report.studies.map(\.inSample.withinTwofold).reduce(0, +) == report.inSample.withinTwofold)
        #expect(report.comparison.count == 1 && report.comparison[0].deltaAic == 0)
        // The structure's study log-likelihoods are the suite's (the same estimate) and add up to its maximum.
        let structure = report.comparison[0]
        #expect(structure.studies.map(\.name) == Self.studies)
        #expect(abs(structure.studies.map(\.logLikelihood).reduce(0, +) - structure.maximumLogLikelihood) < 1e-6)
        #expect(zip(structure.studies, report.studies).allSatisfy { abs($0.logLikelihood - $1.logLikelihood) < 1e-9 })
        // The data were drawn from the model: most observations lie inside their 95% interval in sample.
        #expect(report.inSample.fractionInside95 >= 0.8, "\(report.inSample)")
        let csv = try String(contentsOf: dir.appendingPathComponent("out1/validation.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 31 && csv[0] == "study,kind,assay,time_days,time_years,observed,in_sample,in_sample_low,in_sample_high,"
                + "loso,loso_low,loso_high,in_sample_within_2x,loso_within_2x,in_sample_inside_95,loso_inside_95,source")
        // Every file read is recorded with its hash: the fit file, three scenarios, the two files they extend (the example's
        // biology.yaml and the default scenario it extends), three data files.
        #expect(report.inputs.count == 9 && report.inputs.contains { $0.file.hasSuffix("scenarios/single-pregnancy.yaml") }
                && report.inputs.contains { $0.file.hasSuffix("biology.yaml") }, "\(report.inputs.map(\.file))")
    }

    @Test("the same bytes for 1 and 2 threads (fit.json's clock fields aside)")
    func threads() throws {
        let dir = try Self.calibrated.get()
        for name in ["calibration.json", "validation.csv", "validation.svg", "residuals.csv", "fit.svg", "profiles.svg", "fitted/marrow.yaml"] {
            let one = try Data(contentsOf: dir.appendingPathComponent("out1/" + name))
            let two = try Data(contentsOf: dir.appendingPathComponent("out2/" + name))
            #expect(one == two, "\(name) differs between 1 and 2 threads")
        }
        #expect(try FitCommandTests.timeless(dir.path + "/out1/fit.json") == FitCommandTests.timeless(dir.path + "/out2/fit.json"))
    }

    @Test("leaving a study out predicts it as a separate fit of the other studies, evaluated on it, does")
    func leaveOneOut() throws {
        let dir = try Self.calibrated.get()
        let report = try Self.report(dir)
        let left = 1 // decades
        let rest = Self.studies.enumerated().filter { $0.offset != left }.map(\.element)
        _ = try CLIHarness.write(Self.fitFile(rest, name: "without decades"), named: "rest.yaml", in: dir)
        let result = try CLIHarness.run(["fit", "rest.yaml", "--out", "rest", "--starts", "2", "--quiet"], in: dir)
        try #require(result.status == 0, "\(result.stderr)")
        let separate = try FitReport.decode(jsonText: String(contentsOf: dir.appendingPathComponent("rest/fit.json"), encoding: .utf8))
        // Both maximise the same likelihood, the refit from the joint estimate, the separate fit from its own
        // starts (fit's tolerance, 1e-6). The refit stops when a step changes −ℓ by less than 1e-3
        // (CalibrationPipeline.warmSettings), which on this flat ridge of half-life and homing leaves it a few
        // hundredths short of the maximum (measured 0.018): a bug that refits the wrong studies or starts
        // elsewhere moves it by whole units (dropping one of the three studies changes ℓ by tens). Along
        // that ridge the estimates agree to within 5% (measured 3.3% and 1.7% with the data drawn from
        // the fitted defaults of 2026-12-06; 1% before).
        let slack = 0.05
        #expect(abs(report.studies[left].othersLogLikelihood - separate.maximumLogLikelihood) < slack,
                "\(report.studies[left].othersLogLikelihood) vs \(separate.maximumLogLikelihood)")
        for (p, q) in zip(report.parameters, separate.parameters) {
            #expect(p.path == q.path)
            #expect(abs(p.leaveOneOut[left] / q.estimate - 1) < 5e-2, "\(p.path): \(p.leaveOneOut[left]) vs \(q.estimate)")
        }
        // The left-out study predicted at the separate fit's estimate.
        _ = try CLIHarness.write(Self.fitFile([Self.studies[left]], name: "decades alone"), named: "alone.yaml", in: dir)
        let problem = try FitPipeline.load(FitRequest(fitFilePath: dir.path + "/alone.yaml", threads: 1))
        let study = problem.studies[0]
        let overrides = separate.parameters.map { q in
            SetOverride(path: q.path, value: problem.coordinates.first { $0.parameter.path == q.path }!.parameter.overrideText(q.estimate))
        }
        let predictions = try study.predictor.predict(study.observations.map(\.request), overrides: overrides)
        let rows = try String(contentsOf: dir.appendingPathComponent("out1/validation.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }.filter { $0[0] == "decades" }
        try #require(rows.count == predictions.count)
        for (row, prediction) in zip(rows, predictions) {
            let loso = try #require(Double(row[9]))
            #expect(abs(loso - prediction.pPositive) < 1e-2 * max(prediction.pPositive, 1e-3), "\(row): \(prediction.pPositive)")
        }
    }

    @Test("--check passes on a fresh calibration, then fails with the command to run after one data byte changes")
    func check() throws {
        let dir = try Self.calibrated.get()
        let current = try CLIHarness.run(["calibrate", "suite.yaml", "--check", "out1"], in: dir)
        #expect(current.status == 0, "\(current.stderr)")
        let data = dir.appendingPathComponent("marrow.csv")
        let original = try String(contentsOf: data, encoding: .utf8)
        defer { try? original.write(to: data, atomically: true, encoding: .utf8) }
        // One more digit on the first row's value (field 6): a byte changed, the file still valid.
        var lines = original.components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        fields[5] += "1"
        lines[1] = fields.joined(separator: ",")
        try #require(lines.joined(separator: "\n") != original)
        try lines.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)
        let stale = try CLIHarness.run(["calibrate", "suite.yaml", "--check", "out1"], in: dir)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("marrow.csv changed") && stale.stderr.contains("stale: run `make calibrate`"), "\(stale.stderr)")
    }

    @Test("a suite of one study, a malformed --compare and a missing calibration are refused")
    func refusals() throws {
        let dir = try Self.folder()
        _ = try CLIHarness.write(Self.fitFile(["marrow"]), named: "one.yaml", in: dir)
        let one = try CLIHarness.run(["calibrate", "one.yaml", "--out", "one", "--quiet"], in: dir)
        #expect(one.status == 64 && one.stderr.contains("at least 2 studies"), "\(one.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/one"))
        let compare = try CLIHarness.run(["calibrate", "suite.yaml", "--compare", "nameless", "--quiet"], in: dir)
        #expect(compare.status == 64 && compare.stderr.contains("NAME=FITFILE"), "\(compare.stderr)")
        let missing = try CLIHarness.run(["calibrate", "suite.yaml", "--check", "nowhere"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("stale: run `make calibrate`"), "\(missing.stderr)")
    }
}

/// Why the shared calibration of the stand-in failed.
struct CalibrationTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
