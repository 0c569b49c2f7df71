import Foundation
import MicrochimeraKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `microchimera sweep` and `merge`: the same bytes for any thread count,
/// after a kill -9 and a resume, and from merged shards; clear refusals;
/// the values reach the scenario (checked against a closed form).
@Suite("sweep and merge")
struct SweepTests {
    /// 20 cells leaving blood at rate μ: mean 20·e^{−μt} exactly.
    static let death = """
        name: pure death
        horizon: 100 days
        output: { every: 10 days }
        network:
          compartments:
            - { name: blood, initial: 20 }
            - { name: marrow }
          flows:
            - { from: blood, to: out, rate: 0.05 /day }
            - { from: blood, to: marrow, rate: 0.01 /day }
            - { from: marrow, to: out, rate: 0.02 /day }
        """

    static let vary = ["--vary", "network.flows[0].rate=0.01 /day:0.1 /day:4:log", "--vary", "network.compartments.blood.initial=10,40"]

    static func sweep(_ scenario: String, _ out: String, _ extra: [String]) throws -> CLIHarness.Outcome {
        try CLIHarness.run(["sweep", scenario] + vary + ["--out", out, "--quiet"] + extra)
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test("sweep.csv is the same bytes for 1 and 2 threads and from shards 1/3, 2/3, 3/3 merged")
    func threadsAndShards() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.death, named: "death.yaml", in: dir)
        let common = ["--method", "exact", "--replicates", "200"]
        for threads in ["1", "2"] {
            let r = try Self.sweep(scenario, dir.path + "/t\(threads)", common + ["--threads", threads])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let whole = try #require(Self.bytes(dir.path + "/t1/sweep.csv"))
        #expect(whole == Self.bytes(dir.path + "/t2/sweep.csv"))
        let text = String(decoding: whole, as: UTF8.self)
        #expect(text.hasPrefix("point,network.flows[0].rate,network.compartments.blood.initial,method,time_days,"))
        #expect(text.split(separator: "\n").count == 1 + 8 * 11 * 3, "8 points × 11 times × 3 series")
        for k in 1...3 {
            let r = try Self.sweep(scenario, dir.path + "/s\(k)", common + ["--shard", "\(k)/3"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/s\(k)/sweep.csv"), "a shard writes no sweep.csv")
        }
        let merged = try CLIHarness.run(["merge", dir.path + "/s1", dir.path + "/s2", dir.path + "/s3", "--out", dir.path + "/m"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(Self.bytes(dir.path + "/m/sweep.csv") == whole)
        #expect(Self.bytes(dir.path + "/m/sweep.json") == Self.bytes(dir.path + "/t1/sweep.json"))

        let missing = try CLIHarness.run(["merge", dir.path + "/s1", dir.path + "/s3", "--out", dir.path + "/m2"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("points are missing (1, 4, 7)") && missing.stderr.contains("1/3, 3/3"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/m2/sweep.csv"), "nothing written on refusal")
        let other = try Self.sweep(scenario, dir.path + "/o2", ["--method", "exact", "--replicates", "201", "--shard", "2/3"])
        #expect(other.status == 0)
        let foreign = try CLIHarness.run(["merge", dir.path + "/s1", dir.path + "/o2", dir.path + "/s3", "--out", dir.path + "/m3"])
        #expect(foreign.status == 64)
        #expect(foreign.stderr.contains("o2 is not a shard of the same sweep"), "\(foreign.stderr)")
        let twice = try CLIHarness.run(["merge", dir.path + "/s1", dir.path + "/s1", "--out", dir.path + "/m4"])
        #expect(twice.stderr.contains("point 0 is in two folders"), "\(twice.stderr)")
        // A value the scenario rejects, in the middle of a list: refused before any folder is made.
        let bad = try CLIHarness.run(["sweep", scenario, "--vary", "network.compartments.blood.initial=10,-5,40",
                                      "--out", dir.path + "/bad", "--quiet"])
        #expect(bad.status == 64 && bad.stderr.contains("sweep point 1 (network.compartments.blood.initial=-5)"), "\(bad.stderr)")
        #expect(bad.stderr.contains("network.compartments[0].initial: must not be negative"), "the key and what was expected: \(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/bad"), "nothing written")
        let reused = try Self.sweep(scenario, dir.path + "/t1", ["--method", "exact", "--replicates", "201"])
        #expect(reused.status == 64 && reused.stderr.contains("holds a different sweep"), "\(reused.stderr)")
    }

    /// A sweep killed with SIGKILL once a few points are saved, then started
    /// again with the same command, computes only the missing points and ends
    /// with the bytes of an uninterrupted sweep.
    @Test("kill -9 mid-sweep, then the same command again: only missing points run, same bytes")
    func killAndResume() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.death.replacingOccurrences(of: "initial: 20", with: "initial: 2000"),
                                            named: "death.yaml", in: dir)
        let args = ["sweep", scenario, "--vary", "network.flows[0].rate=0.01 /day:0.1 /day:24", "--method", "exact",
                    "--replicates", "10000", "--threads", "1", "--quiet"] // about 0.4 s a point: several batch saves before the end
        let whole = try CLIHarness.run(args + ["--out", dir.path + "/whole"])
        #expect(whole.status == 0, "\(whole.stderr)")

        let process = Process()
        process.executableURL = CLIHarness.executable
        process.arguments = args + ["--out", dir.path + "/killed"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let points = dir.path + "/killed/points"
        // Points saved so far: one "#point K BYTES" line each in the batch files (temporaries start with '.').
        func savedPoints() -> Int {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: points)) ?? []).filter { $0.hasSuffix(".rows") && !$0.hasPrefix(".") }
            return names.reduce(0) { total, name in
                let text = (try? String(contentsOfFile: points + "/" + name, encoding: .utf8)) ?? ""
                return total + text.split(separator: "\n").filter { $0.hasPrefix("#point ") }.count
            }
        }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if savedPoints() >= 3 || !process.isRunning { break }
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let saved = savedPoints()
        #expect(saved >= 3 && saved < 24, "killed after \(saved) of 24 points")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/killed/sweep.csv"))

        let resumed = try CLIHarness.run(args + ["--out", dir.path + "/killed"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("\(24 - saved) computed now, \(saved) already done"), "\(resumed.stdout)")
        #expect(Self.bytes(dir.path + "/killed/sweep.csv") == Self.bytes(dir.path + "/whole/sweep.csv"))
    }

    /// Batch files are not flushed one by one; one cut short (a power cut)
    /// must be ignored and its points computed again, to the same bytes.
    @Test("a batch file cut short is ignored: its points are computed again, same sweep.csv")
    func truncatedBatch() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.death, named: "death.yaml", in: dir)
        let out = dir.path + "/s"
        let first = try Self.sweep(scenario, out, ["--method", "moments"])
        #expect(first.status == 0, "\(first.stderr)")
        let original = Self.bytes(out + "/sweep.csv")
        let points = out + "/points"
        let batches = try FileManager.default.contentsOfDirectory(atPath: points).filter { $0.hasSuffix(".rows") }.sorted()
        let victim = points + "/" + batches[0]
        let content = try #require(Self.bytes(victim))
        let inVictim = String(decoding: content, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("#point ") }.count
        try content.dropLast(7).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.removeItem(atPath: out + "/sweep.csv")
        let again = try Self.sweep(scenario, out, ["--method", "moments"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\(inVictim) computed now, \(8 - inVictim) already done"), "\(again.stdout)")
        #expect(Self.bytes(out + "/sweep.csv") == original)
    }

    /// `--no-p-present` only empties p_present: every other cell is the same.
    @Test("--no-p-present: p_present empty, every other column as in the full sweep")
    func withoutPresence() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.death, named: "death.yaml", in: dir)
        let full = try Self.sweep(scenario, dir.path + "/full", ["--method", "moments"])
        let lean = try Self.sweep(scenario, dir.path + "/lean", ["--method", "moments", "--no-p-present"])
        #expect(full.status == 0 && lean.status == 0, "\(full.stderr)\(lean.stderr)")
        let a = String(decoding: try #require(Self.bytes(dir.path + "/full/sweep.csv")), as: UTF8.self).split(separator: "\n")
        let b = String(decoding: try #require(Self.bytes(dir.path + "/lean/sweep.csv")), as: UTF8.self).split(separator: "\n")
        #expect(a.count == b.count && a.count > 1)
        for (x, y) in zip(a.dropFirst(), b.dropFirst()) {
            let fx = x.split(separator: ",", omittingEmptySubsequences: false)
            let fy = y.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fx.dropLast() == fy.dropLast() && fy.last == "" && fx.last != "", "\(x) / \(y)")
        }
        let manifest = String(decoding: try #require(Self.bytes(dir.path + "/lean/sweep.json")), as: UTF8.self)
        #expect(manifest.contains("\"statistics\" : \"mean,sd\""))
    }

    /// With moments, each point's blood mean is 20·e^{−(μ+0.01)t} exactly:
    /// the axis values reach the right parameter at the right point.
    @Test("each point's values reach the scenario: blood means follow the closed form per point; --keep-runs keeps its run")
    func valuesReachTheScenario() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.death, named: "death.yaml", in: dir)
        let r = try CLIHarness.run(["sweep", scenario, "--vary", "network.flows[0].rate=0.01 /day:0.1 /day:4:log",
                                    "--method", "moments", "--at", "30 days,90 days", "--out", dir.path + "/m", "--quiet",
                                    "--keep-runs"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CohortTests.csv(dir.path + "/m", "sweep.csv").filter { $0["compartment"] == "blood" }
        #expect(rows.count == 8, "4 points × 2 times")
        for row in rows {
            let k = try #require(Int(row["point"]!))
            let mu = 0.01 * pow(10, Double(k) / 3)
            #expect(row["network.flows[0].rate"]!.hasSuffix(" /day"))
            let given = try #require(Double(row["network.flows[0].rate"]!.dropLast(5)))
            #expect(abs(given - mu) < 1e-12 * mu, "point \(k): \(given) vs \(mu)")
            let t = try #require(Double(row["time_days"]!))
            let mean = try #require(Double(row["mean"]!))
            let exact = 20 * exp(-(mu + 0.01) * t)
            #expect(abs(mean - exact) < 1e-9 * exact, "point \(k), day \(t): \(mean) vs \(exact)")
            // --keep-runs: the point's own run folder has the same numbers.
            let kept = try CohortTests.csv(dir.path + "/m/runs/p0000000\(k)", "timeseries.csv")
                .first { $0["compartment"] == "blood" && $0["time_days"] == row["time_days"] }
            #expect(kept?["mean"] == row["mean"], "point \(k): kept run \(kept?["mean"] ?? "missing")")
        }
        #expect(FileManager.default.fileExists(atPath: dir.path + "/m/runs/p00000003/summary.csv"))
    }

    @Test("a Latin hypercube puts one point in each stratum of every axis; bad specs are usage errors")
    func designAndSpecs() throws {
        let axes = try [SweepAxis(parsing: "a=0:1"), SweepAxis(parsing: "b=1 day:1 year:log")]
        let points = try SweepDesign.lhs.points(axes, count: 50, seed: 7)
        #expect(points.count == 50)
        let a = points.map { Double($0[0])! }
        #expect(Set(a.map { Int($0 * 50) }) == Set(0..<50), "one value of a per fiftieth")
        let b = points.map { Double($0[1].dropLast(5))! }
        let strata = b.map { Int(log(($0) / 1) / log(365.25) * 50) }
        #expect(Set(strata) == Set(0..<50), "one value of b per fiftieth of the log range")
        #expect(try SweepDesign.lhs.points(axes, count: 50, seed: 7) == points, "the design depends only on the seed")
        #expect(try SweepDesign.lhs.points(axes, count: 50, seed: 8) != points)
        let grid = try SweepAxis(parsing: "x=1 day:1 year:3:log").gridValues()
        #expect(grid.first == "1 days" && grid.last == "365.25 days", "\(grid)")
        #expect(try SweepAxis(parsing: "n=100:1000:4").gridValues() == ["100", "400", "700", "1000"])
        for bad in ["x", "x=", "x=1 day:0.5:3", "x=0:1:3:log", "x=1:2:0", "x=a:b:3", "x=1,,2"] {
            #expect(throws: RunError.self, "\(bad)") { _ = try SweepAxis(parsing: bad).gridValues() }
        }
    }
}
