import BiologyModel
import Testing
@testable import ScenarioFormat

/// `population:`: decoded values and defaults, and each rejected form at its
/// file, line, column and key.
@Suite("Population decoding")
struct PopulationDecoderTests {
    static let family = "pregnancies:\n  - { child: son, sex: male, start: 1 year }"

    @Test("population's variation and nodes are read, nodes default to 7, and --set reaches them")
    func decoded() throws {
        let text = biology(Self.family + "\npopulation: { variation: { clearance: 0.5, transfer: 0.3 }, nodes: 9 }")
        let scenario = try decodeBiology(text).scenario
        #expect(scenario.population == PopulationSpec(variation: RateVariation(clearance: 0.5, transfer: 0.3), nodes: 9))
        #expect(scenario.population?.runs == 81 && scenario.population?.dimensions == 2)
        let plain = try decodeBiology(biology(Self.family + "\npopulation: { variation: { homing: 0.2 } }")).scenario
        #expect(plain.population?.nodes == PopulationSpec.defaultNodes && plain.population?.variation.homing == 0.2)
        #expect(try decodeBiology(biology(Self.family)).scenario.population == nil)
        let set = try decodeBiology(text, overrides: [SetOverride(path: "population.variation.self_renewal", value: "0.1")]).scenario
        #expect(set.population?.variation.selfRenewal == 0.1 && set.population?.runs == 729)
    }

    @Test("population beside a cohort is refused at the population key, naming the cohort's line")
    func withCohort() {
        let text = biology("""
        population: { variation: { clearance: 0.5 } }
        cohort: { size: 10, pregnancies: [0, 1], first_pregnancy_age: { mean: 27 years, sd: 5 years },
                  spacing: { mean: 3 years, sd: 1 year }, outcomes: { live_birth: 1 } }
        """)
        expectSingleError(text, line: 4, column: 1, keyPath: "population",
                          contains: ["'population:' cannot be given with 'cohort:' (line 5, column 1)", "cohort.variation"])
    }

    @Test("a misspelt key, a negative coefficient, zero nodes and too many nodes are each reported at the value")
    func badValues() {
        let misspelt = biology(Self.family + "\npopulation: { variation: { clearence: 0.5 } }")
        expectSingleError(misspelt, line: 6, column: column(of: "clearence", line: 6, in: misspelt), keyPath: "population.variation.clearence",
                          contains: ["did you mean 'clearance'?"])
        let negative = biology(Self.family + "\npopulation: { variation: { clearance: -0.5 } }")
        expectSingleError(negative, line: 6, column: column(of: "-0.5", line: 6, in: negative), keyPath: "population.variation.clearance",
                          contains: ["coefficient of variation"])
        let zero = biology(Self.family + "\npopulation: { variation: { clearance: 0.5 }, nodes: 0 }")
        expectSingleError(zero, line: 6, column: column(of: "0 }", line: 6, in: zero), keyPath: "population.nodes", contains: ["at least 1"])
        let many = biology(Self.family + "\npopulation: { variation: { clearance: 0.5 }, nodes: 65 }")
        expectSingleError(many, line: 6, column: column(of: "65", line: 6, in: many), keyPath: "population.nodes",
                          contains: ["at most 64 quadrature points"])
        let runs = biology(Self.family + "\npopulation: { variation: { clearance: 0.5, homing: 0.1, self_renewal: 0.1, transfer: 0.1 }, nodes: 21 }")
        expectSingleError(runs, line: 6, column: column(of: "21", line: 6, in: runs), keyPath: "population.nodes",
                          contains: ["194481 runs of the family", "lower 'nodes'"])
    }
}
