import RateModel
import Testing
@testable import ScenarioFormat

/// Values that would overflow a count, a sum of counts or `rate × time`
/// downstream are rejected at validation, at their key, with the accepted
/// range (`ModelBounds`); values at the bounds are accepted.
@Suite("Numeric bounds at validation")
struct BoundsTests {
    @Test("per-cell rates above 1e6 per day, written as a rate or a half-life, at their key", arguments: [
        ("flows:\n  - { from: a, to: b, rate: 1e308 /day }", "network.flows[0].rate", "1e308"),
        ("flows:\n  - { from: a, to: out, rate: 2e6 per day }", "network.flows[0].rate", "2e6"),
        ("flows:\n  - { from: a, to: b, half_life: 1e-12 days }", "network.flows[0].half_life", "1e-12"),
        ("divisions:\n  - { in: a, rate: 1e300 /day }", "network.divisions[0].rate", "1e300"),
    ])
    func perCellRate(entry: String, keyPath: String, value: String) {
        let text = twoCompartments(entry)
        expectSingleError(text, line: 9, column: column(of: value, line: 9, in: text), keyPath: keyPath,
                          contains: ["too large", "at most 1e6 per day"])
    }

    @Test("an inflow above 2^50 cells per day (the Poisson sampler's trap) at its key")
    func inflowRate() {
        let text = twoCompartments("inflows:\n  - { to: a, rate: 1e16 /day }")
        expectSingleError(text, line: 9, column: column(of: "1e16", line: 9, in: text), keyPath: "network.inflows[0].rate",
                          contains: ["too large", "at most 2^50 ≈ 1.1e15 cells per day"])
    }

    @Test("inflows whose expected arrivals pass 2^50 cells, at the inflow that passes it")
    func inflowArrivals() {
        // Horizon 10 days: 6e13/day brings 6e14, twice 1.2e15 > 2^50 ≈ 1.13e15.
        let text = twoCompartments("inflows:\n  - { to: a, rate: 6e13 /day }\n  - { to: a, rate: 6e13 /day }")
        expectSingleError(text, line: 10, keyPath: "network.inflows[1].rate",
                          contains: ["bring", "more than the 2^50 ≈ 1.1e15 a compartment may hold", "shorten the window"])
        // The same rate into another compartment is within bounds (arrivals are counted per compartment).
        #expect(throws: Never.self) { try model(twoCompartments("inflows:\n  - { to: a, rate: 6e13 /day }\n  - { to: b, rate: 6e13 /day }")) }
    }

    @Test("an initial count or a bolus above 2^50, or their total, at the count that passes it")
    func cells() {
        let initial = scenario(network: "compartments:\n  - { name: a, initial: 9007199254740992 }")
        expectSingleError(initial, line: 6, keyPath: "network.compartments[0].initial",
                          contains: ["9007199254740992 cells", "too large", "at most 2^50"])
        let total = scenario(network: """
            compartments:
              - { name: a, initial: 1e15 }
            boluses:
              - { to: a, cells: 2e14, at: 1 day }
            """)
        expectSingleError(total, line: 8, keyPath: "network.boluses[0].cells",
                          contains: ["brings the cells placed by initial counts and boluses to 1200000000000000", "lower the counts"])
    }

    @Test("a horizon beyond 10,000 years at its key")
    func horizon() {
        let text = scenario(horizon: "1e300 years", output: "times: [0 days]", network: "compartments: [{ name: a }]")
        expectSingleError(text, line: 2, column: 10, keyPath: "horizon", contains: ["longer than 10,000 years", "shorten it"])
    }

    @Test("values at the bounds are accepted")
    func atTheBounds() throws {
        let text = scenario(horizon: "10000 years", output: "every: 100 years", network: """
            compartments:
              - { name: a, initial: 1125899906842624 }
              - { name: b }
            flows:
              - { from: a, to: b, rate: 1e6 /day }
            divisions:
              - { in: b, rate: 1e6 /day }
            inflows:
              - { to: b, rate: 3e8 /day }
            """)
        let m = try model(text)
        #expect(m.compartments[0].initial == ModelBounds.cells)
        #expect(m.boundViolations().isEmpty)
    }

    @Test("a biology-level value out of bounds is reported after compiling, naming the compiled compartment")
    func biologyLevel() {
        let text = biology("""
            events:
              - transfusion: { host: mother, donor: donor, sex: male, at: 30 days, into: blood, cells: { progenitor: 2e15 } }
            """, horizon: "2 years")
        let found = diagnostics(text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.message.contains("after compiling the biology, the bolus into 'mother/donor/progenitor/blood'") == true, "\(found)")
        #expect(found.first?.message.contains("at most 2^50") == true, "\(found)")
    }
}
