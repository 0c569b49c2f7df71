import BiologyModel
import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

/// The loader at the biology level: `--set` on biology keys, the compiler's
/// sites placed in the file, and the new fields of `LoadedScenario`.
@Suite("Biology-level loading")
struct BiologyLoaderTests {
    @Test("--set cell_types.progenitor.clearance.half_life creates the missing keys and changes the decoded rate")
    func overrideCreatesKeys() throws {
        let text = biology("cell_types:\n  progenitor: { share: 0.05 }\n  mature:")
        #expect(try decodeBiology(text).scenario.cellTypes[0].bloodClearance == BiologyDefaults.progenitor.bloodClearance)
        let set = SetOverride(path: "cell_types.progenitor.clearance.half_life", value: "60 days")
        let s = try decodeBiology(text, overrides: [set]).scenario
        #expect(s.cellTypes[0].bloodClearance == rate(halfLife: 60))
        #expect(s.cellTypes[0].homing == BiologyDefaults.progenitor.homing)
        // Replacing an existing half-life works the same way.
        let family = try decodeBiology(familyScenario, overrides: [set]).scenario
        #expect(family.cellTypes[0].bloodClearance == rate(halfLife: 60))
    }

    // --set into a default cell type of a document without `cell_types:` keeps the other default types:
    // DefaultCellTypeOverrideTests (OverrideTests.swift).

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

    @Test("a compiler problem's site is placed at its node, or at the nearest ancestor when a field took its default")
    func sitePositions() throws {
        let text = familyScenario
        let root = try ScenarioLoader.tree(text: text, file: "family.yaml", overrides: []).root
        let problems = BiologyProblems([
            BiologyProblem(.pregnancy(2, .mother), "given mother"),
            BiologyProblem(.pregnancy(1, .mother), "default mother"),
            BiologyProblem(.pregnancy(3, .twinChild), "twin"),
            BiologyProblem(.event(0, .host), "default host"),
            BiologyProblem(.event(1, .host), "given host"),
            BiologyProblem(.event(1, .compartment), "organ"),
            BiologyProblem(.cellType("endothelial", .tissue("heart")), "written entry"),
            BiologyProblem(.carried(0, .cellType), "carried type"),
            BiologyProblem(.assay(1, .origin), "assay origin"),
            BiologyProblem(.assay(0, .sample), "for a tissue give \(.sampleOfCells)"),
            BiologyProblem(.immunity(5, .host), "no such item"),
            BiologyProblem(.scenario, "whole scenario"),
        ])
        let found = ScenarioLoader.diagnostics(for: problems, in: root)
        func place(_ message: String) -> (line: Int?, column: Int?, keyPath: String?) {
            let d = found.first { $0.message == message }
            #expect(d?.file == "family.yaml")
            return (d?.line, d?.column, d?.keyPath)
        }
        func at(_ needle: String, _ value: String, _ keyPath: String) -> (line: Int?, column: Int?, keyPath: String?) {
            let n = line(of: needle, in: text)!
            return (n, column(of: value, line: n, in: text), keyPath)
        }
        #expect(place("given mother") == at("mother: anna", "anna", "pregnancies[2].mother"))
        #expect(place("default mother") == at("child: lost", "child", "pregnancies[1].mother"))
        #expect(place("twin") == at("twin: { child: twin_brother", "twin_brother", "pregnancies[3].twin.child"))
        #expect(place("default host") == at("- transfusion:", "{", "events[0].transfusion.host"))
        #expect(place("given host") == at("- transplant:", "anna", "events[1].transplant.host"))
        #expect(place("organ") == at("- transplant:", "heart", "events[1].transplant.into"))
        #expect(place("written entry") == at("heart: { death: { half_life: 1 year } }", "{", "cell_types.endothelial.tissues.heart"))
        #expect(place("carried type") == at("origin: grandmother", "progenitor", "mother.carries[0].cell_type"))
        #expect(place("assay origin") == at("marker: { hla: son }", "son", "assays[1].marker.hla"))
        #expect(place("no such item") == (line(of: "- { host: anna, origin: son", in: text), 3, "immunity[5].host"))
        #expect(place("whole scenario") == (1, 1, ""))
        #expect(place("for a tissue give { cells: N }") == at("sample: 10 mL", "10 mL", "assays[0].sample"))
        #expect(!found.contains { $0.message.contains("built-in defaults") })
        #expect(found.map(\.line) == found.map(\.line).sorted { ($0 ?? 0) < ($1 ?? 0) }, "document order")
    }

    @Test("a problem in a built-in default names the default it comes from, never line 1, column 1")
    func defaultProblems() throws {
        let inherited = BiologyProblem(.cellType("progenitor", .homing("lung")), "'lung' is not a tissue")
        let family = try ScenarioLoader.tree(text: familyScenario, file: "family.yaml", overrides: []).root
        let homing = line(of: "homing: { heart: 0.001 /day }", in: familyScenario)!
        #expect(ScenarioLoader.diagnostics(for: BiologyProblems([inherited]), in: family).map(\.description) == [
            "family.yaml:\(homing):\(column(of: "{", line: homing, in: familyScenario)!): error: cell_types.progenitor.homing.lung: "
                + "'lung' is not a tissue (this entry is inherited from the built-in default cell type 'progenitor'; it is not written in the file)",
        ])
        let bare = try ScenarioLoader.tree(text: biology("pregnancies: [{ child: son, sex: male, start: 1 year }]"), file: "bare.yaml", overrides: []).root
        let found = ScenarioLoader.diagnostics(for: BiologyProblems([inherited, BiologyProblem(.tissues, "bad tissues")]), in: bare)
        #expect(found.map(\.description) == [
            "bare.yaml: error: cell_types.progenitor.homing.lung: 'lung' is not a tissue "
                + "(this entry is inherited from the built-in default cell type 'progenitor'; it is not written in the file)",
            "bare.yaml: error: tissues: bad tissues (this entry comes from the built-in defaults; it is not written in the file)",
        ])
    }

    @Test("a site in a value set by --set is placed at the override")
    func siteInOverride() throws {
        let set = SetOverride(path: "pregnancies[1].mother", value: "eve")
        let root = try ScenarioLoader.tree(text: familyScenario, file: "family.yaml", overrides: [set]).root
        let found = ScenarioLoader.diagnostics(for: BiologyProblems([BiologyProblem(.pregnancy(1, .mother), "unknown mother 'eve'")]), in: root)
        #expect(found.map(\.description) == ["--set pregnancies[1].mother: error: pregnancies[1].mother: unknown mother 'eve'"])
    }

    @Test("a subset of tissues without cell_types keeps the default types' entries for those tissues and drops the others")
    func subsetOfTissues() throws {
        let text = biology("tissues: [bone_marrow, lung]\npregnancies: [{ child: son, sex: male, start: 1 year }]")
        let compiled = try #require(try ScenarioLoader.parse(text: text, file: "subset.yaml").compiled)
        let types = compiled.scenario.cellTypes
        #expect(types.map(\.name) == ["progenitor", "mature"])
        #expect(types[0].homing == BiologyDefaults.progenitor.homing.filter { ["bone_marrow", "lung"].contains($0.key) })
        #expect(types[0].homing.count == 2)
        #expect(types[0].tissue == BiologyDefaults.progenitor.tissue.filter { $0.key != "brain" })
        #expect(types[1].homing == BiologyDefaults.mature.homing && types[1].tissue == BiologyDefaults.mature.tissue)
        // The default progenitor's niche is in bone marrow, which this scenario has: its absorbing compartment.
        #expect(types[0].niche == BiologyDefaults.progenitor.niche)
        #expect(Set(compiled.populations.map(\.compartment)) == ["blood", "bone_marrow", "lung", "niche"])
        // Without bone marrow the inherited niche goes with the tissue's other entries.
        let lungOnly = biology("tissues: [lung]\npregnancies: [{ child: son, sex: male, start: 1 year }]")
        let withoutMarrow = try #require(try ScenarioLoader.parse(text: lungOnly, file: "lung.yaml").compiled)
        #expect(withoutMarrow.scenario.cellTypes.allSatisfy { $0.niche == nil })
        #expect(Set(withoutMarrow.populations.map(\.compartment)) == ["blood", "lung"])
    }

    @Test("an entry the user wrote for a tissue the scenario does not list is still an error at the entry")
    func writtenEntryForUnlistedTissue() {
        let text = biology("tissues: [bone_marrow, lung]\ncell_types:\n  progenitor: { homing: { heart: 1 /day } }\n  mature:")
        expectSingleError(text, line: 6, column: column(of: "heart", line: 6, in: text), keyPath: "cell_types.progenitor.homing.heart",
                          contains: ["unknown tissue 'heart'", "tissues of this scenario"])
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
