import Engines
import Foundation
@testable import MicrochimeraKit
import RateModel
import ScenarioFormat
import StochasticEngines
import Testing

/// The cohort's union of series, collected from one woman per family
/// structure, must be the union over every woman; and a woman with a series
/// the layout lacks must send the run back for the full union rather than
/// be recorded without it.
@Suite("Cohort series union")
struct CohortUnionTests {
    /// Up to two pregnancies of two outcomes, both sexes, conception ages
    /// spread over a decade near the 20-year horizon (so some pregnancies are
    /// dropped or end close to it), no rate variation: few structures, many women.
    static let cohort = """
        name: union cohort
        \(CohortTests.kinetics.replacingOccurrences(of: "horizon: 4 years", with: "horizon: 20 years"))
        cohort:
          size: 400
          pregnancies: [0.1, 0.3, 0.6]
          first_pregnancy_age: { mean: 35 years, sd: 4 years }
          spacing: { mean: 2 years, sd: 1 year }
          outcomes: { live_birth: 0.7, miscarriage: 0.3 }
        """

    static func runner(_ text: String) throws -> CohortRunner {
        let scenario = try ScenarioLoader.parse(text: text, file: "union.yaml")
        let spec = try #require(scenario.cohort)
        let template = try #require(scenario.compiled)
        return CohortRunner(template: template, spec: spec, seed: 5, threads: 2)
    }

    @Test("the union by family structure is the union over every woman")
    func unionByStructure() throws {
        let runner = try Self.runner(Self.cohort)
        let keys = Set((0..<runner.spec.size).map { CohortRunner.StructureKey(runner.individual($0)) })
        #expect(keys.count > 10 && keys.count < runner.spec.size / 4, "\(keys.count) structures: the test needs few, but several")
        let shortcut = try runner.unionLayout(byStructure: true).entries.map(\.label)
        let full = try runner.unionLayout(byStructure: false).entries.map(\.label)
        #expect(shortcut == full)
        #expect(full.contains { $0.host == "child1" }, "daughters and sons carry their mother's cells")
    }

    @Test("a woman with a series the layout lacks makes the run return nil; the full union runs")
    func missingSeriesIsCaught() throws {
        let runner = try Self.runner(Self.cohort)
        let full = try runner.unionLayout(byStructure: false)
        let reported = full.count - runner.template.assays.count
        // Drop a series of a second child: only women with two pregnancies kept to the horizon have it.
        let dropped = try #require(full.entries[..<reported].lastIndex { $0.label.origin == .named("child2") })
        var entries = full.entries
        entries.remove(at: dropped)
        let partial = SeriesLayout(entries: entries)
        #expect(try runner.run(engine: FastEngine.self, layout: partial, progress: nil) == nil)
        let outcome = try #require(try runner.run(engine: FastEngine.self, layout: full, progress: nil))
        #expect(outcome.women.count == runner.spec.size)
        #expect(try runner.run(engine: FastEngine.self).layout.entries.map(\.label) == full.entries.map(\.label))
    }
}
