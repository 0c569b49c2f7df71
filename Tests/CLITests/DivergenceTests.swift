import Foundation
import Testing

/// Supercritical kinetics: the fast engine stops at its cell limit and the
/// run fails with a clear message (exit 65) instead of crashing, and writes nothing.
@Suite("a population that grows without bound")
struct DivergenceTests {
    /// 1,000 cells dividing at 0.1/day with no loss: e^{36.5}·1000 ≈ 7·10^18
    /// cells after a year, far past the 2^50 limit (and past 2^53, where the
    /// samplers used to stop at a precondition).
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

    @Test("fast on supercritical kinetics: exit 65 naming the cause and the fix, nothing written")
    func fastRefuses() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.supercritical, named: "grow.yaml", in: dir)
        let out = dir.path + "/out"
        let r = try CLIHarness.run(["run", path, "--method", "fast", "--replicates", "20", "--out", out, "--quiet"])
        #expect(r.status == 65, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("grows without bound") && r.stderr.contains("lower the division rates"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/timeseries.csv"), "nothing is written")
        let moments = try CLIHarness.run(["run", path, "--method", "moments", "--out", out, "--quiet", "--no-plot"])
        #expect(moments.status == 0, "the exact mean is still available: \(moments.stderr)")
    }
}
