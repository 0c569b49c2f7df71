/// Reading numbers, times and rates from scalars, with precise messages.
extension ScenarioDecoder {
    /// Range requirement on a time value.
    enum TimeRequirement {
        /// `>= 0`.
        case nonNegative
        /// `> 0`.
        case positive
    }

    /// What a rate measures, for messages.
    enum RateKind {
        /// A per-cell hazard (`0.004 /day`).
        case perCell
        /// Cells arriving per unit time (`2000 /day`).
        case cellsPerTime

        var expected: String {
            switch self {
            case .perCell: "a rate with a time unit such as '0.004 /day' or '0.004 per day'"
            case .cellsPerTime: "a number of cells per unit time such as '2000 /day' or '2000 per day'"
            }
        }
    }

    /// Example of a well-formed time, for messages.
    static let timeExample = "a time with a unit such as '280 days' or '6 months'"

    /// Reads a time in days (`280 days`, `6 months`), reporting bad text or range.
    mutating func time(_ node: YAMLNode, path: NodePath, requirement: TimeRequirement) -> Double? {
        guard let text = scalarText(node, path: path, expected: Self.timeExample) else { return nil }
        switch Units.scanTime(text) {
        case .failure(let problem):
            report(problem, text: text, node: node, expected: Self.timeExample, path: path)
            return nil
        case .success(let days):
            return checkRange(days + 0, requirement: requirement, text: text, node: node, path: path)
        }
    }

    /// Reads a rate per day (`0.004 /day`, `2000 per week`), which must be `>= 0`.
    mutating func rate(_ node: YAMLNode, path: NodePath, kind: RateKind) -> Double? {
        guard let text = scalarText(node, path: path, expected: kind.expected) else { return nil }
        switch Units.scanRatePerDay(text) {
        case .failure(let problem):
            report(problem, text: text, node: node, expected: kind.expected, path: path)
            return nil
        case .success(let perDay):
            return checkRange(perDay + 0, requirement: .nonNegative, text: text, node: node, path: path)
        }
    }

    /// Largest cell count accepted: 2^53, the largest integer every Double holds exactly.
    static let maximumCells = 9_007_199_254_740_992

    /// Reads a whole number of cells (`10000`, `1e4`), `0...2^53`.
    mutating func cells(_ node: YAMLNode, path: NodePath) -> Int? {
        wholeNumber(node, path: path, minimum: 0, expected: "a whole number of cells such as '10000'")
    }

    /// Reports a scanning problem in the words of the field.
    private mutating func report(_ problem: Units.Problem, text: String, node: YAMLNode, expected: String, path: NodePath) {
        let message: String
        switch problem {
        case .empty, .notANumber, .missingUnit, .missingPer:
            message = "expected \(expected), got \(node.kindDescription)"
        case .unknownUnit(let unit):
            let spellings = Units.unitGroups.flatMap(\.spellings)
            let suggestion = KeySuggestion.closest(to: unit, among: spellings).map { "did you mean '\($0)'? " } ?? ""
            message = "unknown time unit '\(unit)' in '\(text)'; \(suggestion)(units: \(Units.unitList))"
        case .nonFinite:
            message = "'\(text)' is not a finite value; expected \(expected)"
        }
        sink.report(message, at: node.position, path: path)
    }

    /// Applies a range requirement to a parsed value.
    private mutating func checkRange(_ value: Double, requirement: TimeRequirement, text: String, node: YAMLNode, path: NodePath) -> Double? {
        if value < 0 {
            sink.report("must not be negative, got '\(text)'", at: node.position, path: path)
            return nil
        }
        if requirement == .positive, value == 0 {
            sink.report("must be greater than zero, got '\(text)'", at: node.position, path: path)
            return nil
        }
        return value
    }

    /// `value` snapped to the horizon when within a relative 1e-12 of it, so a
    /// time written in other units (`600 months` for `50 years`) still matches.
    static func snapped(_ value: Double, toHorizon horizon: Double) -> Double {
        abs(value - horizon) <= 1e-12 * horizon ? horizon : value
    }

    /// `280 days`, `18262.5 days`: a day count for messages.
    static func days(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int(value)) days" }
        return "\(value) days"
    }
}
