import RateModel
import Testing
@testable import ScenarioFormat

/// The two-compartment example from the format documentation.
let exampleScenario = """
name: two-compartment example
description: optional free text
horizon: 50 years
output:
  every: 1 year
network:
  compartments:
    - { name: blood, initial: 10000 }
    - { name: marrow }
  flows:
    - { from: blood, to: out, half_life: 2 days }
    - { from: blood, to: marrow, rate: 0.004 /day }
    - { from: marrow, to: blood, rate: 0.0002 /day }
    - { from: marrow, to: out, rate: 0.0012 /day }
  divisions:
    - { in: marrow, rate: 0.001 /day }
  inflows:
    - { to: blood, rate: 2000 /day, start: 0 days, end: 280 days }
  boluses:
    - { to: blood, cells: 500, at: 280 days }

"""

/// A minimal valid scenario with `network` lines appended (indented under `network:`).
func scenario(horizon: String = "10 days", output: String = "every: 1 day", network: String) -> String {
    """
    name: test
    horizon: \(horizon)
    output: { \(output) }
    network:
    \(network.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))

    """
}

/// Compartments `a` (line 6) and `b` (line 7), then `extra` starting at line 8.
func twoCompartments(_ extra: String) -> String {
    scenario(network: """
    compartments:
      - { name: a, initial: 5 }
      - { name: b }
    \(extra)
    """)
}

/// Parses text that must be valid.
func model(_ text: String, overrides: [SetOverride] = []) throws -> NetworkModel {
    try ScenarioLoader.parse(text: text, file: "test.yaml", overrides: overrides).model
}

/// Parses text that must be invalid and returns its diagnostics (empty, with
/// a recorded issue, when the text was accepted or failed differently).
func diagnostics(_ text: String, overrides: [SetOverride] = [], sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        _ = try ScenarioLoader.parse(text: text, file: "test.yaml", overrides: overrides)
        Issue.record("expected the scenario to be rejected", sourceLocation: sourceLocation)
    } catch {
        if case .invalid(let diagnostics) = error { return diagnostics }
        Issue.record("expected .invalid, got \(error)", sourceLocation: sourceLocation)
    }
    return []
}

/// Checks that `text` gives exactly one diagnostic, at `line:column` (column
/// optional) and `keyPath`, whose message contains every string in `contains`;
/// also checks the rendered description names the file, line and key path.
@discardableResult
func expectSingleError(
    _ text: String, line: Int?, column: Int? = nil, keyPath: String, contains: [String],
    file: String = "test.yaml", overrides: [SetOverride] = [], sourceLocation: SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let found = diagnostics(text, overrides: overrides, sourceLocation: sourceLocation)
    guard found.count == 1, let d = found.first else {
        Issue.record("expected one diagnostic, got \(found.count):\n\(found.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
        return nil
    }
    #expect(d.file == file, sourceLocation: sourceLocation)
    #expect(d.line == line, "\(d)", sourceLocation: sourceLocation)
    if let column { #expect(d.column == column, "\(d)", sourceLocation: sourceLocation) }
    #expect(d.keyPath == keyPath, "\(d)", sourceLocation: sourceLocation)
    for fragment in contains {
        #expect(d.message.contains(fragment), "message '\(d.message)' lacks '\(fragment)'", sourceLocation: sourceLocation)
    }
    var prefix = file
    if let line { prefix += ":\(line)" }
    #expect(d.description.hasPrefix(prefix), "\(d)", sourceLocation: sourceLocation)
    if !keyPath.isEmpty { #expect(d.description.contains(" \(keyPath): "), "\(d)", sourceLocation: sourceLocation) }
    return d
}

/// The 1-based column of the first occurrence of `needle` on 1-based `line` of `text`.
func column(of needle: String, line: Int, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.indices.contains(line - 1), let range = lines[line - 1].range(of: needle) else { return nil }
    return lines[line - 1].distance(from: lines[line - 1].startIndex, to: range.lowerBound) + 1
}
