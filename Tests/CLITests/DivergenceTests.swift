import Foundation
import Testing

/// Supercritical kinetics and overflowing values: every method fails with a
/// clear message (exit 65) instead of trapping, hanging or allocating without
/// bound, and writes nothing. Each refusal comes from a check before any
/// replicate runs (validation, or `PopulationCheck` and `RunBounds` when the
/// engine is prepared), so its work is bounded by the model's size.
@Suite("a population that grows without bound")
struct DivergenceTests {
    /// 1,000 cells dividing at 0.1/day with no loss: e^{36.5}·1000 ≈ 7·10^18
    /// cells after a year, far past the 2^50 bound.
    static let supercritical = """
        name: supercritical
        horizon: 1 year
        output: { every: 30 days }
        network:
          compartments:
            - { name: blood, initial: 1000 }
          divisions:
            - { in: blood, rate: 0.1 /day }
        """

    /// The issue's example: division 0.01/day, loss 0.001/day, 50 years.
    static let issueExample = """
        name: supercritical, slowly
        horizon: 50 years
        output: { every: 1 year }
        network:
          compartments:
            - { name: blood, initial: 1000 }
          flows:
            - { from: blood, to: out, rate: 0.001 /day }
          divisions:
            - { in: blood, rate: 0.01 /day }
        """

    @Test("every method on supercritical kinetics: exit 65 naming the compartment, its rates and the fix, nothing written",
          arguments: ["auto", "exact", "fast", "moments"])
    func everyMethodRefuses(method: String) throws {
        let dir = try CLIHarness.temporaryDirectory()
        for (name, text) in [("grow", Self.supercritical), ("issue", Self.issueExample)] {
            let path = try CLIHarness.write(text, named: "\(name).yaml", in: dir)
            let out = dir.path + "/out-\(name)"
            let r = try CLIHarness.run(["run", path, "--method", method, "--replicates", "20", "--out", out, "--quiet"])
            #expect(r.status == 65, "\(name) \(method): status \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("the population diverges") && r.stderr.contains("'blood' divides at"), "\(r.stderr)")
            #expect(r.stderr.contains("past the bound of 2^50") && r.stderr.contains("Lower the division rates"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out + "/timeseries.csv"), "nothing is written")
            #expect(!FileManager.default.fileExists(atPath: out + "/summary.csv"), "nothing is written")
        }
    }

    @Test("a biology-level scenario made supercritical by --set names the compiled compartment")
    func biologyRefuses() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run", "scenarios/single-pregnancy.yaml", "--set", "cell_types.progenitor.tissues.bone_marrow.self_renewal=0.5 /day",
                                    "--out", dir.path + "/out", "--quiet", "--no-plot"])
        #expect(r.status == 65, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("the population diverges") && r.stderr.contains("'mother/son/progenitor/bone_marrow' divides at 0.5 per day"), "\(r.stderr)")
    }

    @Test("a cohort made supercritical by --set stops at a woman's cell limit, named with how to re-run her, and writes nothing")
    func cohortRefuses() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run", "scenarios/cohort-blood-draw.yaml", "--set", "cohort.size=3",
                                    "--set", "cell_types.progenitor.tissues.bone_marrow.self_renewal=0.5 /day",
                                    "--out", dir.path + "/out", "--quiet", "--no-plot"])
        #expect(r.status == 65, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("cohort woman ") && r.stderr.contains("run --individual"), "\(r.stderr)")
        #expect(r.stderr.contains("grows without bound") && r.stderr.contains("lower the division rates"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"), "a failed cohort wrote its folder")
    }

    @Test("values that overflowed downstream are refused by validate at their key", arguments: [
        ("flows:\n    - { from: blood, to: out, rate: 1e308 /day }", "network.flows[0].rate", "at most 1e6 per day"),
        ("inflows:\n    - { to: blood, rate: 1e16 /day }", "network.inflows[0].rate", "at most 2^50"),
    ])
    func validateRefuses(entry: String, keyPath: String, message: String) throws {
        let dir = try CLIHarness.temporaryDirectory()
        let text = "name: big\nhorizon: 1 year\noutput: { every: 30 days }\nnetwork:\n  compartments:\n    - { name: blood, initial: 10 }\n  \(entry)\n"
        let path = try CLIHarness.write(text, named: "big.yaml", in: dir)
        let v = try CLIHarness.run(["validate", path])
        #expect(v.status == 65, "status \(v.status): \(v.stderr)")
        #expect(v.stderr.contains("big.yaml:8:") && v.stderr.contains("\(keyPath): ") && v.stderr.contains(message), "\(v.stderr)")
        for method in ["auto", "moments"] {
            let r = try CLIHarness.run(["run", path, "--method", method, "--out", dir.path + "/out", "--quiet"])
            #expect(r.status == 65 && r.stderr.contains(message), "\(method): \(r.status) \(r.stderr)")
        }
    }

    @Test("--method moments on a 2,000-compartment chain: exit 65 'too large' instead of allocating 64 GB; fast runs it")
    func momentsTooLarge() throws {
        let n = 2000
        var text = "name: chain\nhorizon: 60 days\noutput: { every: 30 days }\nnetwork:\n  compartments:\n"
        for i in 0..<n { text += "    - { name: c\(i)\(i == 0 ? ", initial: 100" : "") }\n" }
        text += "  flows:\n"
        for i in 0..<n { text += "    - { from: c\(i), to: \(i + 1 < n ? "c\(i + 1)" : "out"), rate: 0.1 /day }\n" }
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(text, named: "chain.yaml", in: dir)
        let r = try CLIHarness.run(["run", path, "--method", "moments", "--out", dir.path + "/out", "--quiet", "--no-plot"])
        #expect(r.status == 65, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("too large for the moments engine") && r.stderr.contains("use --method fast or exact"), "\(r.stderr)")
        let exact = try CLIHarness.run(["run", path, "--method", "exact", "--replicates", "5", "--out", dir.path + "/exact", "--quiet", "--no-plot"])
        #expect(exact.status == 0, "a large but legal model runs: \(exact.stderr)")
    }
}
