import RateModel
import Testing
@testable import ScenarioFormat

@Suite("--set overrides")
struct OverrideTests {
    @Test("parsing PATH=VALUE splits at the first '='")
    func parsing() throws {
        #expect(try SetOverride(parsing: "horizon=20 years") == SetOverride(path: "horizon", value: "20 years"))
        #expect(try SetOverride(parsing: "name=a=b") == SetOverride(path: "name", value: "a=b"))
        #expect(try SetOverride(parsing: "description=") == SetOverride(path: "description", value: ""))
    }

    @Test("malformed arguments are .badOverride", arguments: ["horizon", "=5", "a..b=1", "a.=1", "a[x]=1", "a[1=1", "a]=1", "a[0]b=1"])
    func malformed(argument: String) {
        #expect {
            try SetOverride(parsing: argument)
        } throws: { error in
            guard case .badOverride(let reported, let reason)? = error as? ScenarioError else { return false }
            return reported == argument && !reason.isEmpty
        }
    }

    @Test("sets a scalar")
    func setScalar() throws {
        let loaded = try ScenarioLoader.parse(text: exampleScenario, file: "example.yaml",
                                              overrides: [SetOverride(path: "horizon", value: "10 years")])
        #expect(loaded.model.horizon == 3652.5)
        #expect(loaded.model.outputTimes.count == 11)
        #expect(loaded.model.flows[0].window == TimeWindow(start: 0, end: 3652.5))
        #expect(loaded.overrides == [SetOverride(path: "horizon", value: "10 years")])
    }

    @Test("indexes a list and sets a quoted or unquoted rate")
    func setByIndex() throws {
        let m = try model(exampleScenario, overrides: [
            SetOverride(path: "network.flows[1].rate", value: "0.01 /day"),
            SetOverride(path: "network.flows[2].rate", value: "'1 per week'"),
        ])
        #expect(m.flows[1].rate == 0.01)
        #expect(m.flows[2].rate == 1.0 / 7)
    }

    @Test("selects a list item by name")
    func setByName() throws {
        let m = try model(exampleScenario, overrides: [SetOverride(path: "network.compartments.marrow.initial", value: "42")])
        #expect(m.compartments == [Compartment(name: "blood", initial: 10000), Compartment(name: "marrow", initial: 42)])
    }

    @Test("sets a list, and creates a missing key")
    func setList() throws {
        let m = try model(exampleScenario, overrides: [
            SetOverride(path: "output.times", value: "[3 days, 1 month]"),
            SetOverride(path: "network.flows", value: "[{ from: marrow, to: out, rate: 1 /year }]"),
        ])
        #expect(m.outputTimes.count == 53)
        #expect(m.outputTimes[1] == 3 && m.outputTimes[2] == 30.4375)
        #expect(m.flows == [Flow(from: 1, to: .out, rate: 1 / 365.25, window: TimeWindow(start: 0, end: 18262.5))])
    }

    @Test("overrides apply in order: the last one wins")
    func order() throws {
        let m = try model(exampleScenario, overrides: [
            SetOverride(path: "network.compartments[0].initial", value: "1"),
            SetOverride(path: "network.compartments[0].initial", value: "2"),
        ])
        #expect(m.compartments[0].initial == 2)
    }

    @Test("an index out of range names the override, the segment and what exists")
    func outOfRange() {
        expectSingleError(exampleScenario, line: nil, keyPath: "network.flows",
                          contains: ["index [9] is out of range", "0...3"],
                          file: "--set network.flows[9].rate", overrides: [SetOverride(path: "network.flows[9].rate", value: "1 /day")])
    }

    @Test("an unknown item name lists the names and suggests the closest")
    func unknownName() {
        expectSingleError(exampleScenario, line: nil, keyPath: "network.compartments",
                          contains: ["no item named 'bloood'", "blood, marrow", "did you mean 'blood'?"],
                          file: "--set network.compartments.bloood.initial",
                          overrides: [SetOverride(path: "network.compartments.bloood.initial", value: "1")])
    }

    @Test("descending into a scalar, or indexing a mapping, is an error", arguments: [
        ("name.first", "name", "cannot descend into 'two-compartment example'"),
        ("network[0]", "network", "[0] indexes a list, but this is a mapping with keys: compartments"),
        ("network.flows.fast", "network.flows", "use an index from [0] to [3]"),
        ("network.inflow[0].rate", "network", "no key 'inflow'"),
    ])
    func badPaths(path: String, keyPath: String, message: String) {
        expectSingleError(exampleScenario, line: nil, keyPath: keyPath, contains: [message],
                          file: "--set \(path)", overrides: [SetOverride(path: path, value: "1")])
    }

    @Test("a new misspelt key is caught by the schema, naming the override")
    func newUnknownKey() {
        expectSingleError(exampleScenario, line: nil, keyPath: "network.flows[0].rat",
                          contains: ["unknown key 'rat'; did you mean 'rate'?"],
                          file: "--set network.flows[0].rat", overrides: [SetOverride(path: "network.flows[0].rat", value: "1 /day")])
    }

    @Test("a problem inside an override value names the override and has no line")
    func badValue() throws {
        let d = try #require(expectSingleError(exampleScenario, line: nil, keyPath: "network.flows[1].rate",
                                  contains: ["expected a rate with a time unit", "got '0.01'"],
                                  file: "--set network.flows[1].rate", overrides: [SetOverride(path: "network.flows[1].rate", value: "0.01")]))
        #expect(d.column == nil)
        #expect(d.description.hasPrefix("--set network.flows[1].rate: error: network.flows[1].rate: "))
        expectSingleError(exampleScenario, line: nil, keyPath: "output.times[1]", contains: ["outside the horizon"],
                          file: "--set output.times", overrides: [SetOverride(path: "output.times", value: "[1 day, 51 years]")])
    }

    @Test("an override value that is not valid YAML is reported and not applied")
    func invalidYAMLValue() {
        expectSingleError(exampleScenario, line: nil, keyPath: "output.times", contains: ["is not valid YAML"],
                          file: "--set output.times", overrides: [SetOverride(path: "output.times", value: "[0 days")])
    }

    @Test("override diagnostics sit in document order among the file's")
    func mixedOrder() {
        let text = exampleScenario.replacingOccurrences(of: "at: 280 days", with: "at: 280")
        let found = diagnostics(text, overrides: [SetOverride(path: "horizon", value: "-1 years")])
        #expect(found.map(\.file) == ["--set horizon", "test.yaml"])
        #expect(found.last?.keyPath == "network.boluses[0].at")
    }

    @Test("a malformed path given to the loader is .badOverride")
    func malformedAtLoad() {
        #expect {
            try ScenarioLoader.parse(text: exampleScenario, file: "x.yaml", overrides: [SetOverride(path: "a..b", value: "1")])
        } throws: { error in
            guard case .badOverride(let argument, _)? = error as? ScenarioError else { return false }
            return argument == "a..b=1"
        }
    }
}

/// `--set cell_types.T.…` on a document that leaves the cell types to the
/// defaults changes type T and keeps the other default types.
@Suite("Overrides into default cell types")
struct DefaultCellTypeOverrideTests {
    static let family = """
        name: one son
        horizon: 2 years
        output: { every: 30 days }
        pregnancies:
          - { child: son, sex: male, start: 0 weeks, length: 40 weeks, outcome: live_birth }
        """

    @Test("setting one default type's value keeps every default type, and only that value changes")
    func keepsOtherTypes() throws {
        let template = try ScenarioTemplate(text: Self.family, file: "f.yaml")
        let base = try #require(try template.load().compiled)
        let changed = try #require(try template.load(overrides: [SetOverride(path: "cell_types.progenitor.clearance.half_life",
                                                                            value: "9 days")]).compiled)
        #expect(changed.scenario.cellTypes.map(\.name) == base.scenario.cellTypes.map(\.name))
        #expect(changed.network != base.network)
        // Writing the default types out, in their default order, with the one new value gives the same model.
        let explicit = try ScenarioTemplate(text: Self.family + "\ncell_types:\n  progenitor: { clearance: { half_life: 9 days } }\n  mature:\n",
                                            file: "g.yaml").load()
        #expect(explicit.compiled?.network == changed.network)
    }

    @Test("a document that lists its cell types keeps exactly those")
    func listedTypesStay() throws {
        let listed = Self.family + "\ncell_types:\n  progenitor: { share: 1 }\n"
        let loaded = try ScenarioTemplate(text: listed, file: "h.yaml")
            .load(overrides: [SetOverride(path: "cell_types.progenitor.clearance.half_life", value: "9 days")])
        #expect(loaded.compiled?.scenario.cellTypes.map(\.name) == ["progenitor"])
    }
}
