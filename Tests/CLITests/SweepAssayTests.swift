import Foundation
@testable import MicrochimeraKit
import Reporting
import Testing

/// sweep-assay.csv: each sweep point's assay.csv rows, the same numbers as
/// `run` at that point's values, kept through shards and resumes, and
/// selectable by `microchimera sensitivity`.
///
/// The scenario: a transfusion of 4000 male progenitor and 1000 mature cells
/// into blood at day 30, each type cleared from blood at `c_τ` with no
/// homing, so each cell is alive at `t` with probability
/// `p_τ = e^{−c_τ(t − 30)}`, independently, and a 10 mL draw (a fraction
/// `f = 10/5000` of blood) counts `K = Σ_τ Binomial(n_τ, f·p_τ)`:
/// `P(detect) = 1 − Π_τ (1 − f·p_τ)^{n_τ}` exactly.
///
/// Thresholds: moments against `run` to 1e-12 relative (the same solves on
/// the same network; the run adds summary checkpoints to its output times)
/// and against the closed form to 1e-9 relative; the exact engine's
/// Rao-Blackwell P(detect) at point 0 is the same bytes as `run`'s (the same
/// streams `(seed, 0, r)`), and at the other points within 4 Bernoulli
/// standard errors `√(P(1 − P)/R)` of the closed form (a false failure rate
/// below 1e-4 per check).
@Suite("sweep-assay.csv")
struct SweepAssayTests {
    static let scenario = """
        name: transfused
        horizon: 1 year
        output: { times: [40 days, 60 days] }
        tissues: []
        cell_types:
          progenitor: { share: 0.2, clearance: 0.05 /day, differentiation: { mature: 0 /day } }
          mature: { share: 0.8, clearance: 0.5 /day }
        events:
          - transfusion: { donor: donor, sex: male, at: 30 days, into: blood, cells: { progenitor: 4000, mature: 1000 } }
        assays:
          - { name: draw, marker: y_chromosome, sample: 10 mL, times: [40 days, 90 days] }
          - { name: deep, marker: y_chromosome, sample: 20 mL, limit_of_detection: 2, times: [60 days] }
        """

    static let clearances = ["0.02 /day", "0.05 /day", "0.1 /day"]
    static let vary = ["--vary", "cell_types.progenitor.clearance=" + clearances.joined(separator: ",")]

    /// `1 − Π_τ (1 − f·p_τ)^{n_τ}` for the 10 mL draw at day `t`.
    static func drawDetection(progenitor c: Double, mature m: Double = 0.5, at t: Double) -> Double {
        let f = 10.0 / 5000
        return -expm1(4000 * log1p(-f * exp(-c * (t - 30))) + 1000 * log1p(-f * exp(-m * (t - 30))))
    }

    static func text(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

    static func lines(_ path: String) throws -> [String] {
        try #require(text(path)).split(separator: "\n").map(String.init)
    }

    /// The rows of sweep-assay.csv (after the header) whose point is `k`, without the `point,value,method,` prefix.
    static func assayRows(_ dir: String, point k: Int) throws -> [String] {
        try lines(dir + "/sweep-assay.csv").dropFirst().filter { $0.hasPrefix("\(k),") }.map { row in
            row.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)[3].description
        }
    }

    /// Two rows of assay.csv are the same: text cells equal, numbers within `tolerance` relative.
    static func same(_ a: String, _ b: String, tolerance: Double) -> Bool {
        let (x, y) = (a.split(separator: ",", omittingEmptySubsequences: false), b.split(separator: ",", omittingEmptySubsequences: false))
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { u, v in
            guard let p = Double(u), let q = Double(v) else { return u == v }
            return abs(p - q) <= tolerance * max(abs(p), abs(q))
        }
    }

    @Test("moments: each point's rows of sweep-assay.csv are run's assay.csv at its values (1e-12) and the closed form (1e-9); sweep.csv is unchanged")
    func momentsEqualsRun() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.scenario, named: "transfused.yaml", in: dir)
        let r = try CLIHarness.run(["sweep", path] + Self.vary + ["--method", "moments", "--out", dir.path + "/s", "--quiet"])
        #expect(r.status == 0 && r.stdout.contains("wrote \(dir.path)/s/sweep.csv and sweep-assay.csv"), "\(r.stdout)\(r.stderr)")
        let header = try Self.lines(dir.path + "/s/sweep-assay.csv")[0]
        #expect(header == "point,cell_types.progenitor.clearance,method," + AssayCSV.header)
        #expect(try Self.lines(dir.path + "/s/sweep.csv")[0] == SweepPipeline.header(["cell_types.progenitor.clearance"]))
        for (k, value) in Self.clearances.enumerated() {
            let out = dir.path + "/run\(k)"
            let run = try CLIHarness.run(["run", path, "--method", "moments", "--set", "cell_types.progenitor.clearance=\(value)",
                                          "--out", out, "--quiet", "--no-plot"])
            #expect(run.status == 0, "\(run.stderr)")
            let expected = Array(try Self.lines(out + "/assay.csv").dropFirst())
            let got = try Self.assayRows(dir.path + "/s", point: k)
            #expect(got.count == 3 && got.count == expected.count, "\(got)")
            for (a, b) in zip(got, expected) { #expect(Self.same(a, b, tolerance: 1e-12), "point \(k): \(a) vs run \(b)") }
            let c = Double(value.split(separator: " ")[0])!
            for row in got where row.hasPrefix("draw,") {
                let f = row.split(separator: ",", omittingEmptySubsequences: false)
                let (t, p) = (Double(f[4])!, Double(f[9])!)
                let exact = Self.drawDetection(progenitor: c, at: t)
                #expect(abs(p - exact) <= 1e-9 * exact, "point \(k), day \(t): p_detect \(p) vs closed form \(exact)")
            }
            // sweep.csv's rows are still the run's timeseries.csv rows.
            let series = try Self.lines(dir.path + "/s/sweep.csv").dropFirst().filter { $0.hasPrefix("\(k),") }
            #expect(series.count == 3 * 4, "3 output times (the assays' sampling times are output times too) × 4 series: \(series.count)")
        }
    }

    @Test("--at keeps the sampling times among the --at times; none among them: no sweep-assay.csv, and the user is told")
    func atTimes() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.scenario, named: "transfused.yaml", in: dir)
        let r = try CLIHarness.run(["sweep", path] + Self.vary + ["--method", "moments", "--at", "90 days", "--out", dir.path + "/a", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.lines(dir.path + "/a/sweep-assay.csv").dropFirst()
        #expect(rows.count == 3 && rows.allSatisfy { $0.contains(",draw,mother,y_chromosome,blood,90.0,") }, "\(rows)")
        let none = try CLIHarness.run(["sweep", path] + Self.vary + ["--method", "moments", "--at", "50 days", "--out", dir.path + "/b", "--quiet"])
        #expect(none.status == 0 && none.stderr.contains("no sampling time among the sweep's output times"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/b/sweep-assay.csv"))
    }

    @Test("exact engine: point 0 is run's assay.csv byte for byte (same streams); every point's P(detect) within 4 SE of the closed form")
    func stochastic() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.scenario, named: "transfused.yaml", in: dir)
        let replicates = 400
        let common = ["--method", "exact", "--replicates", "\(replicates)", "--seed", "11", "--quiet"]
        let r = try CLIHarness.run(["sweep", path] + Self.vary + common + ["--out", dir.path + "/s"])
        #expect(r.status == 0, "\(r.stderr)")
        let run = try CLIHarness.run(["run", path, "--set", "cell_types.progenitor.clearance=\(Self.clearances[0])", "--out", dir.path + "/r",
                                      "--no-plot"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.assayRows(dir.path + "/s", point: 0) == Array(try Self.lines(dir.path + "/r/assay.csv").dropFirst()))
        for (k, value) in Self.clearances.enumerated() {
            let c = Double(value.split(separator: " ")[0])!
            for row in try Self.assayRows(dir.path + "/s", point: k) where row.hasPrefix("draw,") {
                let f = row.split(separator: ",", omittingEmptySubsequences: false)
                let (t, p) = (Double(f[4])!, Double(f[9])!)
                let exact = Self.drawDetection(progenitor: c, at: t)
                let se = (exact * (1 - exact) / Double(replicates)).squareRoot()
                #expect(abs(p - exact) <= 4 * se, "point \(k), day \(t): \(p) vs \(exact) (SE \(se))")
            }
        }
    }

    @Test("shards merge and a resume give the same sweep-assay.csv bytes; points saved without assay rows are computed again")
    func shardsAndResume() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.scenario, named: "transfused.yaml", in: dir)
        let args = ["sweep", path, "--vary", "cell_types.progenitor.clearance=0.01 /day:0.2 /day:log", "--vary",
                    "cell_types.mature.clearance=0.2 /day:2 /day", "--design", "sobol", "--points", "8", "--method", "moments",
                    "--seed", "3", "--quiet"]
        #expect(try CLIHarness.run(args + ["--out", dir.path + "/whole"]).status == 0)
        let whole = try #require(Self.text(dir.path + "/whole/sweep-assay.csv"))
        #expect(whole.split(separator: "\n").count == 1 + 32 * 3, "32 points × 3 assay rows")
        for k in 1...2 { #expect(try CLIHarness.run(args + ["--shard", "\(k)/2", "--out", dir.path + "/s\(k)"]).status == 0) }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/s1/sweep-assay.csv"), "a shard writes neither table")
        let merged = try CLIHarness.run(["merge", dir.path + "/s1", dir.path + "/s2", "--out", dir.path + "/m"])
        #expect(merged.status == 0 && merged.stdout.contains("and sweep-assay.csv"), "\(merged.stderr)")
        #expect(Self.text(dir.path + "/m/sweep-assay.csv") == whole)
        #expect(Self.text(dir.path + "/m/sweep.csv") == Self.text(dir.path + "/whole/sweep.csv"))

        // A batch file as a version before sweep-assay.csv wrote it: `#point K BYTES SHA256` and the sweep.csv rows alone.
        let points = dir.path + "/whole/points"
        let batch = try #require(try FileManager.default.contentsOfDirectory(atPath: points).filter { $0.hasSuffix(".rows") }.sorted().first)
        let data = try #require(FileManager.default.contents(atPath: points + "/" + batch)).map { $0 }
        var old: [UInt8] = [], i = 0, count = 0
        while i < data.count {
            let newline = try #require(data[i...].firstIndex(of: UInt8(ascii: "\n")))
            let f = String(decoding: data[i..<newline], as: UTF8.self).split(separator: " ")
            #expect(f.count == 5, "#point K BYTES SHA256 ASSAYBYTES: \(f)")
            let (length, assay) = (Int(f[2])!, Int(f[4])!)
            let rows = Array(data[(newline + 1)..<(newline + 1 + length - assay)])
            old += Array("#point \(f[1]) \(rows.count) \(SHA256.hexDigest(rows))\n".utf8) + rows
            i = newline + 1 + length
            count += 1
        }
        try Data(old).write(to: URL(fileURLWithPath: points + "/" + batch))
        try FileManager.default.removeItem(atPath: dir.path + "/whole/sweep-assay.csv")
        let resumed = try CLIHarness.run(args + ["--out", dir.path + "/whole"])
        #expect(resumed.status == 0 && resumed.stdout.contains("\(count) computed now"), "\(resumed.stdout)")
        #expect(resumed.stderr.contains("saved without their assay rows (by an earlier version); computed again"), "\(resumed.stderr)")
        #expect(Self.text(dir.path + "/whole/sweep-assay.csv") == whole)
    }

    @Test("sensitivity --quantity p_detect --series ASSAY --at T: the closed form's indices; clear refusals")
    func sensitivity() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.scenario, named: "transfused.yaml", in: dir)
        let vary = ["--vary", "cell_types.progenitor.clearance=0.01 /day:0.2 /day:log", "--vary", "cell_types.mature.clearance=0.2 /day:2 /day"]
        let out = dir.path + "/gsa"
        let r = try CLIHarness.run(["sweep", path] + vary + ["--design", "sobol", "--points", "16", "--method", "moments", "--seed", "4",
                                                             "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let a = try CLIHarness.run(["sensitivity", out, "--quantity", "p_detect", "--series", "draw", "--at", "90 days", "--bootstrap", "100"])
        #expect(a.status == 0, "\(a.stderr)")
        let csv = try Self.lines(out + "/sensitivity.csv")
        #expect(csv.count == 3 && csv[1].hasPrefix("p_detect draw at 90.0 days,cell_types.progenitor.clearance,"), "\(csv)")

        let unit = try SweepDesign.sobol.unitPoints(parameters: 2, count: 16, seed: 4, levels: nil)
        let axes = try [SweepAxis(parsing: vary[1]), SweepAxis(parsing: vary[3])]
        let exact = unit.map { u -> Double in
            let rates = zip(axes, u).map { Double($0.value(at: $1).split(separator: " ")[0])! }
            return Self.drawDetection(progenitor: rates[0], mature: rates[1], at: 90)
        }
        guard case .sobol(let s) = try SensitivityPipeline.analyse(design: .sobol, unit: unit, outputs: exact, levels: nil,
                                                                   bootstrap: 0, seed: 4, label: "") else { Issue.record("not sobol"); return }
        for (j, line) in csv.dropFirst().enumerated() {
            let f = line.split(separator: ",")
            #expect(abs(Double(f[2])! - s.firstOrder[j]) < 1e-6 && abs(Double(f[5])! - s.total[j]) < 1e-6, "\(line) vs \(s.firstOrder[j]), \(s.total[j])")
        }
        #expect(s.total[0] > 0.9 && abs(s.total[1]) < 1e-6, "60 days on, the mature cells are gone: \(s.total)")

        let refusals: [([String], String)] = [
            (["--quantity", "p_detect", "--series", "drow", "--at", "90 days"],
             "--series drow is not in sweep-assay.csv; its assays (ASSAY) are: draw (at 40.0 days, 90.0 days), deep (at 60.0 days)"),
            (["--quantity", "p_detect", "--at", "90 days"], "sweep-assay.csv has 2 assays; choose one with --series ASSAY"),
            (["--quantity", "p_detect", "--series", "draw"], "assay draw in sweep-assay.csv has 2 sampling times; choose one with --at"),
            (["--quantity", "p_detect", "--series", "draw", "--at", "60 days"],
             "--at 60.0 days is not a sampling time of assay draw in sweep-assay.csv; its times are: 40.0 days, 90.0 days"),
            (["--quantity", "mean", "--quantity", "p_detect", "--series", "draw"], "analyse them in two calls"),
            (["--quantity", "mean", "--series", "draw", "--at", "60 days"], "an assay's name goes with --quantity p_detect or mean_geq_per_1e5"),
            (["--quantity", "p_dtect"], "or a column of sweep-assay.csv (the scenario's assays): p_detect, mean_geq_per_1e5"),
        ]
        for (args, message) in refusals {
            let refused = try CLIHarness.run(["sensitivity", out, "--out", dir.path + "/no"] + args)
            #expect(refused.status == 64 && refused.stderr.contains(message), "\(args): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/no"), "nothing written on refusal")

        let network = try CLIHarness.write(SweepTests.death, named: "death.yaml", in: dir)
        let plain = try CLIHarness.run(["sweep", network] + SensitivityCommandTests.vary.prefix(2)
                                       + ["--design", "sobol", "--points", "4", "--method", "moments", "--out", dir.path + "/plain", "--quiet"])
        #expect(plain.status == 0 && !FileManager.default.fileExists(atPath: dir.path + "/plain/sweep-assay.csv"), "\(plain.stderr)")
        let none = try CLIHarness.run(["sensitivity", dir.path + "/plain", "--quantity", "p_detect"])
        #expect(none.status == 64 && none.stderr.contains("is a column of sweep-assay.csv, but \(dir.path)/plain has none"), "\(none.stderr)")
    }
}
