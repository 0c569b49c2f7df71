import Engines
import Foundation
import MicrochimeraKit
import RateModel
import ScenarioFormat
import Testing

/// Cohort runs: exact against the closed answer where every woman has the
/// same history, reproducible for any thread count, and re-runnable woman by woman.
@Suite("Cohort runs")
struct CohortTests {
    /// One stem-cell type, blood and bone marrow, no division: the fast
    /// engine's leap is exact at any step, so the cohort's only error is sampling.
    static let kinetics = """
        horizon: 4 years
        output: { every: 1 year }
        mother: { age: 25 years }
        tissues: [bone_marrow]
        transfer: { fetal_to_maternal: { peak: 50000 /day, pulse: { live_birth: 10000000 } } }
        cell_types:
          stem:
            share: 1
            clearance: { half_life: 2 days }
            homing: { bone_marrow: 0.05 /day }
            tissues:
              bone_marrow: { return: 0.01 /day, death: 0.002 /day }
        assays:
          - { name: blood_y, host: mother, marker: y_chromosome, compartment: blood, sample: 10 mL, times: [1 year, 2 years, 3 years] }
        """

    /// Every woman conceives a son at day 0 and delivers at 40 weeks.
    static func sameHistoryCohort(size: Int) -> String {
        """
        name: same-history cohort
        \(kinetics)
        cohort:
          size: \(size)
          pregnancies: [0, 1]
          first_pregnancy_age: { mean: 25 years, sd: 0 years }
          spacing: { mean: 3 years, sd: 0 years }
          outcomes: { live_birth: 1 }
          p_male: 1
        """
    }

    /// The same family written out: the exact answer each woman of the cohort samples.
    static let family = """
        name: one family
        \(kinetics)
        pregnancies:
          - { child: child1, sex: male, start: 0 days, length: 40 weeks }
        """

    static func csv(_ directory: String, _ name: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    /// 400 women with one identical history are 400 independent samples of
    /// that family. Each woman's P(detect | count) has mean exactly
    /// P(detect) = 1 − G(1 − f) from the generating function, so the cohort's
    /// expected_fraction has |z| < 4 with z from the women's own sample sd
    /// (individuals.csv); the cohort mean of the marrow count has |z| < 4
    /// against the exact mean and sd (moments). A wrong stream, history or
    /// series mapping moves these by tens of standard errors.
    @Test("a cohort of identical histories samples the exact family answer")
    func identicalHistoriesMatchExact() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.sameHistoryCohort(size: 400), named: "cohort.yaml", in: dir)
        let out = dir.path + "/out"
        let r = try CLIHarness.run(["run", path, "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")

        let loaded = try ScenarioLoader.parse(text: Self.family, file: "family.yaml")
        let compiled = try #require(loaded.compiled)
        let exact = try MomentsEngine(model: compiled.network).run(layout: compiled.layout)
        let assay = try #require(compiled.assays.first)
        let logG = try MomentsEngine(model: compiled.network)
            .logGeneratingFunction(targets: [GeneratingTarget(compartments: assay.compartments, argument: 1 - assay.sampledFraction)])

        let individuals = try Self.csv(out, "individuals.csv")
        let prevalence = try Self.csv(out, "prevalence.csv").filter { $0["by"] == "age" }
        #expect(prevalence.count == 3)
        for (j, years) in [1.0, 2, 3].enumerated() {
            let k = try #require(exact.times.firstIndex { abs($0 - years * 365.25) < 1e-6 })
            let p = -expm1(logG[k][0])
            let ps = individuals.filter { abs(Double($0["time_days"]!)! - years * 365.25) < 1e-6 }.map { Double($0["p_detect"]!)! }
            #expect(ps.count == 400)
            let mean = ps.reduce(0, +) / Double(ps.count)
            let sd = (ps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(ps.count - 1)).squareRoot()
            let expected = try #require(Double(prevalence[j]["expected_fraction"]!))
            #expect(abs(expected - mean) < 1e-12, "prevalence.csv averages individuals.csv")
            // A floor of 1e-12 on the standard error: where P(detect) is 1 to
            // within rounding (a year after delivery) only rounding is left.
            let z = (mean - p) / max(sd / 20, 1e-12)
            #expect(abs(z) < 4, "year \(years): cohort \(mean), exact \(p), z = \(z)")
        }

        let cohortSeries = try Self.csv(out, "timeseries.csv").filter {
            $0["host"] == "mother" && $0["origin"] == "child1" && $0["compartment"] == "bone_marrow"
        }
        let exactMarrow = try #require(exact.series.first { $0.label.origin == .named("child1") && $0.label.compartment == .named("bone_marrow") })
        for row in cohortSeries {
            let t = Double(row["time_days"]!)!
            guard t > 0, let k = exact.times.firstIndex(where: { abs($0 - t) < 1e-6 }) else { continue }
            let point = exactMarrow.points[k]
            let z = (Double(row["mean"]!)! - point.mean) / ((point.sd ?? 0) / 20)
            #expect(abs(z) < 4, "marrow at day \(t): cohort \(row["mean"]!), exact \(point.mean), z = \(z)")
        }
    }

    static let variedCohort = """
        name: varied cohort
        \(kinetics)
        cohort:
          size: 24
          pregnancies: [0.2, 0.3, 0.5]
          first_pregnancy_age: { mean: 25.5 years, sd: 0.5 years }
          spacing: { mean: 1.2 years, sd: 0.3 years }
          outcomes: { live_birth: 0.7, miscarriage: 0.2, termination_medical: 0.1 }
          variation: { clearance: 0.1, homing: 0.3, transfer: 0.3 }
        """

    @Test("a cohort gives the same bytes for 1 and 2 threads, and woman K re-run alone is her cohort trajectory")
    func reproducibleAndIndividual() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.variedCohort, named: "varied.yaml", in: dir)
        for threads in ["1", "2"] {
            let r = try CLIHarness.run(["run", path, "--out", dir.path + "/t" + threads, "--threads", threads, "--seed", "11", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for file in ["timeseries.csv", "assay.csv", "prevalence.csv", "individuals.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/t1/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/t2/" + file))
            #expect(a == b, "\(file) differs between 1 and 2 threads")
        }
        let individuals = try Self.csv(dir.path + "/t1", "individuals.csv")
        #expect(Set(individuals.map { $0["pregnancies"]! }).count > 1, "the histories vary")
        for k in [0, 7, 23] {
            let out = dir.path + "/woman\(k)"
            let r = try CLIHarness.run(["run", path, "--out", out, "--individual", String(k), "--replicates", "1", "--seed", "11", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let alone = try Self.csv(out, "assay.csv")
            let inCohort = individuals.filter { $0["individual"] == String(k) }
            #expect(alone.count == inCohort.count)
            for (a, c) in zip(alone, inCohort) {
                #expect(a["time_days"] == c["time_days"] && a["p_detect"] == c["p_detect"], "woman \(k): alone \(a), in cohort \(c)")
            }
            let manifest = try RunManifestText.read(out)
            #expect(manifest.contains("\"individual\" : \(k)"))
        }
        // Women without a pregnancy hold no male cells: never detected.
        for row in individuals where row["pregnancies"] == "0" {
            #expect(row["count"] == "0" && row["p_detect"] == "0.0" && row["detected"] == "0")
        }
    }

    @Test("cohort usage errors: --individual without a cohort or out of range, moments for a whole cohort")
    func usageErrors() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let cohort = try CLIHarness.write(Self.variedCohort, named: "varied.yaml", in: dir)
        let family = try CLIHarness.write(Self.family, named: "family.yaml", in: dir)
        let a = try CLIHarness.run(["run", family, "--out", dir.path + "/a", "--individual", "0"])
        #expect(a.status == 64 && a.stderr.contains("no 'cohort:'"), "\(a.stderr)")
        let b = try CLIHarness.run(["run", cohort, "--out", dir.path + "/b", "--individual", "24"])
        #expect(b.status == 64 && b.stderr.contains("from 0 to 23"), "\(b.stderr)")
        let c = try CLIHarness.run(["run", cohort, "--out", dir.path + "/c", "--method", "moments"])
        #expect(c.status == 64 && c.stderr.contains("--method moments"), "\(c.stderr)")
        for name in ["a", "b", "c"] { #expect(!FileManager.default.fileExists(atPath: dir.path + "/" + name)) }
        let d = try CLIHarness.run(["run", cohort, "--out", dir.path + "/d", "--individual", "3", "--method", "moments"])
        #expect(d.status == 0, "one woman's family has exact moments: \(d.stderr)")
    }
}

extension CohortTests {
    /// The library's cohort study, cut to 16 women (its kinetics and
    /// calendar unchanged): before most first deliveries (age 20) the
    /// expected prevalence is below that at age 40, after most of them; a
    /// woman with no pregnancy is never positive; and the pooled rows by
    /// years since delivery hold exactly the samples taken after a delivery.
    @Test("cohort-blood-draw: prevalence rises with deliveries; no pregnancy, no male cells")
    func cohortBloodDraw() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = CLIHarness.packageRoot.appendingPathComponent("scenarios/cohort-blood-draw.yaml").path
        let r = try CLIHarness.run(["run", scenario, "--out", dir.path, "--set", "cohort.size=16", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let prevalence = try Self.csv(dir.path, "prevalence.csv")
        func expected(age: Double) throws -> Double {
            let row = try #require(prevalence.first { $0["by"] == "age" && Double($0["from_years"]!) == age })
            return try #require(Double(row["expected_fraction"]!))
        }
        #expect(try expected(age: 20) < expected(age: 40))
        let individuals = try Self.csv(dir.path, "individuals.csv")
        for row in individuals where row["pregnancies"] == "0" { #expect(row["p_detect"] == "0.0" && row["detected"] == "0") }
        let afterDelivery = individuals.filter { !($0["years_since_delivery"] ?? "").isEmpty }.count
        let pooled = prevalence.filter { $0["by"] == "years_since_delivery" }.map { Int($0["samples"]!)! }.reduce(0, +)
        #expect(pooled == afterDelivery)
    }
}

/// run.json as text, for checks on keys.
enum RunManifestText {
    static func read(_ directory: String) throws -> String {
        try String(contentsOfFile: directory + "/run.json", encoding: .utf8)
    }
}
