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
        for file in ["timeseries.csv", "summary.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/t1/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/t2/" + file))
            #expect(!a.isEmpty && a == b, "\(file) differs between 1 and 2 threads")
        }
        // assay.csv's p_detect moves in its last bits from one process to the next even on one
        // thread, before this change too (main at 0d48afd: termination-surgical-vs-medical's
        // p_detect at 8460 days is ...425 or ...436 from run to run); so it is held to 1e-12 relative.
        let rows = try [1, 2].map { t in
            try String(contentsOfFile: dir.path + "/t\(t)/assay.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        }
        #expect(rows[0].count == rows[1].count && rows[0].count > 1)
        for (r1, r2) in zip(rows[0], rows[1]) {
            #expect(r1.count == r2.count)
            for (x, y) in zip(r1, r2) where x != y {
                let (u, v) = (try #require(Double(x)), try #require(Double(y)))
                #expect(abs(u - v) <= 1e-12 * max(abs(u), abs(v)), "assay.csv: \(x) vs \(y)")
            }
        }
    }
}
