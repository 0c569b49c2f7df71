import Foundation
import Testing

/// Same input, same bytes, from one process to the next: Swift seeds the
/// hashing of `Dictionary` and `Set` anew in every process, so a sum taken in
/// a dictionary's order changes its last digits between runs of the same
/// binary. termination-surgical-vs-medical's two conceptuses share a marrow
/// niche, so its assays go through `CoupledOrigins`' state laws, which were
/// summed in dictionary order until 2026-12-07 (about half of all runs gave
/// other last digits of p_detect). Five processes must write identical
/// files; with two orders equally likely, a regression passes this with
/// probability at most 1/16.
@Suite("same bytes across processes")
struct ProcessReproducibilityTests {
    @Test("five moments runs of a family with a shared niche write the same assay.csv and summary.csv")
    func momentsAcrossProcesses() throws {
        let scenario = CLIHarness.packageRoot.appendingPathComponent("scenarios/termination-surgical-vs-medical.yaml").path
        var files: [[String]] = []
        for _ in 0..<5 {
            let dir = try CLIHarness.temporaryDirectory()
            let r = try CLIHarness.run(["run", scenario, "--method", "moments", "--threads", "1", "--out", dir.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            files.append(try ["assay.csv", "summary.csv"].map {
                try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)
            })
        }
        #expect(files.allSatisfy { $0 == files[0] }, "the runs differ in \(files.map { $0 == files[0] })")
        #expect(files[0][0].contains("hla(conceptus_2)"))
    }
}
