import Foundation
import MicrochimeraKit
import Testing

/// `microchimera fit` as a user runs it: the worked example recovers the
/// values its synthetic data were drawn at, the files are complete and the
/// same bytes for any thread count, a parameter the data cannot see is
/// reported as not identifiable, and bad fit files are refused at their
/// file, line and key with nothing written.
@Suite("microchimera fit")
struct FitCommandTests {
    /// A small family: one son, marrow the only tissue, a 10 mL Y-chromosome draw.
    static let study = """
        name: small study
        horizon: 20 years
        output: { every: 1 year }
        tissues: [bone_marrow]
        pregnancies:
          - { child: son, sex: male, start: 0 weeks, length: 40 weeks, outcome: live_birth }
        assays:
          - { name: blood_y, marker: y_chromosome, sample: 10 mL, times: [1 year] }
        """

    static let data = """
        kind,assay,time,n,positive,value,se,source
        detected,blood_y,2 years,30,27,,,made up for a test
        detected,blood_y,5 years,30,20,,,made up for a test
        detected,blood_y,10 years,30,12,,,made up for a test
        detected,blood_y,15 years,30,9,,,made up for a test

        """

    static func fitFile(free: String, studies: String = "  - { name: small, scenario: study.yaml, data: data.csv }") -> String {
        "name: test fit\nstudies:\n\(studies)\nfree:\n\(free)\n"
    }

    static let halfLife = "  cell_types.progenitor.clearance.half_life: { min: 12 hours, max: 30 days, scale: log }"

    /// A folder with the small study, its data and a fit file.
    static func folder(fit: String, data: String = data) throws -> URL {
        let dir = try CLIHarness.temporaryDirectory()
        _ = try CLIHarness.write(study, named: "study.yaml", in: dir)
        _ = try CLIHarness.write(data, named: "data.csv", in: dir)
        _ = try CLIHarness.write(fit, named: "fit.yaml", in: dir)
        return dir
    }

    /// fit.json without the two fields that follow the clock.
    static func timeless(_ path: String) throws -> String {
        var report = try FitReport.decode(jsonText: String(contentsOfFile: path, encoding: .utf8))
        report.startedAt = ""
        report.wallTimeSeconds = 0
        return report.jsonText()
    }

    @Test("the worked example: every file written, the values the data were drawn at inside the 95% intervals, fitted scenarios valid")
    func workedExample() throws {
        let out = try CLIHarness.temporaryDirectory().appendingPathComponent("fit").path
        let result = try CLIHarness.run(["fit", "scripts/examples/fit/persistence.fit.yaml", "--out", out, "--quiet", "--starts", "4"])
        try #require(result.status == 0, "\(result.stderr)")
        let report = try FitReport.decode(jsonText: String(contentsOfFile: out + "/fit.json", encoding: .utf8))
        // make-data.py drew the data at these values.
        let truth = ["cell_types.progenitor.clearance.half_life": 3.0,
                     "cell_types.progenitor.tissues.bone_marrow.self_renewal": 0.0108,
                     "cell_types.progenitor.homing.bone_marrow": 0.015]
        #expect(Set(report.parameters.map(\.path)) == Set(truth.keys))
        for p in report.parameters {
            let interval = try #require(p.interval95, "\(p.path): \(p.note)")
            let value = try #require(truth[p.path])
            #expect(interval[0].value <= value && value <= interval[1].value, "\(p.path): \(value) outside \(p.note)")
            #expect(interval[0].value <= p.estimate && p.estimate <= interval[1].value)
        }
        #expect(report.observations == 30 && report.studies.map(\.observations) == [10, 10, 10])
        #expect(abs(report.aic - (6 - 2 * report.maximumLogLikelihood)) < 1e-9)
        let residuals = try String(contentsOfFile: out + "/residuals.csv", encoding: .utf8).split(separator: "\n")
        #expect(residuals.count == 31 && residuals[0] == "study,kind,assay,time_days,time_years,observed,predicted,log_likelihood,pearson_residual,source")
        // The residuals' log-likelihoods add up to the maximum.
        let total = residuals.dropFirst().map { line in Double(line.split(separator: ",")[7])! }.reduce(0, +)
        #expect(abs(total - report.maximumLogLikelihood) < 1e-6 * max(1, abs(total)))
        for name in ["fit.svg", "profiles.svg"] {
            let svg = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        }
        for study in ["postpartum", "decades", "marrow"] {
            let fitted = out + "/fitted/\(study).yaml"
            let text = try String(contentsOfFile: fitted, encoding: .utf8)
            #expect(text.contains("half_life: \(report.parameters[0].estimate) days"))
            let validation = try CLIHarness.run(["validate", fitted])
            #expect(validation.status == 0, "\(validation.stderr)")
        }
    }

    @Test("the same files, byte for byte, for 1 and 2 threads (fit.json's clock fields aside)")
    func threads() throws {
        let dir = try Self.folder(fit: Self.fitFile(free: Self.halfLife))
        for t in ["1", "2"] {
            let result = try CLIHarness.run(["fit", "fit.yaml", "--out", "out\(t)", "--threads", t, "--quiet", "--starts", "3"], in: dir)
            try #require(result.status == 0, "\(result.stderr)")
        }
        for name in ["residuals.csv", "fit.svg", "profiles.svg", "fitted/small.yaml"] {
            let a = FileManager.default.contents(atPath: dir.path + "/out1/" + name)
            #expect(a != nil && a == FileManager.default.contents(atPath: dir.path + "/out2/" + name), "\(name) differs")
        }
        #expect(try Self.timeless(dir.path + "/out1/fit.json") == Self.timeless(dir.path + "/out2/fit.json"))
    }

    @Test("a parameter the data cannot see is reported as not identifiable, with no interval")
    func notIdentifiable() throws {
        // The mother's cells in her son never reach her own blood: the son-to-mother data say nothing about them.
        let free = Self.halfLife + "\n  transfer.maternal_to_fetal.peak: { min: 100 /day, max: 100000 /day, scale: log }"
        let dir = try Self.folder(fit: Self.fitFile(free: free))
        let result = try CLIHarness.run(["fit", "fit.yaml", "--out", "out", "--starts", "2"], in: dir)
        try #require(result.status == 0, "\(result.stderr)")
        let report = try FitReport.decode(jsonText: String(contentsOfFile: dir.path + "/out/fit.json", encoding: .utf8))
        let flat = try #require(report.parameters.first { $0.path == "transfer.maternal_to_fetal.peak" })
        #expect(!flat.identifiable && flat.interval95 == nil && flat.note.contains("not identifiable"))
        #expect(report.parameters[0].identifiable)
        #expect(result.stdout.contains("transfer.maternal_to_fetal.peak") && result.stdout.contains("not identifiable by these data"))
    }

    @Test("a parameter of one study replaces the shared one there only; its estimate is reported under its name")
    func groupParameter() throws {
        // Two copies of the same study: 'sick' has its own half-life, 'small' the shared one.
        let studies = "  - { name: small, scenario: study.yaml, data: data.csv }\n  - { name: sick, scenario: study.yaml, data: data.csv }"
        let free = Self.halfLife + "\n  sick_half_life: { path: cell_types.progenitor.clearance.half_life, studies: [sick], "
            + "min: 12 hours, max: 30 days, scale: log }"
        let dir = try Self.folder(fit: Self.fitFile(free: free, studies: studies))
        let result = try CLIHarness.run(["fit", "fit.yaml", "--out", "out", "--starts", "2"], in: dir)
        try #require(result.status == 0, "\(result.stderr)")
        let report = try FitReport.decode(jsonText: String(contentsOfFile: dir.path + "/out/fit.json", encoding: .utf8))
        #expect(report.parameters.map(\.path) == ["cell_types.progenitor.clearance.half_life", "sick_half_life"])
        // Same data, same design: the two estimates agree, and each fitted scenario carries its own.
        let shared = report.parameters[0].estimate, own = report.parameters[1].estimate
        #expect(abs(log(shared / own)) < 0.05, "shared \(shared) days, own \(own) days")
        let small = try String(contentsOfFile: dir.path + "/out/fitted/small.yaml", encoding: .utf8)
        let sick = try String(contentsOfFile: dir.path + "/out/fitted/sick.yaml", encoding: .utf8)
        #expect(!small.contains("\(own) days") && sick.contains("\(own) days"), "\(sick)")
        // The shared parameter's log-likelihood is that of one copy: the two studies' shares are equal.
        #expect(abs(report.studies[0].logLikelihood - report.studies[1].logLikelihood) < 1e-3)
    }

    @Test("a group parameter naming an unknown study, or two parameters setting one path in one study, are refused")
    func badGroups() throws {
        let typo = Self.halfLife + "\n  g: { path: cell_types.progenitor.clearance.half_life, studies: [smal], min: 1 day, max: 2 days }"
        try Self.refused(fit: Self.fitFile(free: typo), expected: ["fit.yaml:6:3: error: free.g.studies", "'smal' is not a study", "did you mean 'small'?"])
        let twice = Self.halfLife + "\n  g: { path: a.b, studies: [small], min: 1, max: 2 }\n  h: { path: a.b, studies: [small], min: 1, max: 2 }"
        try Self.refused(fit: Self.fitFile(free: twice), expected: ["fit.yaml:7:3: error: free.h", "sets a.b in study 'small' as 'g' (line 6) does"])
    }

    /// Runs a fit that must fail with exit code 65, write nothing, and name each of `expected` in its message.
    static func refused(fit: String, data: String = data, expected: [String]) throws {
        let dir = try Self.folder(fit: fit, data: data)
        let result = try CLIHarness.run(["fit", "fit.yaml", "--out", "out"], in: dir)
        #expect(result.status == 65, "\(result.stderr)")
        for text in expected { #expect(result.stderr.contains(text), "missing '\(text)' in: \(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
    }

    @Test("an unknown assay and a time past the horizon are refused at their line of the data file")
    func badObservations() throws {
        let data = Self.data + "detected,blood_x,1 year,10,1,,,typo\ndetected,blood_y,30 years,10,1,,,too late\n"
        try Self.refused(fit: Self.fitFile(free: Self.halfLife), data: data,
                         expected: ["data.csv:6:10: error: assay: unknown assay 'blood_x'", "blood_y", "data.csv:7:", "horizon"])
    }

    @Test("a free path a study's scenario does not have is refused at its line of the fit file, naming the study")
    func badPath() throws {
        let free = Self.halfLife + "\n  cell_types.progenitor.homing.spleen: { min: 0.001 /day, max: 0.1 /day }"
        try Self.refused(fit: Self.fitFile(free: free), expected: ["fit.yaml:6:3: error: free.cell_types.progenitor.homing.spleen", "study 'small'", "spleen"])
    }

    @Test("a missing fit file exits 66, an empty --out or --starts 0 exits 64, nothing written")
    func usage() throws {
        let dir = try Self.folder(fit: Self.fitFile(free: Self.halfLife))
        let missing = try CLIHarness.run(["fit", "nope.yaml", "--out", "out"], in: dir)
        #expect(missing.status == 66 && missing.stderr.contains("nope.yaml: error: cannot read the fit file"))
        #expect(try CLIHarness.run(["fit", "fit.yaml", "--out", ""], in: dir).status == 64)
        let starts = try CLIHarness.run(["fit", "fit.yaml", "--out", "out", "--starts", "0"], in: dir)
        #expect(starts.status == 64 && starts.stderr.contains("--starts must be at least 1"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
    }

    @Test("a network-level study is refused: a study needs assays")
    func networkStudy() throws {
        let dir = try Self.folder(fit: Self.fitFile(free: "  horizon: { min: 1 year, max: 2 years }",
                                               studies: "  - { name: net, scenario: net.yaml, data: data.csv }"))
        _ = try CLIHarness.write("name: n\nhorizon: 1 year\noutput: { every: 1 day }\nnetwork: { compartments: [{ name: a, initial: 1 }] }\n",
                                 named: "net.yaml", in: dir)
        let result = try CLIHarness.run(["fit", "fit.yaml", "--out", "out"], in: dir)
        #expect(result.status == 65 && result.stderr.contains("network-level") && result.stderr.contains("fit.yaml:3"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
    }
}
