import BiologyModel
import Foundation
import MicrochimeraKit
import RateModel
import ScenarioFormat
import Testing

/// `microchimera describe` and `describe --dot`, run as a process. Expected
/// numbers are computed here from the scenarios' own numbers (or the
/// documented defaults), never taken from the describe code.
@Suite("microchimera describe, as a process")
struct DescribeTests {
    static let singlePregnancy = "scenarios/single-pregnancy.yaml"
    static let networkFile = "Benchmarks/models/single-pregnancy-network.yaml"

    static func path(_ relative: String) -> String { CLIHarness.packageRoot.appendingPathComponent(relative).path }

    /// The lines of the section whose heading (a line underlined with `-` or `=`) starts with `title`.
    static func section(_ text: String, _ title: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        func isHeading(_ k: Int) -> Bool {
            k + 1 < lines.count && !lines[k].isEmpty && !lines[k + 1].isEmpty && lines[k + 1].allSatisfy { $0 == "-" || $0 == "=" }
        }
        guard let start = lines.indices.first(where: { isHeading($0) && lines[$0].hasPrefix(title) }) else { return [] }
        var end = start + 2
        while end < lines.count && !isHeading(end) { end += 1 }
        return Array(lines[(start + 2)..<end])
    }

    /// The cells of a table row: runs of two or more spaces separate them.
    static func cells(_ line: String) -> [String] {
        line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func rows(_ text: String, _ title: String) -> [[String]] { section(text, title).map(cells).filter { !$0.isEmpty } }

    static func describe(_ arguments: [String]) throws -> String {
        let r = try CLIHarness.run(["describe"] + arguments)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return r.stdout
    }

    @Test("biology level: every host, origin and compartment; half-lives from the defaults; time-varying inflows per window")
    func biology() throws {
        let text = try Self.describe([Self.singlePregnancy])
        let compiled = try #require(try RunPipeline.load(path: Self.path(Self.singlePregnancy), overrides: []).compiled)
        // The scenario: the founder `mother` and her live-born son.
        #expect(compiled.hosts == ["mother", "son"])
        #expect(text.contains("level:         biology"))
        let hosts = Self.rows(text, "Hosts")
        for host in compiled.hosts { #expect(hosts.contains { $0.first == host }, "host \(host) missing") }
        #expect(hosts.contains { $0 == ["son", "male", "day 280 (year 0.77)", "mother", "mother"] }) // born at 40 weeks
        let origins = Self.rows(text, "Origins")
        for origin in compiled.origins.map(\.name) { #expect(origins.contains { $0.first == origin }, "origin \(origin) missing") }
        let compartments = Self.rows(text, "Compartments")
        for (i, c) in compiled.network.compartments.enumerated() {
            let p = compiled.populations[i]
            #expect(compartments.contains { $0 == [String(i), c.name, p.host, p.origin, p.cellType, p.compartment, String(c.initial)] },
                    "compartment \(c.name) missing")
        }

        // Blood clearance: each type's default rate k (fitted, BiologyDefaults.Calibrated), printed to 4
        // significant figures with its half-life ln 2 / k in days to 3.
        let flows = Self.rows(text, "Flows and self-renewal")
        for type in BiologyDefaults.cellTypes {
            let row = try #require(flows.first { $0.count == 5 && $0[0] == "\(type.name)/blood" && $0[1] == "out" })
            let k = try #require(Double(row[2]))
            #expect(abs(k - type.bloodClearance) <= 5e-4 * k && row[4] == "always", "\(row) vs \(type.bloodClearance)")
            // In days, or in hours below a day ("2.46 h").
            let hours = row[3].hasSuffix(" h")
            let value = try #require(Double(row[3].replacingOccurrences(of: hours ? " h" : " days", with: "")))
            let days = hours ? value / 24 : value
            #expect(abs(days - log(2.0) / type.bloodClearance) <= 5e-3 * days, "\(row[3]) vs \(log(2.0) / type.bloodClearance) days")
        }
        // Death in bone marrow at 0.0012 /day: half-life ln 2 / 0.0012 days, in years.
        let marrow = String(format: "%.2f years", log(2.0) / 0.0012 / 365.25)
        #expect(flows.contains { $0 == ["progenitor/bone_marrow", "out", "0.0012", marrow, "always"] })
        // The son's block has the same kinetics as the mother's (no immune factor): said, not repeated.
        #expect(text.contains("in son: cells of mother") && text.contains("the same routes and rates as in mother: cells of son"))

        // Fetal progenitors into the mother's blood: the crossing rate at term times the type's share,
        // times the shape's level; the first level (1/80) holds from week 6 to week 13.
        let inflows = Self.rows(text, "Inflows")
        let first = try #require(inflows.firstIndex { $0.first == "mother/son/progenitor/blood" })
        let rate = BiologyDefaults.fetalToMaternal.peakRate * BiologyDefaults.progenitor.share * 0.0125
        #expect(abs(Double(inflows[first][1])! - rate) <= 5e-4 * rate, "\(inflows[first][1]) vs \(rate)")
        #expect(inflows[first][2] == "days \(6 * 7)-\(13 * 7)")
        #expect(abs(Double(inflows[first][3])! - rate * 49) <= 5e-4 * rate * 49)
        // Five windows (weeks 6, 13, 24, 32, 36 to 40), each on its own row, then the total.
        let windows = [6, 13, 24, 32, 36, 40].map { $0 * 7 }
        for k in 0..<5 {
            #expect(inflows[first + k].last(where: { $0.hasPrefix("days ") }) == "days \(windows[k])-\(windows[k + 1])")
        }
        #expect(inflows[first + 5].first == "in all")
    }

    @Test("the calendar lists the pregnancy, its pulses and every assay time, in time order, with the founder's age")
    func calendar() throws {
        let text = try Self.describe([Self.singlePregnancy])
        // Rows after the column titles; wrapped continuation lines have one cell only.
        let rows = Self.rows(text, "Calendar").dropFirst().filter { $0.count == 4 }
        #expect(rows.count >= 2 + 2 + 6 + 4)
        let days = rows.map { Double($0[0]) }
        #expect(!days.contains(nil), "every row starts with its day")
        #expect(zip(days, days.dropFirst()).allSatisfy { $0! <= $1! }, "sorted by time")
        let conception = try #require(rows.firstIndex { $0.last!.hasPrefix("conception: son (male) in mother") })
        let birth = try #require(rows.firstIndex { $0.last!.hasPrefix("birth of son") })
        #expect(conception < birth && days[conception] == 0 && days[birth] == 40 * 7)
        // The default delivery pulse, fetus to mother.
        let pulse = BiologyDefaults.fetalToMaternal.pulse.liveBirth
        #expect(rows.contains { $0[0] == "280" && $0.last!.hasPrefix("pulse: \(pulse) cells of son into mother's blood") })
        for (assay, years) in [("blood_y_qpcr", [1.0, 5, 10, 20, 27, 38]), ("son_blood_hla", [1.0, 10, 20, 30])] {
            let found = rows.filter { $0.last!.hasPrefix("assay \(assay):") }
            #expect(found.map { Double($0[0])! } == years.map { $0 * 365.25 }, "\(assay)")
            // The founder is 28 at time 0.
            #expect(found.map { $0[2] } == years.map { String(format: "%.1f", 28 + $0) })
            #expect(found.allSatisfy { rows.firstIndex(of: $0)! > birth })
        }
    }

    @Test("network level: compartments, flows with half-lives, self-renewal, inflow windows and the bolus")
    func network() throws {
        let text = try Self.describe([Self.networkFile])
        #expect(text.contains("level:         network"))
        let model = try RunPipeline.load(path: Self.path(Self.networkFile), overrides: []).model
        let compartments = Self.rows(text, "Compartments")
        for (i, c) in model.compartments.enumerated() { #expect(compartments.contains { $0 == [String(i), c.name, "0"] }) }
        let flows = Self.rows(text, "Flows and self-renewal")
        // From the file: bone_marrow -> out at 0.0012 /day; division 0.0109 /day; blood -> out half-life 2 days.
        #expect(flows.contains { $0 == ["bone_marrow", "out", "0.0012", String(format: "%.2f years", log(2.0) / 0.0012 / 365.25), "always"] })
        #expect(flows.contains { $0 == ["bone_marrow", "self-renewal (doubling)", "0.0109", String(format: "%.1f days", log(2.0) / 0.0109), "always"] })
        #expect(flows.contains { $0 == ["blood", "out", String(format: "%.4f", log(2.0) / 2), "2 days", "always"] })
        let inflows = Array(Self.rows(text, "Inflows").dropFirst())
        let weeks = [6, 13, 24, 32, 36, 40]
        for (k, rate) in ["893", "7140", "17850", "35700", "71400"].enumerated() {
            #expect(inflows[k].contains(rate) && inflows[k].contains("days \(weeks[k] * 7)-\(weeks[k + 1] * 7)"))
        }
        let calendar = Self.rows(text, "Calendar")
        #expect(calendar.contains { $0 == ["280", "0.77", "bolus: 100000 cells into blood"] })
        #expect(calendar.contains { $0 == ["42", "0.11", "inflow into blood: 893 cells/day"] })
    }

    @Test("overlapping windows on one route add up, shown window by window")
    func overlappingWindows() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let file = try CLIHarness.write("""
            name: windows
            horizon: 1 year
            output:
              every: 1 month
            network:
              compartments:
                - { name: blood, initial: 10 }
                - { name: marrow }
              flows:
                - { from: blood, to: marrow, rate: 0.01 /day }
                - { from: blood, to: marrow, rate: 0.02 /day, start: 100 days, end: 200 days }
                - { from: marrow, to: out, half_life: 12 hours }
            """, named: "windows.yaml", in: dir)
        let flows = Self.rows(try Self.describe([file]), "Flows and self-renewal")
        let first = try #require(flows.firstIndex { $0.first == "blood" })
        #expect(flows[first] == ["blood", "marrow", "0.01", String(format: "%.1f days", log(2.0) / 0.01), "days 0-100"])
        #expect(flows[first + 1] == ["0.03", String(format: "%.1f days", log(2.0) / 0.03), "days 100-200"])
        #expect(flows[first + 2] == ["0.01", String(format: "%.1f days", log(2.0) / 0.01), "days 200-365.25"])
        #expect(flows[first + 3] == ["marrow", "out", String(format: "%.3f", log(2.0) * 2), "12 h", "always"])
    }

    @Test("every line of the library's descriptions fits in 100 columns", arguments: [
        "scenarios/single-pregnancy.yaml", "scenarios/two-pregnancies-miscarriage.yaml", "scenarios/transfusion.yaml",
        "scenarios/maternal-in-child.yaml", "Benchmarks/models/single-pregnancy-network.yaml",
    ])
    func width(scenario: String) throws {
        let text = try Self.describe([scenario])
        let long = text.components(separatedBy: "\n").filter { $0.count > 100 }
        #expect(long.isEmpty, "\(long)")
    }

    @Test("a bad scenario, a missing file or a bad --set: the same message and exit code as validate")
    func errors() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let bad = try CLIHarness.write(RunCommandTests.small.replacingOccurrences(of: "half_life: 2 days", with: "half_life: 2"),
                                       named: "bad.yaml", in: dir)
        let good = try CLIHarness.write(RunCommandTests.small, named: "good.yaml", in: dir)
        let cases: [([String], Int32)] = [([bad], 65), ([dir.path + "/missing.yaml"], 66), ([good, "--set", "horizon"], 64)]
        for (arguments, code) in cases {
            let v = try CLIHarness.run(["validate"] + arguments)
            #expect(v.status == code)
            for extra in [[], ["--dot"]] {
                let d = try CLIHarness.run(["describe"] + arguments + extra)
                #expect(d.status == v.status && d.stderr == v.stderr && d.stdout.isEmpty, "\(arguments + extra): \(d.stderr)")
            }
        }
    }
}
