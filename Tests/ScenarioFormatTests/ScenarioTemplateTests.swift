import RateModel
import Testing
@testable import ScenarioFormat

/// A scenario parsed once and compiled per set of overrides (a sweep) gives
/// what loading the file with those overrides gives; values that skip the
/// YAML parser read as the parser would read them.
@Suite("Scenario templates")
struct ScenarioTemplateTests {
    @Test("load(overrides:) equals ScenarioLoader.parse with the same overrides, for several override sets")
    func sameAsLoader() throws {
        let template = try ScenarioTemplate(text: exampleScenario, file: "example.yaml")
        for overrides in [[], [SetOverride(path: "horizon", value: "10 years")],
                          [SetOverride(path: "horizon", value: "3 years"), SetOverride(path: "output.every", value: "30 days")]] {
            let direct = try ScenarioLoader.parse(text: exampleScenario, file: "example.yaml", overrides: overrides)
            let viaTemplate = try template.load(overrides: overrides)
            #expect(viaTemplate.model == direct.model)
            #expect(viaTemplate.sourceBytes == direct.sourceBytes && viaTemplate.overrides == direct.overrides)
        }
    }

    /// Scalar overrides on a base without repeated keys skip the duplicate-key
    /// scan; every other case must still report repeats, at the same place
    /// as `ScenarioLoader.parse`.
    @Test("repeated keys are reported through a template: in the base with a scalar override, and inside a mapping override")
    func duplicatesThroughTemplate() throws {
        let repeated = "name: x\nhorizon: 1 day\nhorizon: 2 days\noutput: { every: 1 day }\nnetwork: { compartments: [{ name: a }] }\n"
        let base = try ScenarioTemplate(text: repeated, file: "test.yaml")
        let scalar = [SetOverride(path: "output.every", value: "2 days")]
        do {
            _ = try base.load(overrides: scalar)
            Issue.record("a repeated key in the base was accepted")
        } catch {
            guard case .invalid(let found) = error else { Issue.record("expected .invalid, got \(error)"); return }
            #expect(found == diagnostics(repeated, overrides: scalar))
            #expect(found.contains { $0.keyPath == "horizon" && $0.message.contains("duplicate key 'horizon'") })
        }
        let clean = "name: x\nhorizon: 1 day\noutput: { every: 1 day }\nnetwork: { compartments: [{ name: a }] }\n"
        let template = try ScenarioTemplate(text: clean, file: "test.yaml")
        let mapping = [SetOverride(path: "output", value: "{ every: 1 day, every: 2 days }")]
        do {
            _ = try template.load(overrides: mapping)
            Issue.record("a repeated key inside an override value was accepted")
        } catch {
            guard case .invalid(let found) = error else { Issue.record("expected .invalid, got \(error)"); return }
            #expect(found == diagnostics(clean, overrides: mapping))
            #expect(found.contains { $0.keyPath == "output.every" && $0.message.contains("duplicate key 'every'") })
        }
        #expect(try template.load(overrides: scalar).model.horizon == 1)
    }

    @Test("an invalid override value fails on its own load, and the template stays usable")
    func invalidThenValid() throws {
        let template = try ScenarioTemplate(text: exampleScenario, file: "example.yaml")
        #expect(throws: ScenarioError.self) { try template.load(overrides: [SetOverride(path: "horizon", value: "-3 years")]) }
        #expect(try template.load(overrides: [SetOverride(path: "horizon", value: "2 years")]).model.horizon == 730.5)
    }

    /// A trailing YAML comment sends a value through the parser; the fast
    /// path must give the same scalar text and plainness.
    @Test("simple plain values read the same with and without the YAML parser",
          arguments: ["0.02 /day", "30 years", "1e-3", "-5", "+3", ".5", "abc", "µg", "a b", "1.5 (per day)", "null", "10_000"])
    func simpleScalars(value: String) throws {
        #expect(YAMLReader.isSimplePlainScalar(value))
        var fastSink = DiagnosticSink()
        var parsedSink = DiagnosticSink()
        let fast = YAMLReader.read(value, origin: .override(path: "x"), sink: &fastSink)
        let parsed = YAMLReader.read(value + " # through the parser", origin: .override(path: "x"), sink: &parsedSink)
        #expect(fastSink.isEmpty && parsedSink.isEmpty)
        guard case .scalar(let a, let plainA)? = fast?.content, case .scalar(let b, let plainB)? = parsed?.content else {
            Issue.record("expected scalars, got \(String(describing: fast?.content)) and \(String(describing: parsed?.content))")
            return
        }
        #expect(a == b && plainA == plainB, "\(a) / \(b)")
    }

    @Test("values YAML reads otherwise take the parser", arguments: ["- 5", "[1, 2]", "{a: 1}", "'quoted'", "a: b", "x # c", " lead", "trail ", "-", "a\nb", ""])
    func notSimple(value: String) {
        #expect(!YAMLReader.isSimplePlainScalar(value))
    }
}
