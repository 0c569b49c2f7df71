import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

@Suite("The documented example")
struct ExampleScenarioTests {
    @Test("parses to exactly the expected NetworkModel")
    func exampleModel() throws {
        let loaded = try ScenarioLoader.parse(text: exampleScenario, file: "example.yaml")
        let horizon = 50 * 365.25
        let expected = NetworkModel(
            name: "two-compartment example",
            horizon: horizon,
            outputTimes: (0...50).map { Double($0) * 365.25 },
            compartments: [Compartment(name: "blood", initial: 10000), Compartment(name: "marrow", initial: 0)],
            flows: [
                Flow(from: 0, to: .out, rate: log(2.0) / 2, window: TimeWindow(start: 0, end: horizon)),
                Flow(from: 0, to: .compartment(1), rate: 0.004, window: TimeWindow(start: 0, end: horizon)),
                Flow(from: 1, to: .compartment(0), rate: 0.0002, window: TimeWindow(start: 0, end: horizon)),
                Flow(from: 1, to: .out, rate: 0.0012, window: TimeWindow(start: 0, end: horizon)),
            ],
            divisions: [Division(compartment: 1, rate: 0.001, window: TimeWindow(start: 0, end: horizon))],
            inflows: [Inflow(compartment: 0, rate: 2000, window: TimeWindow(start: 0, end: 280))],
            boluses: [Bolus(compartment: 0, cells: 500, time: 280)])
        #expect(loaded.model == expected)
        // Field by field, so a failure says which one.
        let m = loaded.model
        #expect(m.name == "two-compartment example")
        #expect(m.horizon == 18262.5)
        #expect(m.outputTimes.count == 51)
        #expect(m.outputTimes.first == 0)
        #expect(m.outputTimes.last == 18262.5)
        #expect(m.outputTimes[1] == 365.25)
        #expect(m.compartments == [Compartment(name: "blood", initial: 10000), Compartment(name: "marrow", initial: 0)])
        #expect(m.flows.count == 4)
        #expect(m.flows[0].rate == 0.6931471805599453 / 2)
        #expect(m.flows[0].to == .out)
        #expect(m.flows[1].to == .compartment(1))
        #expect(m.flows.map(\.window) == Array(repeating: TimeWindow(start: 0, end: 18262.5), count: 4))
        #expect(m.divisions == [Division(compartment: 1, rate: 0.001, window: TimeWindow(start: 0, end: 18262.5))])
        #expect(m.inflows == [Inflow(compartment: 0, rate: 2000, window: TimeWindow(start: 0, end: 280))])
        #expect(m.boluses == [Bolus(compartment: 0, cells: 500, time: 280)])
        #expect(m.invariantViolations().isEmpty)
        #expect(loaded.file == "example.yaml")
        #expect(loaded.sourceBytes == Array(exampleScenario.utf8))
        #expect(loaded.overrides.isEmpty)
    }

    @Test("quoted and unquoted scalars mean the same")
    func quotedScalars() throws {
        let quoted = exampleScenario
            .replacingOccurrences(of: "rate: 0.004 /day", with: "rate: \"0.004 /day\"")
            .replacingOccurrences(of: "initial: 10000", with: "initial: '10000'")
        #expect(try model(quoted) == model(exampleScenario))
    }

    @Test("output times merge the grid with explicit times, sorted and distinct")
    func outputTimes() throws {
        let text = scenario(horizon: "1 year", output: "every: 6 months, times: [0 days, 4 days, 1 month, 6 months, 1 year, 16 min]",
                            network: "compartments: [{ name: a }]")
        let expected = [0, 16.0 / 1440, 4, 30.4375, 182.625, 365.25]
        #expect(try model(text).outputTimes == expected)
    }

    @Test("output times alone, without a grid")
    func outputTimesOnly() throws {
        let text = scenario(output: "times: [3 days, 1 day, 3 days]", network: "compartments: [{ name: a }]")
        #expect(try model(text).outputTimes == [1, 3])
    }

    @Test("a grid that does not divide the horizon stops below it")
    func gridBelowHorizon() throws {
        let text = scenario(horizon: "10 days", output: "every: 3 days", network: "compartments: [{ name: a }]")
        #expect(try model(text).outputTimes == [0, 3, 6, 9])
    }

    @Test("the grid is computed by multiplication: 0.1 day steps land on k/10 and end at the horizon")
    func gridByMultiplication() throws {
        let text = scenario(horizon: "1 day", output: "every: 0.1 days", network: "compartments: [{ name: a }]")
        let times = try model(text).outputTimes
        #expect(times.count == 11)
        #expect(times.last == 1)
        #expect(times[3] == 3 * 0.1)
        #expect(times[7] == 7 * 0.1)
    }

    @Test("a grid point within 1e-12 of the horizon becomes the horizon (3 × 0.1 > 0.3 in binary)")
    func gridSlack() throws {
        #expect(3 * 0.1 > 0.3) // the premise of this test
        let text = scenario(horizon: "0.3 days", output: "every: 0.1 days", network: "compartments: [{ name: a }]")
        #expect(try model(text).outputTimes == [0, 0.1, 0.2, 0.3])
    }

    @Test("a window end written in other units snaps to the horizon")
    func windowEndSnaps() throws {
        let text = scenario(horizon: "50 years", output: "every: 10 years", network: """
        compartments: [{ name: a }]
        divisions: [{ in: a, rate: 1 /year, start: 1 month, end: 600 months }]
        """)
        #expect(try model(text).divisions == [Division(compartment: 0, rate: 1 / 365.25, window: TimeWindow(start: 30.4375, end: 18262.5))])
    }

    @Test("empty optional lists and description are accepted")
    func emptyOptionals() throws {
        let text = scenario(network: """
        compartments: [{ name: a, initial: 1e4 }]
        flows:
        divisions: []
        """).replacingOccurrences(of: "name: test\n", with: "name: test\ndescription:\n")
        let m = try model(text)
        #expect(m.compartments == [Compartment(name: "a", initial: 10000)])
        #expect(m.flows.isEmpty && m.divisions.isEmpty)
    }

    @Test("flows between the same pair and zero rates are allowed")
    func zeroRates() throws {
        let text = twoCompartments("""
        flows:
          - { from: a, to: b, rate: 0 /day }
          - { from: a, to: b, rate: 1 per week }
        """)
        #expect(try model(text).flows.map(\.rate) == [0, 1.0 / 7])
    }

    @Test("load reads the file and keeps its exact bytes")
    func loadFromFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString).yaml")
        let bytes = Array(("\u{FEFF}" + exampleScenario).utf8)
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let loaded = try ScenarioLoader.load(path: url.path)
        #expect(loaded.sourceBytes == bytes)
        #expect(loaded.file == url.path)
        #expect(try loaded.model == model(exampleScenario))
    }

    @Test("load on a missing file is .unreadable with the path")
    func missingFile() {
        let path = "/nonexistent/dir/scenario-\(UUID().uuidString).yaml"
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("expected an error")
        } catch {
            guard case .unreadable(let file, let reason, _) = error else {
                Issue.record("expected .unreadable, got \(error)")
                return
            }
            #expect(file == path)
            #expect(!reason.isEmpty)
            #expect(error.description.contains(path))
        }
    }

    @Test("load on a file that is not UTF-8 is .invalid at the first invalid byte")
    func notUTF8() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString).yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            try ScenarioLoader.load(path: url.path)
        } throws: { error in
            guard case .invalid(let diagnostics)? = error as? ScenarioError, let d = diagnostics.first else { return false }
            return diagnostics.count == 1 && d.file == url.path && d.line == 1 && d.column == 7 && d.message.contains("UTF-8")
        }
    }
}
