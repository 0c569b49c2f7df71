import BiologyModel
import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

/// The loader at the biology level: `--set` on biology keys, the compiler's
/// model paths placed in the file, and the new fields of `LoadedScenario`.
@Suite("Biology-level loading")
struct BiologyLoaderTests {
    @Test("--set cell_types.progenitor.clearance.half_life creates the missing keys and changes the decoded rate")
    func overrideCreatesKeys() throws {
        let text = biology("cell_types:\n  progenitor: { share: 0.05 }\n  mature:")
        #expect(try decodeBiology(text).scenario.cellTypes[0].bloodClearance == rate(halfLife: 2))
        let set = SetOverride(path: "cell_types.progenitor.clearance.half_life", value: "60 days")
        let s = try decodeBiology(text, overrides: [set]).scenario
        #expect(s.cellTypes[0].bloodClearance == rate(halfLife: 60))
        #expect(s.cellTypes[0].homing == BiologyDefaults.progenitor.homing)
        // Replacing an existing half-life works the same way.
        let family = try decodeBiology(familyScenario, overrides: [set]).scenario
        #expect(family.cellTypes[0].bloodClearance == rate(halfLife: 60))
    }

    @Test("--set on a document without cell_types lists only that type, and the error says how to keep the others")
    func overrideWithoutCellTypes() throws {
        let found = diagnostics(biology(""), overrides: [SetOverride(path: "cell_types.progenitor.clearance.half_life", value: "60 days")])
        #expect(found.count == 1)
        let d = try #require(found.first)
        #expect(d.file == "--set cell_types.progenitor.clearance.half_life")
        #expect(d.keyPath == "cell_types")
        #expect(d.message.contains("only the listed types exist, so the default 'mature' is not included: list it too"))
    }

    @Test("--set selects assays by name and reports bad values at the override")
    func overrideValues() throws {
        let s = try decodeBiology(familyScenario, overrides: [SetOverride(path: "assays.blood_y.limit_of_detection", value: "5")]).scenario
        #expect(s.assays.map(\.limitOfDetection) == [5, 3])
        let found = diagnostics(familyScenario, overrides: [SetOverride(path: "pregnancies[1].length", value: "3 weeks")])
        #expect(found.map(\.description) == [
            "--set pregnancies[1].length: error: pregnancies[1].length: a gestation must last 4 to 45 weeks (28 to 315 days) "
                + "to be biologically plausible, got '3 weeks' (21 days)",
        ])
    }

    @Test("a compiler problem's model path is placed at its node, or at the nearest ancestor when the node is absent")
    func modelPathPositions() throws {
        let text = familyScenario
        let root = try ScenarioLoader.tree(text: text, file: "family.yaml", overrides: []).root
        func path(_ segments: ModelPath.Segment...) -> ModelPath { ModelPath(segments) }
        let problems = BiologyProblems([
            BiologyProblem(path(.key("pregnancies"), .index(2), .key("mother")), "given mother"),
            BiologyProblem(path(.key("pregnancies"), .index(1), .key("mother")), "default mother"),
            BiologyProblem(path(.key("events"), .index(0), .key("host")), "default host"),
            BiologyProblem(path(.key("events"), .index(1), .key("host")), "given host"),
            BiologyProblem(path(.key("cell_types"), .index(1), .key("share")), "second type"),
            BiologyProblem(path(.key("assays"), .key("heart_son"), .key("host")), "assay by name"),
            BiologyProblem(path(.key("immunity"), .index(5), .key("host")), "no such item"),
            BiologyProblem(ModelPath(), "whole scenario"),
        ])
        let found = ScenarioLoader.diagnostics(for: problems, in: root)
        func place(_ message: String) -> (line: Int?, column: Int?, keyPath: String?) {
            let d = found.first { $0.message == message }
            #expect(d?.file == "family.yaml")
            return (d?.line, d?.column, d?.keyPath)
        }
        let ended = line(of: "mother: anna", in: text)!
        #expect(place("given mother") == (ended, column(of: "anna", line: ended, in: text), "pregnancies[2].mother"))
        let lost = line(of: "child: lost", in: text)!
        #expect(place("default mother") == (lost, column(of: "child", line: lost, in: text), "pregnancies[1].mother"))
        let transfusion = line(of: "- transfusion:", in: text)!
        #expect(place("default host") == (transfusion, column(of: "{", line: transfusion, in: text), "events[0].transfusion.host"))
        let transplant = line(of: "- transplant:", in: text)!
        #expect(place("given host") == (transplant, column(of: "anna", line: transplant, in: text), "events[1].transplant.host"))
        let mature = line(of: "share: 0.85", in: text)!
        #expect(place("second type") == (mature, column(of: "0.85", line: mature, in: text), "cell_types.mature.share"))
        let assayHost = line(of: "    host: anna", in: text)!
        #expect(place("assay by name") == (assayHost, column(of: "anna", line: assayHost, in: text), "assays[1].host"))
        let immunity = line(of: "- { host: anna, origin: son", in: text)!
        #expect(place("no such item") == (immunity, 3, "immunity[5].host"))
        #expect(place("whole scenario") == (1, 1, ""))
        #expect(found.map(\.line) == found.map(\.line).sorted { ($0 ?? 0) < ($1 ?? 0) }, "document order")
    }

    @Test("a model path into a value set by --set is placed at the override")
    func modelPathIntoOverride() throws {
        let set = SetOverride(path: "pregnancies[1].mother", value: "eve")
        let root = try ScenarioLoader.tree(text: familyScenario, file: "family.yaml", overrides: [set]).root
        let found = ScenarioLoader.diagnostics(
            for: BiologyProblems([BiologyProblem(ModelPath([.key("pregnancies"), .index(1), .key("mother")]), "unknown mother 'eve'")]), in: root)
        #expect(found.map(\.description) == ["--set pregnancies[1].mother: error: pregnancies[1].mother: unknown mother 'eve'"])
    }

    @Test("a network-level scenario has a description and no compiled biology or cohort")
    func networkLevelFields() throws {
        let loaded = try ScenarioLoader.parse(text: exampleScenario, file: "example.yaml")
        #expect(loaded.description == "optional free text")
        #expect(loaded.compiled == nil && loaded.cohort == nil)
        #expect(try ScenarioLoader.parse(text: twoCompartments(""), file: "t.yaml").description == "")
    }

    @Test("a biology-level scenario goes through the compiler: its network is the model, or its problems are placed in the file")
    func biologyThroughCompiler() throws {
        let decoded = try decodeBiology(familyScenario)
        do {
            let loaded = try ScenarioLoader.parse(text: familyScenario, file: "family.yaml")
            let compiled = try #require(loaded.compiled)
            #expect(compiled.scenario == decoded.scenario)
            #expect(loaded.model == compiled.network)
            #expect(loaded.description == decoded.scenario.description && loaded.cohort == nil)
        } catch {
            // Until (or if) the compiler rejects the example, each problem must be placed in the file.
            guard case .invalid(let found)? = error as? ScenarioError else { Issue.record("expected .invalid, got \(error)"); return }
            #expect(!found.isEmpty && found.allSatisfy { $0.file == "family.yaml" && $0.line != nil })
        }
    }

    @Test("decodeBiology refuses a network-level document")
    func decodeBiologyOnNetwork() {
        #expect(throws: ScenarioError.self) { try decodeBiology(exampleScenario) }
    }
}
