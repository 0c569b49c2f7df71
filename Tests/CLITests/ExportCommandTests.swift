import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MicrochimeraKit
import Testing

/// `microchimera export --sbml`, run as a process: a library scenario, a cohort's
/// woman, the moments CSV, and every error with its exit code and nothing written.
@Suite("microchimera export, as a process")
struct ExportCommandTests {
    static func path(_ relative: String) -> String { CLIHarness.packageRoot.appendingPathComponent(relative).path }

    /// The `id`s of the species in `xml`, in order.
    static func speciesIds(_ xml: String) throws -> [String] {
        let doc = try XMLDocument(xmlString: xml, options: [])
        return try doc.nodes(forXPath: "//*[local-name()='species']").compactMap { node in
            (node as? XMLElement)?.attributes?.first { $0.name == "id" }?.stringValue
        }
    }

    @Test("a biology-level scenario: one species per population, on standard output, the same bytes as --out")
    func biologyToStandardOutput() throws {
        let scenario = Self.path("scenarios/transfusion.yaml")
        let r = try CLIHarness.run(["export", scenario, "--sbml"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let compiled = try #require(try RunPipeline.load(path: scenario, overrides: []).compiled)
        let ids = try Self.speciesIds(r.stdout)
        #expect(ids.count == compiled.populations.count)
        #expect(Set(ids).count == ids.count)
        #expect(ids.first == "s_" + [compiled.populations[0].host, compiled.populations[0].origin, compiled.populations[0].cellType,
                                    compiled.populations[0].compartment].joined(separator: "__"))
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("t.xml").path
        let moments = dir.appendingPathComponent("t.csv").path
        let w = try CLIHarness.run(["export", scenario, "--sbml", "--out", out, "--moments", moments])
        #expect(w.status == 0, "stderr: \(w.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == r.stdout)
        let rows = try String(contentsOfFile: moments, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "time_days,species,name,mean,sd")
        // One row per output time and species.
        #expect(rows.count - 1 == compiled.network.outputTimes.count * ids.count)
    }

    @Test("--set reaches the exported network")
    func overrides() throws {
        let scenario = Self.path("Benchmarks/models/ref-linear-7.yaml")
        let r = try CLIHarness.run(["export", scenario, "--sbml", "--set", "network.flows[0].rate=0.5 /day"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("id=\"k_loss__B\" name=\"loss from B (per cell per day)\" value=\"0.5\""))
    }

    @Test("a cohort needs --individual; woman K exports her own network")
    func cohort() throws {
        let scenario = Self.path("scenarios/cohort-blood-draw.yaml")
        let refused = try CLIHarness.run(["export", scenario, "--sbml"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--individual K"))
        #expect(refused.stdout.isEmpty)
        let outOfRange = try CLIHarness.run(["export", scenario, "--sbml", "--individual", "60"])
        #expect(outOfRange.status == 64 && outOfRange.stderr.contains("from 0 to 59"))
        let woman = try CLIHarness.run(["export", scenario, "--sbml", "--individual", "0"])
        #expect(woman.status == 0, "stderr: \(woman.stderr)")
        #expect(try !Self.speciesIds(woman.stdout).isEmpty)
        #expect(woman.stdout.contains("individual=\"0\""))
        let family = try CLIHarness.run(["export", Self.path("scenarios/transfusion.yaml"), "--sbml", "--individual", "0"])
        #expect(family.status == 64 && family.stderr.contains("no 'cohort:' block"))
    }

    @Test("errors: no format, unreadable or invalid scenario, unwritable --out; nothing is written")
    func errors() throws {
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = Self.path("scenarios/transfusion.yaml")
        let noFormat = try CLIHarness.run(["export", scenario])
        #expect(noFormat.status == 64 && noFormat.stderr.contains("--sbml"))
        let missing = try CLIHarness.run(["export", dir.appendingPathComponent("none.yaml").path, "--sbml"])
        #expect(missing.status == 66)
        let bad = try CLIHarness.write("name: x\nhorizon: 1 year\nnetwork:\n  compartments: []\n", named: "bad.yaml", in: dir)
        let invalid = try CLIHarness.run(["export", bad, "--sbml", "--out", dir.appendingPathComponent("bad.xml").path])
        #expect(invalid.status == 65)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.xml").path))
        // A folder where the file should go is refused; it stays a folder, and no temporary is left.
        let folder = dir.appendingPathComponent("taken.xml")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let refused = try CLIHarness.run(["export", scenario, "--sbml", "--out", folder.path])
        #expect(refused.status == 73, "stderr: \(refused.stderr)")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
