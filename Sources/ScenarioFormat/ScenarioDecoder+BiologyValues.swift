import Foundation
import BiologyModel

/// Scalar readers of the biology level: plain numbers with a range, choices,
/// per-cell rates in their three spellings, volumes, times inside the
/// horizon, and names checked against a declared list.
extension ScenarioDecoder {
    /// Range requirement on a plain number.
    enum NumberRange {
        /// `[0, 1]`.
        case probability
        /// `>= 0`.
        case nonNegative
        /// `> 0`.
        case positive
    }

    /// Reads a plain number (no unit) in `range`; `expected` describes it for messages.
    mutating func number(_ node: YAMLNode, path: NodePath, range: NumberRange, expected: String) -> Double? {
        guard let text = scalarText(node, path: path, expected: expected) else { return nil }
        let value: Double
        switch Units.scanPlainNumber(text) {
        case .failure(.nonFinite):
            sink.report("'\(text)' is not a finite number; expected \(expected)", at: node.position, path: path)
            return nil
        case .failure:
            sink.report("expected \(expected), got \(node.kindDescription)", at: node.position, path: path)
            return nil
        case .success(let scanned):
            value = scanned + 0 // -0 becomes 0
        }
        switch range {
        case .probability where !(0...1).contains(value):
            sink.report("must be between 0 and 1 (a probability), got '\(text)'", at: node.position, path: path)
            return nil
        case .nonNegative where value < 0:
            sink.report("must not be negative, got '\(text)'; expected \(expected)", at: node.position, path: path)
            return nil
        case .positive where value <= 0:
            sink.report("must be greater than zero, got '\(text)'; expected \(expected)", at: node.position, path: path)
            return nil
        default:
            return value
        }
    }

    /// Reads a probability in `[0, 1]`.
    mutating func probability(_ node: YAMLNode, path: NodePath) -> Double? {
        number(node, path: path, range: .probability, expected: "a probability between 0 and 1 such as '0.2'")
    }

    /// Reads a whole number `>= minimum` (and at most 2^53) with no unit.
    mutating func wholeNumber(_ node: YAMLNode, path: NodePath, minimum: Int, expected: String) -> Int? {
        guard let value = number(node, path: path, range: .nonNegative, expected: expected) else { return nil }
        let text = node.scalarText ?? ""
        if value.rounded() != value {
            sink.report("expected \(expected), got '\(text)', which is not a whole number", at: node.position, path: path)
            return nil
        }
        if value < Double(minimum) {
            sink.report("must be at least \(minimum), got '\(text)'; expected \(expected)", at: node.position, path: path)
            return nil
        }
        if value > Double(Self.maximumCells) {
            sink.report("'\(text)' is too large: at most 2^53 = \(Self.maximumCells)", at: node.position, path: path)
            return nil
        }
        return Int(value)
    }

    /// Reads one of a fixed set of words (`male`, `live_birth`, ...), suggesting
    /// the closest for a misspelling.
    mutating func choice<T>(_ node: YAMLNode, path: NodePath, noun: String, options: [(String, T)]) -> T? {
        let names = options.map(\.0)
        guard let text = text(node, path: path) else { return nil }
        if let match = options.first(where: { $0.0 == text }) { return match.1 }
        sink.report("unknown \(noun) '\(text)'; \(KeySuggestion.hint(for: text, among: names, noun: "valid choices"))",
                    at: node.position, path: path)
        return nil
    }

    /// Reads `male` or `female`.
    mutating func sex(_ node: YAMLNode, path: NodePath) -> Sex? {
        choice(node, path: path, noun: "sex", options: Sex.allCases.map { ($0.rawValue, $0) })
    }

    /// Keys of the mapping form of a per-cell rate.
    static let perCellRateKeys = ["rate", "half_life"]

    /// Reads a per-cell rate per day, written `0.35 /day`, `{ rate: 0.35 /day }`
    /// or `{ half_life: 2 days }` (rate `ln 2 / half-life`).
    mutating func perCellRate(_ node: YAMLNode, path: NodePath) -> Double? {
        if node.scalarText != nil { return rate(node, path: path, kind: .perCell) }
        guard node.entries != nil else {
            sink.report("expected a rate such as '0.35 /day', '{ rate: 0.35 /day }' or '{ half_life: 2 days }', got \(node.kindDescription)",
                        at: node.position, path: path)
            return nil
        }
        guard let fields = fields(node, path: path, expected: "a rate", keys: Self.perCellRateKeys) else { return nil }
        switch (fields["rate"], fields["half_life"]) {
        case (nil, nil):
            sink.report("give 'rate' (e.g. 'rate: 0.35 /day') or 'half_life' (e.g. 'half_life: 2 days')", at: node.position, path: path)
            return nil
        case (.some, .some):
            sink.report("give either 'rate' or 'half_life', not both", at: fields.keyPosition("half_life")!, path: path.key("half_life"))
            return nil
        case (let rateNode?, nil):
            return rate(rateNode, path: path.key("rate"), kind: .perCell)
        case (nil, let halfLifeNode?):
            guard let halfLife = time(halfLifeNode, path: path.key("half_life"), requirement: .positive) else { return nil }
            let rate = log(2.0) / halfLife
            guard rate.isFinite else {
                sink.report("half-life '\(halfLifeNode.scalarText ?? "")' is too short: the rate is not finite",
                            at: halfLifeNode.position, path: path.key("half_life"))
                return nil
            }
            return rate
        }
    }

    /// Reads a volume greater than zero (`10 mL`, `5 L`), in millilitres.
    mutating func volume(_ node: YAMLNode, path: NodePath) -> Double? {
        let expected = "a volume with a unit such as '10 mL'"
        guard let text = scalarText(node, path: path, expected: expected) else { return nil }
        switch Units.scanVolumeMilliliters(text) {
        case .failure(.unknownUnit(let unit)):
            let suggestion = KeySuggestion.closest(to: unit, among: Array(Units.millilitersPerUnit.keys).sorted())
                .map { "did you mean '\($0)'? " } ?? ""
            sink.report("unknown volume unit '\(unit)' in '\(text)'; \(suggestion)(units: \(Units.volumeUnitList))", at: node.position, path: path)
            return nil
        case .failure(.nonFinite):
            sink.report("'\(text)' is not a finite value; expected \(expected)", at: node.position, path: path)
            return nil
        case .failure:
            sink.report("expected \(expected), got \(node.kindDescription)", at: node.position, path: path)
            return nil
        case .success(let milliliters):
            if milliliters <= 0 {
                sink.report("must be greater than zero, got '\(text)'", at: node.position, path: path)
                return nil
            }
            return milliliters
        }
    }

    /// Reads a time in `[0, horizon]` (snapped to the horizon within 1e-12
    /// relative); `what` names it in the message. Without a valid horizon the
    /// time is returned unchecked against it.
    mutating func timeInHorizon(_ node: YAMLNode, path: NodePath, what: String) -> Double? {
        guard let t = time(node, path: path, requirement: .nonNegative) else { return nil }
        guard let horizon else { return t }
        let snapped = Self.snapped(t, toHorizon: horizon)
        if snapped > horizon {
            sink.report("\(what) '\(node.scalarText ?? "")' (\(Self.days(t))) is after the horizon (\(Self.days(horizon)))",
                        at: node.position, path: path)
            return nil
        }
        return snapped
    }

    /// Checks that a computed end time is not after the horizon, reporting at
    /// `node` with `explanation` (how the end was computed) otherwise.
    mutating func endInsideHorizon(_ end: Double, node: YAMLNode, path: NodePath, explanation: String) -> Bool {
        guard let horizon, Self.snapped(end, toHorizon: horizon) > horizon else { return true }
        sink.report("\(explanation) ends at \(Self.days(end)), after the horizon (\(Self.days(horizon))); it must end inside the simulated time",
                    at: node.position, path: path)
        return false
    }

    /// Reads a name that must be one of `known` (`nil`: the list is itself
    /// broken and was reported, so the name is returned unchecked).
    mutating func name(_ node: YAMLNode, path: NodePath, among known: [String]?, noun: String) -> String? {
        guard let text = text(node, path: path) else { return nil }
        guard let known, !known.contains(text) else { return text }
        sink.report("unknown \(noun) '\(text)'; \(KeySuggestion.hint(for: text, among: known, noun: "known \(noun)s"))",
                    at: node.position, path: path)
        return nil
    }

    /// The entries of a mapping whose keys are names (tissues, cell types),
    /// reporting any other kind of node; an empty value gives no entries.
    mutating func namedEntries(_ node: YAMLNode, path: NodePath, expected: String) -> [YAMLNode.Entry]? {
        if node.isNull { return [] }
        guard let entries = node.entries else {
            sink.report("expected \(expected), got \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
        return entries
    }

    /// Checks that `values` (read from the mapping or list at `node`) sum to 1
    /// within 1e-9; `what` names them.
    mutating func checkSumIsOne(_ values: [Double], node: YAMLNode, path: NodePath, what: String, advice: String = "") -> Bool {
        let sum = values.reduce(0, +)
        if abs(sum - 1) <= 1e-9 { return true }
        sink.report("\(what) must sum to 1, but they sum to \(sum)\(advice)", at: node.position, path: path)
        return false
    }
}
