import Testing
@testable import ScenarioFormat

/// Rejected values: units, ranges, whole numbers, windows, references.
@Suite("Rejected values")
struct ValueErrorTests {
    @Test("a bare number where a time is required shows an example with a unit")
    func bareTime() {
        let text = scenario(horizon: "280", network: "compartments: [{ name: a }]")
        expectSingleError(text, line: 2, column: 10, keyPath: "horizon",
                          contains: ["expected a time with a unit such as '280 days'", "got '280'"])
    }

    @Test("a bare number where a rate is required shows an example with a unit")
    func bareRate() {
        let text = twoCompartments("flows:\n  - { from: a, to: b, rate: 0.004 }")
        expectSingleError(text, line: 9, column: column(of: "0.004", line: 9, in: text), keyPath: "network.flows[0].rate",
                          contains: ["expected a rate with a time unit such as '0.004 /day' or '0.004 per day', got '0.004'"])
    }

    @Test("a bare number for an inflow asks for cells per unit time")
    func bareInflow() {
        let text = twoCompartments("inflows:\n  - { to: a, rate: 2000 }")
        expectSingleError(text, line: 9, column: column(of: "2000", line: 9, in: text), keyPath: "network.inflows[0].rate",
                          contains: ["cells per unit time such as '2000 /day'", "got '2000'"])
    }

    @Test("a bare zero for a window start is still an error")
    func bareWindowStart() {
        let text = twoCompartments("divisions:\n  - { in: a, rate: 1 /day, start: 0 }")
        expectSingleError(text, line: 9, column: column(of: "0 }", line: 9, in: text), keyPath: "network.divisions[0].start",
                          contains: ["expected a time with a unit", "got '0'"])
    }

    @Test("an unknown time unit suggests the closest spelling")
    func unknownUnit() {
        let text = scenario(horizon: "10 dayz", network: "compartments: [{ name: a }]")
        expectSingleError(text, line: 2, column: 10, keyPath: "horizon", contains: ["unknown time unit 'dayz'", "did you mean 'days'?"])
    }

    @Test("a rate without '/' or 'per' is rejected")
    func rateWithoutPer() {
        let text = twoCompartments("flows:\n  - { from: a, to: b, rate: 0.004 day }")
        expectSingleError(text, line: 9, keyPath: "network.flows[0].rate", contains: ["'0.004 /day'", "got '0.004 day'"])
    }

    @Test("negative values are rejected", arguments: [
        ("initial: -5", "network.compartments[0].initial", "must not be negative"),
        ("rate: -1 /day", "network.divisions[0].rate", "must not be negative"),
        ("start: -1 day", "network.divisions[0].start", "must not be negative"),
        ("cells: -3", "network.boluses[0].cells", "must not be negative"),
        ("at: -3 days", "network.boluses[0].at", "must not be negative"),
    ])
    func negative(field: String, keyPath: String, message: String) {
        let text = negativeScenario(field)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(field) }! + 1
        expectSingleError(text, line: line, column: column(of: field.split(separator: " ")[1].description, line: line, in: text),
                          keyPath: keyPath, contains: [message])
    }

    /// A valid scenario with `field` substituted into the entry its key belongs to.
    func negativeScenario(_ field: String) -> String {
        var compartment = "{ name: a, initial: 1 }", division = "{ in: a, rate: 1 /day }", bolus = "{ to: a, cells: 1, at: 1 day }"
        if field.hasPrefix("initial") { compartment = "{ name: a, \(field) }" }
        if field.hasPrefix("rate") || field.hasPrefix("start") { division = "{ in: a, rate: 1 /day, \(field) }".replacingOccurrences(of: "rate: 1 /day, rate", with: "rate") }
        if field.hasPrefix("cells") { bolus = "{ to: a, \(field), at: 1 day }" }
        if field.hasPrefix("at") { bolus = "{ to: a, cells: 1, \(field) }" }
        return scenario(network: "compartments: [\(compartment)]\ndivisions: [\(division)]\nboluses: [\(bolus)]")
    }

    @Test("a negative horizon and a zero horizon are rejected")
    func badHorizon() {
        expectSingleError(scenario(horizon: "-1 days", network: "compartments: [{ name: a }]"),
                          line: 2, column: 10, keyPath: "horizon", contains: ["must not be negative"])
        expectSingleError(scenario(horizon: "0 days", network: "compartments: [{ name: a }]"),
                          line: 2, column: 10, keyPath: "horizon", contains: ["must be greater than zero"])
    }

    @Test("non-finite values are rejected", arguments: [
        ("1e400 days", "horizon"), (".inf", "horizon"), ("inf years", "horizon"), ("nan days", "horizon"),
    ])
    func nonFiniteHorizon(value: String, keyPath: String) throws {
        let text = scenario(horizon: value, network: "compartments: [{ name: a }]")
        let d = try #require(expectSingleError(text, line: 2, column: 10, keyPath: keyPath, contains: ["'\(value)'"]))
        #expect(d.message.contains("finite") || d.message.contains("expected a time with a unit"))
    }

    @Test("1e400 is reported as not finite, for rates, cells and initial counts")
    func nonFiniteEverywhere() {
        let rate = twoCompartments("flows:\n  - { from: a, to: b, rate: 1e400 /day }")
        expectSingleError(rate, line: 9, keyPath: "network.flows[0].rate", contains: ["'1e400 /day' is not a finite value"])
        let overflow = twoCompartments("flows:\n  - { from: a, to: b, rate: 1e308 /min }")
        expectSingleError(overflow, line: 9, keyPath: "network.flows[0].rate", contains: ["is not a finite value"])
        let initial = scenario(network: "compartments: [{ name: a, initial: 1e400 }]")
        expectSingleError(initial, line: 5, keyPath: "network.compartments[0].initial", contains: ["'1e400' is not a finite number"])
        let inf = scenario(network: "compartments: [{ name: a, initial: .inf }]")
        expectSingleError(inf, line: 5, keyPath: "network.compartments[0].initial", contains: ["expected a whole number of cells", "'.inf'"])
    }

    @Test("whole numbers of cells", arguments: [
        ("initial: 2.5", "network.compartments[0].initial", "expected a whole number of cells such as '10000', got '2.5', which is not a whole number"),
        ("initial: 1e20", "network.compartments[0].initial", "at most 2^53"),
        ("initial: lots", "network.compartments[0].initial", "expected a whole number of cells such as '10000', got 'lots'"),
        ("initial: 0x10", "network.compartments[0].initial", "got '0x10'"),
        ("cells: 0.5", "network.boluses[0].cells", "expected a whole number of cells such as '10000', got '0.5', which is not a whole number"),
    ])
    func wholeNumbers(field: String, keyPath: String, message: String) {
        let text = negativeScenario(field)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(field) }! + 1
        expectSingleError(text, line: line, keyPath: keyPath, contains: [message])
    }

    @Test("2^50 cells is the largest accepted count (ModelBounds.cells); one more is too large")
    func largestCount() throws {
        let text = scenario(network: "compartments: [{ name: a, initial: 1125899906842624 }]")
        #expect(try model(text).compartments[0].initial == 1 << 50)
        let over = scenario(network: "compartments: [{ name: a, initial: 1125899906842625 }]")
        expectSingleError(over, line: 5, keyPath: "network.compartments[0].initial", contains: ["too large", "at most 2^50"])
    }

    @Test("a zero half-life is rejected, a zero rate is not")
    func zeroHalfLife() {
        let text = twoCompartments("flows:\n  - { from: a, to: out, half_life: 0 days }")
        expectSingleError(text, line: 9, keyPath: "network.flows[0].half_life", contains: ["must be greater than zero"])
    }

    @Test("a window end beyond the horizon is outside it")
    func endOutsideHorizon() {
        let text = twoCompartments("inflows:\n  - { to: a, rate: 1 /day, end: 11 days }")
        expectSingleError(text, line: 9, column: column(of: "11 days", line: 9, in: text), keyPath: "network.inflows[0].end",
                          contains: ["outside the horizon", "11 days", "10 days"])
    }

    @Test("a window start beyond the horizon is outside it")
    func startOutsideHorizon() {
        let text = twoCompartments("flows:\n  - { from: a, to: b, rate: 1 /day, start: 2 weeks }")
        expectSingleError(text, line: 9, column: column(of: "2 weeks", line: 9, in: text), keyPath: "network.flows[0].start",
                          contains: ["outside the horizon", "14 days"])
    }

    @Test("start >= end is an empty window", arguments: [
        ("start: 5 days, end: 5 days", "end"), ("start: 6 days, end: 3 days", "end"), ("start: 10 days", "start"),
    ])
    func emptyWindow(window: String, key: String) {
        let text = twoCompartments("divisions:\n  - { in: b, rate: 1 /day, \(window) }")
        let valueColumn = column(of: "\(key): ", line: 9, in: text)! + key.count + 2
        expectSingleError(text, line: 9, column: valueColumn, keyPath: "network.divisions[0].\(key)",
                          contains: ["the window is empty", "must be before end"])
    }

    @Test("a bolus outside the horizon")
    func bolusOutside() {
        let text = twoCompartments("boluses:\n  - { to: a, cells: 5, at: 1 year }")
        expectSingleError(text, line: 9, column: column(of: "1 year", line: 9, in: text), keyPath: "network.boluses[0].at",
                          contains: ["outside the horizon", "365.25 days"])
    }

    @Test("an output time outside the horizon is reported at that entry")
    func outputOutside() {
        let text = scenario(output: "times: [1 day, 11 days]", network: "compartments: [{ name: a }]")
        expectSingleError(text, line: 3, column: column(of: "11 days", line: 3, in: text), keyPath: "output.times[1]",
                          contains: ["outside the horizon"])
    }

    @Test("output needs 'every' and/or 'times'; every must be positive and not too fine")
    func outputProblems() {
        expectSingleError(scenario(output: "", network: "compartments: [{ name: a }]"),
                          line: 3, keyPath: "output", contains: ["give 'every'", "'times'"])
        expectSingleError(scenario(output: "every: 0 days", network: "compartments: [{ name: a }]"),
                          line: 3, keyPath: "output.every", contains: ["must be greater than zero"])
        expectSingleError(scenario(output: "every: 1e-9 days", network: "compartments: [{ name: a }]"),
                          line: 3, keyPath: "output.every", contains: ["output times", "at most 1000000"])
    }

    @Test("an unknown compartment lists the known ones and suggests the closest")
    func unknownCompartment() throws {
        let text = twoCompartments("flows:\n  - { from: a, to: c, rate: 1 /day }\n  - { from: aa, to: b, rate: 1 /day }")
        let found = diagnostics(text)
        #expect(found.count == 2)
        let first = try #require(found.first), last = try #require(found.last)
        #expect(first.keyPath == "network.flows[0].to")
        #expect(first.line == 9)
        #expect(first.column == column(of: "c,", line: 9, in: text))
        #expect(first.message.contains("unknown compartment 'c'"))
        #expect(first.message.contains("known compartments: a, b, out"))
        #expect(last.keyPath == "network.flows[1].from")
        #expect(last.line == 10)
        #expect(last.message.contains("did you mean 'a'?"))
    }

    @Test("'out' is only a destination, and a flow cannot loop", arguments: [
        ("flows:\n  - { from: out, to: a, rate: 1 /day }", "network.flows[0].from", "'out' is not a compartment"),
        ("divisions:\n  - { in: out, rate: 1 /day }", "network.divisions[0].in", "'out' is not a compartment"),
        ("flows:\n  - { from: a, to: a, rate: 1 /day }", "network.flows[0].to", "cannot go from a compartment to itself"),
    ])
    func outAndLoops(extra: String, keyPath: String, message: String) {
        expectSingleError(twoCompartments(extra), line: 9, keyPath: keyPath, contains: [message])
    }

    @Test("rate and half_life: exactly one")
    func rateXorHalfLife() {
        let both = twoCompartments("flows:\n  - { from: a, to: b, rate: 1 /day, half_life: 2 days }")
        expectSingleError(both, line: 9, column: column(of: "half_life", line: 9, in: both), keyPath: "network.flows[0].half_life",
                          contains: ["either 'rate' or 'half_life', not both"])
        let neither = twoCompartments("flows:\n  - { from: a, to: b }")
        expectSingleError(neither, line: 9, column: column(of: "{", line: 9, in: neither), keyPath: "network.flows[0]",
                          contains: ["missing 'rate' or 'half_life'"])
    }

    @Test("reserved compartment names", arguments: ["out", "total"])
    func reservedNames(name: String) {
        let text = scenario(network: "compartments:\n  - { name: a }\n  - { name: \(name) }")
        expectSingleError(text, line: 7, column: column(of: name + " }", line: 7, in: text), keyPath: "network.compartments[1].name",
                          contains: ["'\(name)' is a reserved name"])
    }

    @Test("duplicate compartment names name the first line")
    func duplicateNames() {
        let text = scenario(network: "compartments:\n  - { name: a }\n  - { name: b }\n  - { name: a }")
        expectSingleError(text, line: 8, column: column(of: "a }", line: 8, in: text), keyPath: "network.compartments[2].name",
                          contains: ["duplicate compartment name 'a'", "first declared at line 6"])
    }

    @Test("an empty compartment list is rejected")
    func noCompartments() {
        expectSingleError(scenario(network: "compartments: []"), line: 5, keyPath: "network.compartments",
                          contains: ["at least one compartment"])
    }
}

@Suite("Rejected references")
struct ReferenceErrorTests {
    @Test("a reserved name that no compartment declares is an unknown compartment", arguments: ["total", "out"])
    func undeclaredReserved(name: String) {
        let text = twoCompartments("inflows:\n  - { to: \(name), rate: 1 /day }")
        let found = diagnostics(text)
        #expect(found.count == 1)
        #expect(found.first?.line == 9)
        #expect(found.first?.keyPath == "network.inflows[0].to")
    }

    @Test("a reference to a compartment rejected for its reserved name is reported once")
    func rejectedReserved() {
        let text = scenario(network: "compartments: [{ name: a }, { name: total }]\ndivisions: [{ in: total, rate: 1 /day }]")
        let found = diagnostics(text)
        #expect(found.map(\.keyPath) == ["network.compartments[1].name"])
    }
}
