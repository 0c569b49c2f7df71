import Testing
@testable import ScenarioFormat

/// Rejected documents: YAML syntax, keys, node kinds, and collecting every error.
@Suite("Rejected structure")
struct StructureErrorTests {
    @Test("an unknown key suggests the closest valid key, at the key")
    func unknownKeyWithSuggestion() throws {
        let text = twoCompartments("flows:\n  - { from: a, to: b, rat: 1 /day }")
        let found = diagnostics(text)
        let unknown = try #require(found.first { $0.keyPath == "network.flows[0].rat" })
        #expect(unknown.line == 9)
        #expect(unknown.column == column(of: "rat:", line: 9, in: text))
        #expect(unknown.message.contains("unknown key 'rat'; did you mean 'rate'?"))
        #expect(unknown.description.hasPrefix("test.yaml:9:"))
        // Without a rate the flow is also missing 'rate' or 'half_life'.
        #expect(found.contains { $0.keyPath == "network.flows[0]" && $0.message.contains("missing 'rate' or 'half_life'") })
    }

    @Test("a top-level typo suggests the key; a far-off key lists the valid keys")
    func unknownTopLevel() {
        let typo = scenario(network: "compartments: [{ name: a }]") + "horizn: 3 days\n"
        expectSingleError(typo, line: 6, column: 1, keyPath: "horizn", contains: ["unknown key 'horizn'; did you mean 'horizon'?"])
        let far = scenario(network: "compartments: [{ name: a }]") + "zebra: 1\n"
        expectSingleError(far, line: 6, column: 1, keyPath: "zebra",
                          contains: ["unknown key 'zebra'; valid keys: extends, name, description, horizon, output, network"])
    }

    @Test("missing required keys are reported at the mapping")
    func missingRequired() {
        expectSingleError("name: x\noutput: { every: 1 day }\nnetwork: { compartments: [{ name: a }] }\n",
                          line: 1, column: 1, keyPath: "", contains: ["missing required key 'horizon'"])
        expectSingleError(twoCompartments("boluses:\n  - { to: a, cells: 1 }"),
                          line: 9, keyPath: "network.boluses[0]", contains: ["missing required key 'at'"])
        let found = diagnostics("network: { compartments: [{ name: a }] }\n")
        #expect(found.map(\.message) == [
            "missing required key 'name' (the scenario's name)",
            "missing required key 'horizon' (a time such as '50 years')",
            "missing required key 'output' (with 'every' and/or 'times')",
        ])
        #expect(found.allSatisfy { $0.line == 1 && $0.column == 1 && $0.file == "test.yaml" })
        // Without 'network:' the document is biology-level, where the same three keys are required.
        #expect(diagnostics("description: nothing else\n").map(\.message) == found.map(\.message))
    }

    @Test("wrong node kinds say what was expected", arguments: [
        ("network: [1]", 4, "network", "expected the network as a mapping with keys compartments", "got a list"),
        ("network: {compartments: {name: a}}", 4, "network.compartments", "expected a list of compartments", "got a mapping"),
        ("network: {compartments: [a]}", 4, "network.compartments[0]", "expected a compartment as a mapping", "got 'a'"),
        ("network: {compartments: [{name: a}], flows: {from: a}}", 4, "network.flows", "expected a list of flows", "got a mapping"),
        ("network: {compartments: [{name: [a]}]}", 4, "network.compartments[0].name", "expected a text value", "got a list"),
        ("network: {compartments: [{name: a, initial: {n: 1}}]}", 4, "network.compartments[0].initial", "expected a whole number", "got a mapping"),
    ])
    func wrongKinds(networkLine: String, line: Int, keyPath: String, expected: String, got: String) {
        let text = "name: x\nhorizon: 1 day\noutput: { every: 1 day }\n\(networkLine)\n"
        expectSingleError(text, line: line, keyPath: keyPath, contains: [expected, got])
    }

    @Test("wrong node kinds at the top and in output")
    func wrongKindsTop() {
        expectSingleError("- a\n- b\n", line: 1, column: 1, keyPath: "", contains: ["expected a scenario as a mapping", "got a list"])
        expectSingleError(scenario(network: "compartments: [{ name: a }]").replacingOccurrences(of: "output: { every: 1 day }", with: "output: 1 day"),
                          line: 3, column: 9, keyPath: "output", contains: ["expected the output times as a mapping", "got '1 day'"])
        expectSingleError(scenario(output: "times: 1 day", network: "compartments: [{ name: a }]"),
                          line: 3, keyPath: "output.times", contains: ["expected a list of times", "got '1 day'"])
        expectSingleError(scenario(horizon: "[1 day]", network: "compartments: [{ name: a }]"),
                          line: 2, column: 10, keyPath: "horizon", contains: ["expected a time with a unit", "got a list"])
    }

    @Test("a YAML syntax error gives Yams's line and column and the root key path")
    func syntaxError() {
        let text = "name: x\nhorizon: 1 day\noutput: { every: 1 day\nnetwork: {}\n"
        let d = expectSingleError(text, line: 4, keyPath: "", contains: ["invalid YAML", "line 3, column 9"])
        #expect(d?.column != nil)
        expectSingleError("name: x\nhorizon: a: b\n", line: 2, column: 11, keyPath: "", contains: ["invalid YAML", "mapping values are not allowed"])
        expectSingleError("name: x\n---\nname: y\n", line: 2, column: 1, keyPath: "", contains: ["invalid YAML"])
    }

    @Test("an empty file, a comment-only file and an empty document are errors", arguments: ["", "# nothing\n", "---\n", "~\n"])
    func emptyFile(text: String) {
        expectSingleError(text, line: text == "---\n" ? 2 : 1, keyPath: "", contains: ["the scenario is empty"])
    }

    @Test("duplicate keys name both lines")
    func duplicateKeys() {
        let text = "name: x\nhorizon: 1 day\nhorizon: 2 days\noutput: { every: 1 day }\nnetwork: { compartments: [{ name: a }] }\n"
        expectSingleError(text, line: 3, column: 1, keyPath: "horizon",
                          contains: ["duplicate key 'horizon'", "first defined at line 2", "again at line 3"])
    }

    @Test("duplicate keys on one line, in several mappings, and quoted, are all reported")
    func severalDuplicateKeys() {
        let text = """
        name: x
        horizon: 10 days
        output: { every: 1 day, "every": 2 days }
        network:
          compartments:
            - { name: a, name: b }
          compartments: []
        name: y

        """
        let found = diagnostics(text)
        #expect(found.map(\.keyPath) == ["output.every", "network.compartments[0].name", "network.compartments", "name"])
        #expect(found.map(\.line) == [3, 6, 7, 8])
        #expect(found[0].column == column(of: "\"every\"", line: 3, in: text))
        #expect(found[0].message.contains("first defined at line 3, column \(column(of: "every", line: 3, in: text)!)"))
        #expect(found[1].column == column(of: "name: b", line: 6, in: text))
        #expect(found[2].message.contains("first defined at line 5"))
        #expect(found[3].message.contains("first defined at line 1"))
    }

    @Test("a syntax error after a duplicate key is found at its real position")
    func syntaxAfterDuplicate() throws {
        let text = "name: x\nname: y\nhorizon: 1 day\noutput: { every: 1 day, every: [ }\n"
        let found = diagnostics(text)
        #expect(found.count == 1)
        let d = try #require(found.first)
        #expect(d.line == 4)
        #expect(d.message.contains("invalid YAML"))
    }

    @Test("every error in one file is reported, in document order")
    func allErrors() {
        let text = """
        network:
          compartments:
            - { name: blood, initial: 2.5 }
            - { name: out }
          flows:
            - { from: blood, to: bloodd, rate: 0.004 }
            - { from: blood, to: out, rate: 1 /day, half_life: 2 days }
          boluses:
            - { to: blood, cells: 5, at: 100 years }
        name: several
        horizon: 50 years
        output:
          every: 1 year
          times: [60 years]
          evry: 2 years

        """
        let found = diagnostics(text)
        let expected: [(Int, String, String)] = [
            (3, "network.compartments[0].initial", "whole number"),
            (4, "network.compartments[1].name", "reserved"),
            (6, "network.flows[0].to", "unknown compartment 'bloodd'; did you mean 'blood'?"),
            (6, "network.flows[0].rate", "expected a rate with a time unit"),
            (7, "network.flows[1].half_life", "not both"),
            (9, "network.boluses[0].at", "outside the horizon"),
            (14, "output.times[0]", "outside the horizon"),
            (15, "output.evry", "did you mean 'every'?"),
        ]
        #expect(found.count == expected.count, "\(found.map(\.description).joined(separator: "\n"))")
        for (d, (line, keyPath, fragment)) in zip(found, expected) {
            #expect(d.line == line && d.keyPath == keyPath && d.message.contains(fragment), "\(d)")
            #expect(d.file == "test.yaml")
            #expect(d.column != nil)
        }
        // The error's text has one line per diagnostic.
        #expect(ScenarioError.invalid(found).description.split(separator: "\n").count == expected.count)
    }

    @Test("a broken horizon does not cause spurious window errors")
    func noCascade() {
        let text = twoCompartments("inflows:\n  - { to: a, rate: 1 /day, end: 5 days }").replacingOccurrences(of: "horizon: 10 days", with: "horizon: ten days")
        expectSingleError(text, line: 2, keyPath: "horizon", contains: ["expected a time with a unit"])
    }

    @Test("Diagnostic and ScenarioError render like compiler messages")
    func rendering() {
        let full = Diagnostic(file: "s.yaml", line: 3, column: 7, keyPath: "network.flows[2].rate", message: "bad")
        #expect(full.description == "s.yaml:3:7: error: network.flows[2].rate: bad")
        #expect(Diagnostic(file: "s.yaml", line: 3, column: nil, keyPath: "", message: "bad").description == "s.yaml:3: error: bad")
        #expect(Diagnostic(file: "--set horizon", line: nil, column: nil, keyPath: "horizon", message: "bad").description
            == "--set horizon: error: horizon: bad")
        let two = ScenarioError.invalid([full, full]).description
        #expect(two == "s.yaml:3:7: error: network.flows[2].rate: bad\ns.yaml:3:7: error: network.flows[2].rate: bad")
        #expect(ScenarioError.unreadable(file: "x.yaml", reason: "no such file").description.contains("x.yaml"))
        #expect(ScenarioError.badOverride(argument: "abc", reason: "no '='").description.contains("abc"))
    }
}
