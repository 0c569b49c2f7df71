import Foundation
import Testing
import Engines
import MicrochimeraKit
import Reporting

@Suite("microchimera run and validate, as a process")
struct RunCommandTests {
    static let small = """
        name: small
        horizon: 2 years
        output:
          every: 1 year
        network:
          compartments:
            - { name: blood, initial: 100 }
            - { name: marrow }
          flows:
            - { from: blood, to: out, half_life: 2 days }
            - { from: blood, to: marrow, rate: 0.004 /day }
        """

    @Test("--version and --help")
    func versionAndHelp() throws {
        let v = try CLIHarness.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == MicrochimeraVersion.current)
        let h = try CLIHarness.run(["run", "--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("Examples:") && h.stdout.contains("--method") && h.stdout.contains("--set"))
    }

    @Test("run writes timeseries.csv and run.json with seed, method, hash and overrides")
    func runWrites() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let out = dir.appendingPathComponent("out").path
        let r = try CLIHarness.run(["run", scenario, "--out", out, "--method", "moments", "--set", "network.compartments.blood.initial=200"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let csv = try String(contentsOfFile: out + "/timeseries.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "time_days,time_years,host,origin,cell_type,compartment,mean,sd,q05,q25,q50,q75,q95,p_present")
        #expect(lines.count == 1 + 3 * 3) // 3 output times × (2 compartments + total)
        #expect(lines[1] == "0.0,0.0,,,,blood,200.0,0.0,,,,,,1.0") // the override took effect; moments: sd and p_present
        let manifest = try RunManifest.decode(jsonText: String(contentsOfFile: out + "/run.json", encoding: .utf8))
        #expect(manifest.seed == SimulationOptions.defaultSeed)
        #expect(manifest.method.ran == .moments && manifest.method.requested == .moments)
        #expect(manifest.version == MicrochimeraVersion.current)
        #expect(manifest.scenario.sha256 == SHA256.hexDigest(Array(Self.small.utf8)))
        #expect(manifest.overrides == [.init(path: "network.compartments.blood.initial", value: "200")])
        #expect(manifest.resolved.compartments.map(\.initial) == [200, 0])
        #expect(abs(manifest.resolved.flows[0].ratePerDay - log(2.0) / 2) < 1e-15)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("same command, same timeseries.csv bytes for --threads 1 and 2; --seed is recorded")
    func reproducible() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let a = try CLIHarness.run(["run", scenario, "--out", dir.path + "/a", "--seed", "42", "--threads", "1"])
        let b = try CLIHarness.run(["run", scenario, "--out", dir.path + "/b", "--seed", "42", "--threads", "2"])
        #expect(a.status == 0 && b.status == 0)
        let ca = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/a/timeseries.csv"))
        let cb = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/timeseries.csv"))
        #expect(ca == cb)
        let m = try RunManifest.decode(jsonText: String(contentsOfFile: dir.path + "/b/run.json", encoding: .utf8))
        #expect(m.seed == 42 && m.threads == 2)
    }

    @Test("an invalid scenario: exit 65, every problem on stderr with file and line, nothing written")
    func invalidWritesNothing() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let bad = Self.small.replacingOccurrences(of: "half_life: 2 days", with: "half_life: 2")
            .replacingOccurrences(of: "rate: 0.004 /day", with: "rat: 0.004 /day")
        let scenario = try CLIHarness.write(bad, named: "bad.yaml", in: dir)
        let out = dir.appendingPathComponent("out").path
        let r = try CLIHarness.run(["run", scenario, "--out", out])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bad.yaml:10:"))  // the bare half-life, line 10
        #expect(r.stderr.contains("half_life"))
        #expect(r.stderr.contains("bad.yaml:11:"))  // the misspelt key, line 11
        #expect(r.stderr.contains("rate"))          // suggested
        #expect(!FileManager.default.fileExists(atPath: out))
        let v = try CLIHarness.run(["validate", scenario])
        #expect(v.status == 65)
        #expect(v.stderr.contains("bad.yaml:10:") && v.stderr.contains("bad.yaml:11:"))
    }

    @Test("stochastic methods fill sd, quantiles and p_present; run.json records the method", arguments: [EngineKind.exact, .fast])
    func stochasticMethods(method: EngineKind) throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let out = dir.appendingPathComponent("out").path
        let r = try CLIHarness.run(["run", scenario, "--out", out, "--method", method.name, "--replicates", "200"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rows = try String(contentsOfFile: out + "/timeseries.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let blood0 = rows.first!.split(separator: ",", omittingEmptySubsequences: false)
        #expect(blood0.count == 14)
        #expect(blood0[5] == "blood" && blood0[6] == "100.0" && blood0[7] == "0.0" && blood0[13] == "1.0") // deterministic start
        let manifest = try RunManifest.decode(jsonText: String(contentsOfFile: out + "/run.json", encoding: .utf8))
        #expect(manifest.method.ran == method && manifest.replicates.simulated == 200)
        #expect((manifest.eventsSimulated != nil) == (method == .exact))
    }

    @Test("a different seed gives different numbers; the same seed the same bytes")
    func seeds() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        for (name, seed) in [("a", "3"), ("b", "3"), ("c", "4")] {
            let r = try CLIHarness.run(["run", scenario, "--out", dir.path + "/" + name, "--seed", seed, "--method", "exact", "--replicates", "100"])
            #expect(r.status == 0)
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/a/timeseries.csv"))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/timeseries.csv"))))
        #expect(a != (try Data(contentsOf: URL(fileURLWithPath: dir.path + "/c/timeseries.csv"))))
    }

    @Test("--trajectories writes every replicate's counts; with moments it is a usage error")
    func trajectories() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let file = dir.path + "/o/traj/all.csv" // a relative name is taken inside --out
        let r = try CLIHarness.run(["run", scenario, "--out", dir.path + "/o", "--replicates", "7", "--trajectories", "traj/all.csv"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "replicate,time_days,compartment,count")
        #expect(lines.count == 1 + 7 * 3 * 2) // replicates × output times × compartments
        #expect(lines[1] == "0,0.0,blood,100" && lines.last!.hasPrefix("6,730.5,marrow,"))
        let m = try CLIHarness.run(["run", scenario, "--out", dir.path + "/m", "--method", "moments", "--trajectories", "x.csv"])
        #expect(m.status == 64 && m.stderr.contains("--trajectories"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/m"))
    }

    @Test("a missing scenario file: exit 66 naming the path")
    func missingFile() throws {
        let r = try CLIHarness.run(["run", "/nonexistent/nowhere.yaml", "--out", "/tmp/never-written-mc"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent/nowhere.yaml"))
    }

    @Test("a malformed --set is a usage error: exit 64")
    func badSet() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let r = try CLIHarness.run(["run", scenario, "--out", dir.path + "/o", "--set", "horizon"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("horizon"))
    }

    @Test("validate accepts the default scenario")
    func validateDefault() throws {
        let r = try CLIHarness.run(["validate", "scenarios/single-pregnancy.yaml"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("valid"))
    }
}
