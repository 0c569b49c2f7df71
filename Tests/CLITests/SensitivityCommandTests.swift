import Foundation
@testable import MicrochimeraKit
import Testing

/// `sweep --design sobol|morris` and `microchimera sensitivity` end to end on a
/// network with a closed-form mean, through the binary: shards merge to the same
/// bytes, the indices are those of the closed form on the same design, and
/// wrong inputs get clear refusals.
@Suite("sensitivity command")
struct SensitivityCommandTests {
    /// Blood's mean is 20·e^{−(r0 + r1)t} exactly; r2 (marrow's loss) cannot change it.
    static let scenario = SweepTests.death
    static let vary = ["--vary", "network.flows[0].rate=0.01 /day:0.1 /day:log",
                       "--vary", "network.flows[1].rate=0.001 /day:0.03 /day",
                       "--vary", "network.flows[2].rate=0.005 /day:0.05 /day"]

    static func sweep(_ scenario: String, _ out: String, _ extra: [String]) throws -> CLIHarness.Outcome {
        try CLIHarness.run(["sweep", scenario] + vary + ["--method", "moments", "--at", "50 days", "--seed", "7", "--out", out, "--quiet"] + extra)
    }

    static func text(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

    @Test("sobol: shards merge to the same bytes; S1 and ST equal the closed form's on the same design (1e-6); the unused rate gets ST = 0")
    func sobolEndToEnd() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.scenario, named: "death.yaml", in: dir)
        let whole = try Self.sweep(scenario, dir.path + "/whole", ["--design", "sobol", "--points", "32"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("160 points (sobol)"), "N·(D + 2) = 32 × 5: \(whole.stdout)")
        for k in 1...2 {
            let r = try Self.sweep(scenario, dir.path + "/s\(k)", ["--design", "sobol", "--points", "32", "--shard", "\(k)/2"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try CLIHarness.run(["merge", dir.path + "/s1", dir.path + "/s2", "--out", dir.path + "/merged"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(Self.text(dir.path + "/merged/sweep.csv") == Self.text(dir.path + "/whole/sweep.csv"))
        #expect(Self.text(dir.path + "/merged/sweep.json") == Self.text(dir.path + "/whole/sweep.json"))

        for folder in ["whole", "merged"] {
            let r = try CLIHarness.run(["sensitivity", dir.path + "/" + folder, "--series", "blood", "--bootstrap", "200"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let csv = try #require(Self.text(dir.path + "/whole/sensitivity.csv"))
        #expect(csv == Self.text(dir.path + "/merged/sensitivity.csv"), "same bytes from the merged shards")
        let svg = try #require(Self.text(dir.path + "/whole/sensitivity.svg"))
        #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n") && svg.contains("network.flows[2].rate") && svg.contains("ST (total)"))
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "quantity,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high" && lines.count == 4, "\(csv)")

        // The same indices from the closed form evaluated on the design's own points.
        let unit = try SweepDesign.sobol.unitPoints(parameters: 3, count: 32, seed: 7, levels: nil)
        let axes = try (0..<3).map { i throws -> SweepAxis in try SweepAxis(parsing: Self.vary[2 * i + 1]) }
        let exact = unit.map { u -> Double in
            let rates = zip(axes, u).map { Double($0.value(at: $1).split(separator: " ")[0])! }
            return 20 * exp(-(rates[0] + rates[1]) * 50)
        }
        guard case .sobol(let s) = try SensitivityPipeline.analyse(design: .sobol, unit: unit, outputs: exact, levels: nil,
                                                                   bootstrap: 0, seed: 7, label: "") else { Issue.record("not sobol"); return }
        for (j, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(f[0] == "mean blood at 50.0 days")
            let (s1, st) = (Double(f[2])!, Double(f[5])!)
            #expect(abs(s1 - s.firstOrder[j]) < 1e-6 && abs(st - s.total[j]) < 1e-6, "parameter \(j): \(s1), \(st) vs \(s.firstOrder[j]), \(s.total[j])")
            #expect(Double(f[3])! <= s1 && s1 <= Double(f[4])! && Double(f[6])! <= st && st <= Double(f[7])!)
        }
        #expect(abs(s.total[2]) < 1e-12 && s.total[0] > 0.3, "r2 does not act on blood; r0 does")
    }

    @Test("morris: mu_star, sigma, mu per parameter; the rate that cannot act on blood has mu_star = 0")
    func morrisEndToEnd() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.scenario, named: "death.yaml", in: dir)
        let r = try Self.sweep(scenario, dir.path + "/m", ["--design", "morris", "--points", "10", "--levels", "6"])
        #expect(r.status == 0 && r.stdout.contains("40 points (morris)"), "\(r.stdout) \(r.stderr)")
        #expect(Self.text(dir.path + "/m/sweep.json")?.contains("\"levels\" : 6") == true)
        let a = try CLIHarness.run(["sensitivity", dir.path + "/m", "--series", "blood", "--quantity", "mean", "--out", dir.path + "/a"])
        #expect(a.status == 0, "\(a.stderr)")
        let lines = try #require(Self.text(dir.path + "/a/sensitivity.csv")).split(separator: "\n")
        #expect(lines.first == "quantity,parameter,mu_star,sigma,mu" && lines.count == 4)
        let f = lines.map { $0.split(separator: ",") }
        #expect(Double(f[1][2])! > 1 && Double(f[3][2])! < 1e-9, "\(lines)")
        #expect(Double(f[1][4])! < 0, "a faster loss lowers the mean: μ < 0")
    }

    @Test("refusals name what is wrong: a grid sweep, a shard, missing points, an unknown quantity, series or time")
    func refusals() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.scenario, named: "death.yaml", in: dir)
        #expect(try Self.sweep(scenario, dir.path + "/grid", ["--vary", "network.compartments.blood.initial=10,20"]).status != 0,
                "ranges without counts are no grid")
        let grid = try CLIHarness.run(["sweep", scenario, "--vary", "network.flows[0].rate=0.01 /day:0.1 /day:3", "--method", "moments",
                                       "--out", dir.path + "/grid", "--quiet"])
        #expect(grid.status == 0, "\(grid.stderr)")
        let notSobol = try CLIHarness.run(["sensitivity", dir.path + "/grid"])
        #expect(notSobol.status == 64 && notSobol.stderr.contains("is a 'grid' sweep; sensitivity needs a sweep run with --design sobol or --design morris"),
                "\(notSobol.stderr)")

        #expect(try Self.sweep(scenario, dir.path + "/s1", ["--design", "sobol", "--points", "4", "--shard", "1/2"]).status == 0)
        let shard = try CLIHarness.run(["sensitivity", dir.path + "/s1"])
        #expect(shard.status == 64 && shard.stderr.contains("is shard 1/2 of a sweep; merge the shards first"), "\(shard.stderr)")
        // A whole sweep's folder holding only shard 1/2's points: points 1, 3, 5, ... are missing.
        #expect(try Self.sweep(scenario, dir.path + "/w", ["--design", "sobol", "--points", "4"]).status == 0)
        let fm = FileManager.default
        try fm.removeItem(atPath: dir.path + "/w/sweep.csv")
        try fm.removeItem(atPath: dir.path + "/w/points")
        try fm.copyItem(atPath: dir.path + "/s1/points", toPath: dir.path + "/w/points")
        let missing = try CLIHarness.run(["sensitivity", dir.path + "/w"])
        #expect(missing.status == 64 && missing.stderr.contains("10 of 20 points are missing (1, 3, 5, 7, 9, 11, 13, 15, 17, 19)"), "\(missing.stderr)")

        #expect(try Self.sweep(scenario, dir.path + "/ok", ["--design", "sobol", "--points", "4"]).status == 0)
        let quantity = try CLIHarness.run(["sensitivity", dir.path + "/ok", "--series", "blood", "--quantity", "median"])
        #expect(quantity.status == 64 && quantity.stderr.contains("--quantity median is not a statistics column of sweep.csv; choose one of mean, sd, q05"),
                "\(quantity.stderr)")
        let several = try CLIHarness.run(["sensitivity", dir.path + "/ok"])
        #expect(several.stderr.contains("sweep.csv has 3 series; choose one with --series") && several.stderr.contains("///marrow"), "\(several.stderr)")
        let series = try CLIHarness.run(["sensitivity", dir.path + "/ok", "--series", "liver"])
        #expect(series.status == 64 && series.stderr.contains("--series liver is not in sweep.csv"), "\(series.stderr)")
        let time = try CLIHarness.run(["sensitivity", dir.path + "/ok", "--series", "blood", "--at", "60 days"])
        #expect(time.status == 64 && time.stderr.contains("--at 60.0 days is not an output time of sweep.csv; its times are: 50.0 days"), "\(time.stderr)")
        let empty = try CLIHarness.run(["sensitivity", dir.path + "/ok", "--series", "blood", "--quantity", "q05"])
        #expect(empty.status == 64 && empty.stderr.contains("it is empty"), "\(empty.stderr)")
        #expect(!fm.fileExists(atPath: dir.path + "/ok/sensitivity.csv"), "nothing written on refusal")
    }
}
