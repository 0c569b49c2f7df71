import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

/// `ScenarioTemplate.documentText(overrides:)`, the text of `fit`'s fitted
/// scenarios: read back, it must load to exactly the model the template
/// gives with the same overrides, for every scenario of the library.
@Suite("Scenario documents written back as YAML")
struct DocumentTextTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")

    static var library: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test("every library scenario, written back, loads to the same compiled scenario", arguments: library)
    func libraryRoundTrip(_ name: String) throws {
        let template = try ScenarioTemplate(path: Self.scenarios.appendingPathComponent(name).path)
        let text = try template.documentText(overrides: [], header: ["written back", "by a test"])
        #expect(text.hasPrefix("# written back\n# by a test\n"))
        #expect(!text.contains("extends:"))
        let reread = try ScenarioTemplate(text: text, file: "written.yaml").load()
        let original = try template.load()
        #expect(reread.model == original.model)
        #expect(reread.compiled == original.compiled)
    }

    @Test("a value set on a path the file leaves to the defaults is written in, and read back")
    func overrideOnDefaultedPath() throws {
        let template = try ScenarioTemplate(path: Self.scenarios.appendingPathComponent("single-pregnancy.yaml").path)
        let overrides = [SetOverride(path: "cell_types.progenitor.clearance.half_life", value: "12.5 days")]
        let text = try template.documentText(overrides: overrides)
        #expect(text.contains("half_life: 12.5 days"))
        let reread = try ScenarioTemplate(text: text, file: "written.yaml").load()
        #expect(reread.model == (try template.load(overrides: overrides)).model)
        #expect(reread.model != (try template.load()).model)
    }

    @Test("names and descriptions that need quoting come back unchanged")
    func quoting() throws {
        let source = """
            name: "a: b # not a comment"
            description: 'it''s "quoted"\\ and -dash'
            horizon: 10 days
            output: { every: 1 day, times: [] }
            network:
              compartments:
                - { name: "- odd", initial: 3 }
              flows: []
            """
        let template = try ScenarioTemplate(text: source, file: "q.yaml")
        let text = try template.documentText(overrides: [])
        let reread = try ScenarioTemplate(text: text, file: "q2.yaml").load()
        let original = try template.load()
        #expect(reread.model == original.model)
        #expect(reread.model.name == "a: b # not a comment")
        #expect(reread.description == original.description)
    }
}
