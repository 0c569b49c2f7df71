import Foundation
import BiologyModel
import MicrochimeraKit
import Testing

/// Counts given on the command line (replicates, threads, sweep points,
/// optimizer starts) are bounded before any work starts: a typo such as
/// `--threads 100000` or a grid of 10^10 points is a usage error (exit 64)
/// naming the option and the bound, and nothing is written.
@Suite("command-line counts are bounded")
struct CountBoundsTests {
    @Test("run: --replicates and --threads above their bounds are usage errors naming the bound; at the bound they pass validation",
          arguments: [
              (["--replicates", String(SimulationOptions.maximumReplicates + 1)], "--replicates \(SimulationOptions.maximumReplicates + 1) is more than the \(SimulationOptions.maximumReplicates)"),
              (["--replicates", "100000000000000"], "is more than the \(SimulationOptions.maximumReplicates) one run may ask for"),
              (["--threads", String(SimulationOptions.maximumThreads + 1)], "--threads \(SimulationOptions.maximumThreads + 1) is more than the \(SimulationOptions.maximumThreads) allowed"),
          ])
    func runCounts(arguments: [String], message: String) throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run", "scenarios/single-pregnancy.yaml", "--out", dir.path + "/out", "--quiet"] + arguments)
        #expect(r.status == 64, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
    }

    @Test("the bounds themselves are accepted: the largest thread count runs a small moments run")
    func atTheBound() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run", "scenarios/single-pregnancy.yaml", "--method", "moments", "--no-plot",
                                    "--threads", String(SimulationOptions.maximumThreads), "--out", dir.path + "/out", "--quiet"])
        #expect(r.status == 0, "status \(r.status): \(r.stderr)")
    }

    @Test("sweep: a grid whose size overflows Int, or passes the point bound, is refused before any value is made", arguments: [
        // Four axes of 10^5 values (10^20 points) and two of 10^12 would overflow Int if multiplied
        // blindly; one axis of 1,000,001 values passes the bound alone.
        Array(repeating: "1:2:100000", count: 4),
        Array(repeating: "1:2:1000000000000", count: 2),
        ["1:2:1000001"],
    ])
    func sweepGrid(specs: [String]) throws {
        let dir = try CLIHarness.temporaryDirectory()
        let vary = specs.enumerated().flatMap { i, spec in ["--vary", "network.compartments[\(i)].initial=\(spec)"] }
        let r = try CLIHarness.run(["sweep", "scenarios/single-pregnancy.yaml"] + vary + ["--out", dir.path + "/sweep", "--quiet"])
        #expect(r.status == 64, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("has more than \(SweepDesign.maximumPoints) points"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/sweep"))
    }

    @Test("sweep: --points above the bound for lhs is refused")
    func sweepPoints() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["sweep", "scenarios/single-pregnancy.yaml", "--vary", "cell_types.progenitor.clearance.half_life=1 day:10 days",
                                    "--design", "lhs", "--points", String(SweepDesign.maximumPoints + 1), "--out", dir.path + "/sweep", "--quiet"])
        #expect(r.status == 64, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("--points \(SweepDesign.maximumPoints + 1) is more than the \(SweepDesign.maximumPoints)"), "\(r.stderr)")
    }

    @Test("a cohort above the size bound is refused at cohort.size by validate; at the bound it validates")
    func cohortSize() throws {
        let over = try CLIHarness.run(["validate", "scenarios/cohort-blood-draw.yaml", "--set", "cohort.size=\(CohortSpec.maximumSize + 1)"])
        #expect(over.status == 65, "status \(over.status): \(over.stderr)")
        #expect(over.stderr.contains("cohort.size") && over.stderr.contains("more than the \(CohortSpec.maximumSize) accepted"), "\(over.stderr)")
        let at = try CLIHarness.run(["validate", "scenarios/cohort-blood-draw.yaml", "--set", "cohort.size=\(CohortSpec.maximumSize)"])
        #expect(at.status == 0, "status \(at.status): \(at.stderr)")
    }
}
