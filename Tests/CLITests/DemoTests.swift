import Foundation
import Testing

/// `microchimera demo` and the summary `run` prints: they fit a terminal and
/// say what the run found, with the numbers of summary.csv.
@Suite("demo and the run headline")
struct DemoTests {
    static func library(_ name: String) -> String {
        CLIHarness.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path
    }

    /// Every line fits 80 columns (counted in characters, as a terminal
    /// shows them); the chart and the narration are there; the narration's
    /// percentage for the son's cells in blood at year 10, by cell type, is
    /// summary.csv's `p_present_10y` of those series, rounded.
    @Test("demo single-pregnancy fits 80 columns, draws the chart and narrates summary.csv's numbers")
    func demoFitsAndNarrates() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["demo", "single-pregnancy", "--out", dir.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 20)
        for line in lines { #expect(line.count <= 80, "too wide (\(line.count)): \(line)") }
        #expect(r.stdout.contains("By year 10 after delivery"), "\(r.stdout)")
        #expect(r.stdout.contains("in mother: cells of son (mean cells, log scale)") && r.stdout.contains("● blood")
                && r.stdout.contains("▼ 0.8 y delivery: son") && r.stdout.contains("years"), "the chart: \(r.stdout)")
        #expect(r.stdout.contains("son's cells in mother"), "\(r.stdout)")
        let rows = try CohortTests.csv(dir.path, "summary.csv")
        let mature = try #require(rows.first { $0["host"] == "mother" && $0["origin"] == "son" && $0["cell_type"] == "mature"
            && $0["compartment"] == "blood" })
        let p = try #require(Double(mature["p_present_10y"]!))
        #expect(p > 0.01 && p < 0.99)
        #expect(r.stdout.contains("mature cells with probability \(Int((p * 100).rounded()))%"), "\(r.stdout)")
        // What a test would find beside what is there: assay.csv's P(detect) for the 10 mL draw at 27 years.
        let assay = try CohortTests.csv(dir.path, "assay.csv")
        let draw = try #require(assay.first { $0["assay"] == "blood_y_qpcr" && abs(Double($0["time_years"]!)! - 27) < 1e-9 })
        let detect = try #require(Double(draw["p_detect"]!))
        let flat = r.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(flat.contains("a blood test of mother (assay blood_y_qpcr) at year 27 is positive with probability "
                              + "\(Int((detect * 100).rounded()))%"), "\(r.stdout)")
        for file in ["timeseries.csv", "summary.csv", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.path + "/" + file), "\(file) written")
        }
    }

    @Test("demo --list names every library scenario within 80 columns; an unknown name is a usage error that lists them")
    func listAndUnknown() throws {
        let list = try CLIHarness.run(["demo", "--list"])
        #expect(list.status == 0, "\(list.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: CLIHarness.packageRoot.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        #expect(names.count >= 9)
        for name in names { #expect(list.stdout.contains(name + " "), "\(name) listed") }
        for line in list.stdout.split(separator: "\n") { #expect(line.count <= 80, "too wide: \(line)") }
        let unknown = try CLIHarness.run(["demo", "no-such-scenario"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no scenario 'no-such-scenario'") && unknown.stderr.contains("single-pregnancy"), "\(unknown.stderr)")
        let nowhere = try CLIHarness.run(["demo", "--library", "/nonexistent-library"])
        #expect(nowhere.status == 64)
        #expect(nowhere.stderr.contains("cannot find the scenario library"), "\(nowhere.stderr)")
    }

    /// The headline of a network-level run: the total's p_present at 10 and 30
    /// years and its median time to loss, as summary.csv has them.
    @Test("run prints a headline whose numbers are summary.csv's")
    func headlineMatchesSummary() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = CLIHarness.packageRoot.appendingPathComponent("Benchmarks/models/ref-linear-7.yaml").path
        let r = try CLIHarness.run(["run", path, "--out", dir.path, "--replicates", "300", "--method", "exact", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let total = try #require(CohortTests.csv(dir.path, "summary.csv").first { $0["compartment"] == "total" })
        let p30 = try #require(Double(total["p_present_30y"]!))
        let median = try #require(Double(total["loss_q50_years"]!))
        #expect(r.stdout.contains("all cells: mean peak 10,000 cells at year 0.00"), "\(r.stdout)")
        #expect(r.stdout.contains("30 years: \(Int((p30 * 100).rounded()))%"), "\(r.stdout)")
        #expect(r.stdout.contains(String(format: "median loss %.3g years", median)) || r.stdout.contains("median loss \(Int(median)) years"),
                "\(r.stdout)")
    }
}
