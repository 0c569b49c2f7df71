import Foundation
import Testing

/// `run --method moments` solves a family's independent parts on several
/// threads (`MomentsEngine.run(layout:presence:threads:)`): the files must
/// not change by a byte with the thread count.
@Suite("Moments run: the same bytes on any thread count")
struct MomentsThreadsTests {
    @Test("three-generations by moments: the same timeseries, summary and assay bytes on 1 and 2 threads")
    func threeGenerations() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = CLIHarness.packageRoot.appendingPathComponent("scenarios/three-generations.yaml").path
        for threads in ["1", "2"] {
            // Outputs every 26 weeks keep the test short; the parts, blocks and assays are the scenario's own.
            let r = try CLIHarness.run(["run", path, "--method", "moments", "--out", dir.path + "/t" + threads, "--threads", threads,
                                        "--set", "output.every=26 weeks", "--quiet", "--no-plot"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // Each dividing part's backward solve runs as two solves over its outputs (`MomentsEngine.outputRanges`),
        // four jobs and more here: the cut depends on the model alone, so every file is the same bytes.
        for file in ["timeseries.csv", "summary.csv", "assay.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/t1/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/t2/" + file))
            #expect(!a.isEmpty && a == b, "\(file) differs between 1 and 2 threads")
        }
    }
}
