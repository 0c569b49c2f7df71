import Foundation
import Testing

/// Declared names and the sums the tool generates (`all`, `total`) as a user
/// meets them: a reserved name is refused before anything is written, and
/// names close to the reserved ones give one row per series.
@Suite("Series names, as a process")
struct SeriesNameTests {
    /// A tissue `total` with homing into it and a cell type `all`: before the
    /// names were reserved this ran and wrote two rows for each of the keys
    /// `mother,son,all,total` and `mother,son,all,blood` at every output time.
    static let colliding = """
        name: colliding names
        horizon: 2 years
        output: { every: 1 year }
        tissues: [total]
        cell_types:
          stem: { share: 0.5, clearance: 1 /day, homing: { total: 0.01 /day } }
          all: { share: 0.5, clearance: 1 /day }
        pregnancies:
          - { child: son, sex: male, start: 0 weeks }
        """

    /// Names that resemble the reserved ones, in every column: two origins in
    /// the mother so that she has the sum over origins too.
    static let nearMisses = """
        name: names near the reserved ones
        horizon: 3 years
        output: { every: 1 year }
        mother: { name: Total }
        tissues: [totals, outer]
        cell_types:
          stem: { share: 0.5, clearance: 1 /day, homing: { totals: 0.01 /day, outer: 0.02 /day } }
          All: { share: 0.5, clearance: 2 /day, homing: { totals: 0.01 /day } }
        pregnancies:
          - { child: alls, sex: male, start: 0 weeks }
          - { child: defaults, sex: female, start: 1 year, length: 10 weeks, outcome: miscarriage }
        """

    /// A fresh folder holding `text` as `name`: the folder, the scenario's path and an output path in it.
    static func prepared(_ text: String, named name: String) throws -> (dir: URL, scenario: String, out: String) {
        let dir = try CLIHarness.temporaryDirectory()
        return (dir, try CLIHarness.write(text, named: name, in: dir), dir.appendingPathComponent("out").path)
    }

    @Test("a tissue 'total' and a cell type 'all' are refused at their lines by run and validate; nothing is written")
    func collidingNamesRefused() throws {
        let (dir, scenario, out) = try Self.prepared(Self.colliding, named: "colliding.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        for arguments in [["run", scenario, "--out", out, "--method", "moments"], ["validate", scenario]] {
            let r = try CLIHarness.run(arguments)
            #expect(r.status != 0, "\(arguments[0]) accepted the scenario: \(r.stdout)")
            #expect(r.stderr.contains("colliding.yaml:4:11: error: tissues[0]: 'total' is a reserved name and cannot name a tissue"),
                    "\(r.stderr)")
            #expect(r.stderr.contains("colliding.yaml:7:3: error: cell_types.all: 'all' is a reserved name and cannot name a cell type"),
                    "\(r.stderr)")
            #expect(r.stderr.contains("the sum over compartments") && r.stderr.contains("the sum over cell types"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("names close to the reserved ones: one row per series and time, every tissue and cell type present")
    func nearMissesOneRowPerSeries() throws {
        let (dir, scenario, out) = try Self.prepared(Self.nearMisses, named: "near.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIHarness.run(["run", scenario, "--out", out, "--method", "moments"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rows = try String(contentsOfFile: out + "/timeseries.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let keys = rows.map { $0[0] + "|" + $0[2...5].joined(separator: "|") }
        #expect(Set(keys).count == keys.count, "a (time, host, origin, cell_type, compartment) key appears twice")
        let times = Set(rows.map { $0[0] }).count
        #expect(times >= 4, "0 to 3 years, and the birth and miscarriage")
        #expect(Set(rows.map { $0[5] }) == ["blood", "totals", "outer", "total"])
        #expect(Set(rows.map { $0[4] }) == ["stem", "All", "all"])
        #expect(Set(rows.map { $0[3] }) == ["alls", "defaults", "Total", "all"])
        // The mother's sum over origins and the total per origin, each once per time.
        #expect(keys.filter { $0 == "0.0|Total|all|all|total" }.count == 1)
        #expect(keys.filter { $0 == "0.0|Total|alls|all|total" }.count == 1)
        let summary = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(summary.count * times == keys.count, "one summary row per series")
        // The headline: one line per origin in each host, never the sum over origins.
        #expect(r.stdout.contains("alls in Total: mean peak") && r.stdout.contains("defaults in Total: mean peak"), "\(r.stdout)")
        #expect(!r.stdout.contains("all in Total"), "\(r.stdout)")
    }
}
